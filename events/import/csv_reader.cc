#include "events/import/csv_reader.h"

#include <algorithm>

#include "events/import/text_normalise.h"

namespace mrtrack::events::import {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

char GuessDelimiter(std::string_view text) {
  std::size_t commas = 0, semicolons = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    commas += c == ',';
    semicolons += c == ';';
  }
  return semicolons > commas ? ';' : ',';
}

class Reader {
 public:
  Reader(std::string_view text, char delimiter) : s_(text), delimiter_(delimiter) {}

  Result<CsvTable> Read() {
    CsvTable table;
    table.delimiter = delimiter_;
    int row = 0;
    while (pos_ < s_.size()) {
      ++row;
      CsvRecord record{row, line_, {}};
      MRTRACK_RETURN_IF_ERROR(ReadRecord(record));
      bool empty = std::all_of(record.fields.begin(), record.fields.end(),
                               [](const std::string& f) { return f.empty(); });
      if (!empty) table.records.push_back(std::move(record));
    }
    return table;
  }

 private:
  bool AtLineEnd() const { return pos_ < s_.size() && (s_[pos_] == '\n' || s_[pos_] == '\r'); }
  void SkipLineEnd() {
    if (s_[pos_] == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }
  Status Error(const CsvRecord& r, std::size_t column, const std::string& what, int line) const {
    return InvalidArgument(what + " (line " + std::to_string(line) + ")",
                           CsvCell(r.row, static_cast<int>(column)));
  }

  // One record, up to and including its line end.
  Status ReadRecord(CsvRecord& r) {
    for (;;) {
      std::string field;
      std::size_t column = r.fields.size() + 1;
      std::size_t lead = pos_;  // blanks before an opening quote are not part of the field
      while (lead < s_.size() && (s_[lead] == ' ' || s_[lead] == '\t')) ++lead;
      if (lead < s_.size() && s_[lead] == '"') {
        int opened = line_;
        pos_ = lead + 1;
        for (;;) {
          if (pos_ >= s_.size()) {
            return Error(r, column, "a quoted field never closes: a '\"' is missing", opened);
          }
          char c = s_[pos_];
          if (c == '"') {
            if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
              field.push_back('"');
              pos_ += 2;
              continue;
            }
            ++pos_;
            break;
          }
          if (c == '\n' || (c == '\r')) {
            // Line breaks inside a field are kept as "\n", whatever the file uses.
            field.push_back('\n');
            SkipLineEnd();
            continue;
          }
          field.push_back(c);
          ++pos_;
        }
        std::size_t after = pos_;
        while (after < s_.size() && (s_[after] == ' ' || s_[after] == '\t')) ++after;
        if (after < s_.size() && s_[after] != delimiter_ && s_[after] != '\n' && s_[after] != '\r') {
          return Error(r, column, "text after the closing quote of a quoted field", line_);
        }
        pos_ = after;
      } else {
        std::size_t start = pos_;
        while (pos_ < s_.size() && s_[pos_] != delimiter_ && !AtLineEnd()) {
          if (s_[pos_] == '"') {
            return Error(r, column, "a '\"' inside a field that does not start with one (quote the whole field "
                                    "and double the quote)", line_);
          }
          ++pos_;
        }
        field = std::string(Trim(s_.substr(start, pos_ - start)));
      }
      if (auto bad = FirstInvalidUtf8(field)) {
        return Error(r, column, "the text is not UTF-8 (byte " + std::to_string(*bad + 1) +
                                    " of the field); save the spreadsheet as CSV UTF-8", line_);
      }
      r.fields.push_back(std::move(field));
      if (pos_ >= s_.size()) return Status::Ok();
      if (AtLineEnd()) {
        SkipLineEnd();
        return Status::Ok();
      }
      ++pos_;  // the delimiter
    }
  }

  std::string_view s_;
  char delimiter_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

std::string CsvCell(int row, int column) {
  return "row " + std::to_string(row) + ", column " + std::to_string(column);
}

Result<CsvTable> ReadCsv(std::string_view text, std::optional<char> delimiter) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  return Reader(text, delimiter.value_or(GuessDelimiter(text))).Read();
}

}  // namespace mrtrack::events::import
