// CsvReader: the records of a CSV text as RFC 4180 defines them, and as
// spreadsheet programs write them.
//
// - Fields are separated by the delimiter (',' or ';': Excel writes ';' where
//   the decimal separator is a comma); records end with CRLF, LF or CR.
// - A field in double quotes may hold delimiters, line breaks and quotes
//   (doubled: "say ""yes"""); its quotes are removed.
// - A UTF-8 byte-order mark at the start is dropped.
// - Records with no text at all (an empty line, or only delimiters) are
//   skipped: spreadsheets write them below the data.
// - Fields are returned as written (no trimming inside quotes); unquoted
//   fields lose blanks at both ends.
//
// Errors are kInvalidArgument with field "row R, column C" (R the record, 1
// for the header; C 1-based) and "line N" in the message: a quoted field that
// never closes, text between a closing quote and the delimiter, a quote
// inside an unquoted field, text that is not UTF-8.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace mrtrack::events::import {

struct CsvRecord {
  int row = 0;   // 1-based record number, counting skipped empty records too.
  int line = 0;  // Source line where the record starts.
  std::vector<std::string> fields;
};

struct CsvTable {
  char delimiter = ',';
  std::vector<CsvRecord> records;  // The header is records[0].
};

// `delimiter` nullopt: the one of ',' and ';' that occurs more often outside
// quotes in the first record (',' when neither does).
Result<CsvTable> ReadCsv(std::string_view text, std::optional<char> delimiter = std::nullopt);

// "row R, column C": the field of errors and warnings about one cell.
std::string CsvCell(int row, int column);

}  // namespace mrtrack::events::import
