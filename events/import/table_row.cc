#include "events/import/table_row.h"

#include <algorithm>

#include "events/import/key_action_fields.h"
#include "events/import/source_stamps.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import {
namespace {

constexpr std::size_t kColumns = 5;  // description, responsible, deadline, status, comment

bool IsColumnWord(std::string_view word) {
  static constexpr std::string_view kWords[] = {"key", "action", "actions", "description", "responsible",
                                                "responsibles", "unit", "units", "deadline", "deadlines",
                                                "status", "comment", "comments", "(s)", "duedate", "due",
                                                "date", "documents", "document"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// All words of `text` (folded, "|" and ":" as spaces) are column titles, and there is at least one.
bool AllColumnWords(std::string_view text) {
  std::string folded = FoldKey(text);
  std::replace(folded.begin(), folded.end(), '|', ' ');
  std::replace(folded.begin(), folded.end(), ':', ' ');
  std::size_t words = 0;
  for (std::size_t i = 0; i < folded.size();) {
    if (folded[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t j = std::min(folded.find(' ', i), folded.size());
    if (!IsColumnWord(std::string_view(folded).substr(i, j - i))) return false;
    ++words;
    i = j;
  }
  return words > 0;
}

std::string LineField(int line) { return "line " + std::to_string(line); }

}  // namespace

// "|" alone is an empty cell that closes (typically an empty comment), not a new row.
bool StartsTableRow(std::string_view line) { return line.size() > 1 && line.front() == '|'; }

std::vector<TableCell> SplitTableRow(const std::vector<TableLine>& lines) {
  std::vector<TableCell> cells;
  TableCell current;
  bool open = false;  // `current` holds text of a cell not yet closed by "|".
  for (std::size_t n = 0; n < lines.size(); ++n) {
    std::string_view s = lines[n].text;
    if (n == 0 && StartsTableRow(s)) s.remove_prefix(1);
    for (;;) {
      std::size_t bar = s.find('|');
      std::string_view piece = Trim(s.substr(0, bar));
      if (!open) current = TableCell{lines[n].number, {}};
      if (!piece.empty()) {
        if (!current.text.empty()) current.text += "\n";
        current.text += piece;
      }
      open = true;
      if (bar == std::string_view::npos) break;  // The cell goes on on the next line.
      cells.push_back(std::move(current));
      current = TableCell{};
      open = false;
      s.remove_prefix(bar + 1);
      if (Trim(s).empty()) break;
    }
  }
  if (open && !current.text.empty()) cells.push_back(std::move(current));
  return cells;
}

bool IsColumnHeader(const std::vector<TableCell>& cells) {
  bool any = false;
  for (const auto& cell : cells) {
    if (cell.text.empty()) continue;
    if (!AllColumnWords(cell.text)) return false;
    any = true;
  }
  return any;
}

bool IsColumnTitle(std::string_view text) { return AllColumnWords(text); }

bool IsColumnHeaderLine(std::string_view line) {
  std::string folded = FoldKey(line);
  bool deadline = folded.find("deadline") != std::string::npos || folded.find("due") != std::string::npos;
  return AllColumnWords(line) && folded.find("responsible") != std::string::npos && deadline;
}

Result<std::optional<ParsedKeyAction>> ReadTableRow(const std::vector<TableCell>& cells, int row_line,
                                                    const ResponsibleMatcher& matcher) {
  if (cells.size() > kColumns) {
    return InvalidArgument("table row has " + std::to_string(cells.size()) +
                               " cells; expected at most 5 (description, responsible, deadline, status, comment)",
                           LineField(cells[kColumns].line));
  }
  bool all_empty = std::all_of(cells.begin(), cells.end(), [](const TableCell& c) { return c.text.empty(); });
  if (all_empty || IsColumnHeader(cells)) return std::optional<ParsedKeyAction>();
  std::vector<TableCell> c = cells;
  c.resize(kColumns, TableCell{row_line, {}});
  MRTRACK_ASSIGN_OR_RETURN(ParsedKeyAction action, ActionFromCells(c, row_line, matcher));
  return std::optional<ParsedKeyAction>(std::move(action));
}

Result<ParsedKeyAction> ActionFromCells(const std::vector<TableCell>& c, int row_line,
                                        const ResponsibleMatcher& matcher) {
  ParsedKeyAction action;
  action.line = row_line;
  std::string description = c[0].text;
  action.stamps = TakeSourceStamps(description);
  if (std::size_t nl = description.find('\n'); nl != std::string::npos) {
    DescriptionPrefix alone = SplitDescriptionPrefix(description.substr(0, nl) + " x");
    if (alone.rest == "x") description[nl] = ' ';  // "KAZ:" on a line of its own before the description
  }
  DescriptionPrefix prefix = SplitDescriptionPrefix(description);
  action.label = prefix.label;
  action.scope = prefix.scope;
  action.description = prefix.rest;
  action.responsible = matcher.MatchText(c[1].text, "column");
  if (!c[2].text.empty()) {
    auto deadline = ParseDeadline(c[2].text);
    if (!deadline.ok()) {
      return InvalidArgument("impossible deadline: " + deadline.status().message(), LineField(c[2].line));
    }
    action.deadline = *deadline;
  }
  if (!c[3].text.empty()) {
    action.status = ParseLegacyStatus(c[3].text);
    action.status_raw = c[3].text;
  }
  action.comment = c[4].text;
  return action;
}

}  // namespace mrtrack::events::import
