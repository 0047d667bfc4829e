// Reading key actions from the table rendering of a management response:
// a row starts with a line that begins with "| ", each cell ends with " |"
// (a line "|" alone is an empty cell),
// and a line that does not end with "|" continues its cell on the next line:
//
//   | UN women will conduct consultation meetings ... |
//   Programme Team UN Women Kazakhstan CO |
//   2025/03 |
//   Initiated |
//   The consultation sessions will be conducted ... |
//
// Several cells may share a line ("| a | b | 2025/03 | Initiated | c |").
// Cells, in order: description, responsible, deadline, status, comment;
// missing trailing cells are empty. A literal "|" inside a cell cannot be
// told from a separator.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "events/import/parsed_evaluation.h"
#include "events/import/responsible_matcher.h"

namespace mrtrack::events::import {

struct TableLine {
  int number = 0;
  std::string text;  // Cleaned (text_normalise.h CleanLine).
};

struct TableCell {
  int line = 0;      // Where the cell starts.
  std::string text;  // Lines of a multi-line cell joined by "\n".
};

bool StartsTableRow(std::string_view line);

// Splits the lines of one row (the first starts with "|") into cells.
std::vector<TableCell> SplitTableRow(const std::vector<TableLine>& lines);

// True when every non-empty cell (or word of a flat line) is a column title:
// "Key Action(s)", "Description", "Responsible", "Deadline", "Status", "Comments".
bool IsColumnHeader(const std::vector<TableCell>& cells);
// One cell's text is column titles only ("Key Action", "Responsible |").
bool IsColumnTitle(std::string_view text);
bool IsColumnHeaderLine(std::string_view line);

// nullopt for a column-header row or an empty row. Errors (field "line N"):
// more than five cells, an impossible deadline. A status cell that is no
// label (unknown, or cut: "Compl") is kept in status_raw, status unset.
Result<std::optional<ParsedKeyAction>> ReadTableRow(const std::vector<TableCell>& cells, int row_line,
                                                    const ResponsibleMatcher& matcher);

// The action of exactly five cells (description, responsible, deadline,
// status, comment; empty text = not given), as ReadTableRow reads them. A
// description cell whose first line is only a scope or a number ("KAZ:",
// "1.2.") is joined to the rest with a space.
Result<ParsedKeyAction> ActionFromCells(const std::vector<TableCell>& five, int row_line,
                                        const ResponsibleMatcher& matcher);

}  // namespace mrtrack::events::import
