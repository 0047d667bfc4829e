#include "daemon/cli/text_table.h"

#include <algorithm>

namespace mrtrack::cli {

std::size_t DisplayWidth(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;  // count lead bytes only
  }
  return n;
}

std::string Truncate(const std::string& s, std::size_t width) {
  if (width == 0 || DisplayWidth(s) <= width) return s;
  std::string out;
  std::size_t cols = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool lead = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (lead && ++cols > width - 1) break;
    out.push_back(s[i]);
  }
  return out + "…";
}

TextTable::TextTable(std::vector<std::string> header, std::vector<std::size_t> max_widths)
    : header_(std::move(header)), max_widths_(std::move(max_widths)) {
  max_widths_.resize(header_.size(), 0);
}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(header_.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::replace(cells[i].begin(), cells[i].end(), '\n', ' ');
    cells[i] = Truncate(cells[i], max_widths_[i]);
  }
  rows_.push_back(std::move(cells));
}

void TextTable::Print(std::ostream& out) const {
  std::vector<std::size_t> widths(header_.size());
  for (std::size_t i = 0; i < header_.size(); ++i) widths[i] = DisplayWidth(header_[i]);
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out << row[i];
      if (i + 1 < row.size()) out << std::string(widths[i] - DisplayWidth(row[i]) + 2, ' ');
    }
    out << "\n";
  };
  print_row(header_);
  for (const auto& row : rows_) print_row(row);
}

}  // namespace mrtrack::cli
