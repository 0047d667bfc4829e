// TextTable: aligned plain-text columns for people at a terminal.
// Cells longer than the column's width limit are cut with "…".
// Not thread-safe; build, print, discard.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace mrtrack::cli {

class TextTable {
 public:
  // `max_widths[i]` limits column i (0 = unlimited); missing entries are unlimited.
  explicit TextTable(std::vector<std::string> header, std::vector<std::size_t> max_widths = {});
  void AddRow(std::vector<std::string> cells);
  void Print(std::ostream& out) const;
  std::size_t rows() const { return rows_.size(); }

 private:
  std::vector<std::string> header_;
  std::vector<std::size_t> max_widths_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text (code points; every one counted as one column).
std::size_t DisplayWidth(const std::string& s);
// Cuts `s` to at most `width` columns, ending in "…" when cut.
std::string Truncate(const std::string& s, std::size_t width);

}  // namespace mrtrack::cli
