#include "events/import/table_section.h"

#include <algorithm>
#include <array>

#include "events/import/gate_reader.h"
#include "events/import/key_action_fields.h"
#include "events/import/latin_letters.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import {
namespace {

constexpr int kColumns = 5;  // description, responsible, deadline, status, comment
constexpr int kDeadlineSlot = 2, kStatusSlot = 3, kCommentSlot = 4, kDocumentsSlot = 5;
constexpr char kEndsInside[] =
    "the text ends inside a key action; the fragment is kept as this action: check it against the source";

struct Cell {
  int line = 0;
  std::string text;
  bool row_start = false;  // The line began with "|": a row of the first layout starts here.
  bool closed = false;     // A "|" ended the cell.
};

// ERC pages have a sixth column, Documents: its title is a cell of its own or stands in the column header line.
bool HasDocumentsColumn(const std::vector<TableLine>& lines) {
  return std::any_of(lines.begin(), lines.end(), [](const TableLine& l) {
    if (!IsColumnTitle(l.text)) return false;
    std::string key = FoldKey(l.text);
    return key.find("document") != std::string::npos;
  });
}

bool IsSkippedLine(std::string_view line) {
  return (gate::IsKeyActionsHeading(line) && !StartsTableRow(line)) || IsColumnHeaderLine(line);
}

std::vector<Cell> SplitCells(const std::vector<TableLine>& lines) {
  std::vector<Cell> cells;
  Cell current;
  bool open = false;
  for (const TableLine& l : lines) {
    std::string_view s = l.text;
    if (!open && IsSkippedLine(s)) continue;
    bool row_start = StartsTableRow(s);
    if (row_start) {
      if (open && !current.text.empty()) cells.push_back(std::move(current));
      open = false;
      s.remove_prefix(1);
    }
    for (;;) {
      std::size_t bar = s.find('|');
      std::string_view piece = Trim(s.substr(0, bar));
      if (!open) {
        current = Cell{l.number, {}, row_start, false};
        row_start = false;
      }
      if (!piece.empty()) {
        if (!current.text.empty()) current.text += "\n";
        current.text += piece;
      }
      open = true;
      if (bar == std::string_view::npos) break;  // the cell goes on on the next line
      current.closed = true;
      cells.push_back(std::move(current));
      open = false;
      s.remove_prefix(bar + 1);
      if (Trim(s).empty()) break;
    }
  }
  if (open && !current.text.empty()) cells.push_back(std::move(current));
  return cells;
}

enum class Shape { kEmpty, kDeadline, kStatus, kStatusLike, kText };

// A short capitalised cell that is no label: where a status is expected, an unknown or cut one ("Compl", "Pending").
bool IsStatusLike(std::string_view text) {
  if (text.size() > 24 || text.find('\n') != std::string_view::npos || !StartsWithCapital(text)) return false;
  if (text.back() == '.' || std::count(text.begin(), text.end(), ' ') > 2) return false;
  return std::none_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Shape ShapeOf(const Cell& c) {
  if (c.text.empty()) return Shape::kEmpty;
  if (LooksLikeDeadline(c.text)) return Shape::kDeadline;
  if (ParseLegacyStatus(c.text)) return Shape::kStatus;
  if (IsStatusLike(c.text)) return Shape::kStatusLike;
  return Shape::kText;
}

bool IsTextual(Shape s) { return s == Shape::kText || s == Shape::kStatusLike; }

struct Row {
  std::array<TableCell, kColumns + 1> slots;  // and Documents, on pages that have that column
  int line = 0;
  int filled = -1;   // The last slot given a cell (empty ones too).
  int cells = 0;
  bool marked = false;  // Began with "| ": cells in order.
  std::vector<ImportWarning> notes;
};

// Drops the column titles at the start of `cells` (empty cells among them included); true if there were any.
bool StripColumnTitles(std::vector<Cell>& cells) {
  std::size_t k = 0;
  bool titles = false;
  while (k < cells.size() && (cells[k].text.empty() || IsColumnTitle(cells[k].text))) {
    titles = titles || !cells[k].text.empty();
    ++k;
  }
  if (!titles) return false;
  cells.erase(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(k));
  return true;
}

class ShapeReader {
 public:
  ShapeReader(const std::vector<Cell>& cells, const ResponsibleMatcher& matcher, bool documents)
      : c_(cells), matcher_(matcher), last_slot_(documents ? kDocumentsSlot : kCommentSlot) {}

  std::vector<Row> Read() {
    for (k_ = 0; k_ < c_.size(); ++k_) Place(c_[k_]);
    return std::move(rows_);
  }

 private:
  void Start(const Cell& cell) {
    rows_.emplace_back();
    rows_.back().line = cell.line;
    Put(0, cell);
  }
  void Put(int slot, const Cell& cell) {
    Row& r = rows_.back();
    r.slots[static_cast<std::size_t>(slot)] = TableCell{cell.line, cell.text};
    r.filled = slot;
    ++r.cells;
  }

  // After the responsible, a text cell is this row's comment (a row without deadline and status cells) only
  // when the next cell is text that is no known responsible and the one after it is text too, the next row's
  // description and responsible; otherwise it starts the next row.
  bool IsCommentOfRowWithoutDeadline() const {
    DescriptionPrefix prefix = SplitDescriptionPrefix(c_[k_].text);
    if (!prefix.label.empty() || !prefix.scope.empty()) return false;
    if (k_ + 1 >= c_.size()) return true;
    const Cell& next = c_[k_ + 1];
    if (!IsTextual(ShapeOf(next))) return false;
    Responsible r = matcher_.MatchText(next.text, "column");
    if (!r.units.empty() && r.unmatched.empty()) return false;
    return k_ + 2 < c_.size() && IsTextual(ShapeOf(c_[k_ + 2]));
  }

  void Place(const Cell& cell) {
    Shape shape = ShapeOf(cell);
    if (rows_.empty() || rows_.back().filled < 0) {
      if (shape != Shape::kEmpty) Start(cell);
      return;
    }
    Row& r = rows_.back();
    int p = r.filled;
    switch (shape) {
      case Shape::kEmpty:
        if (p < last_slot_) Put(p + 1, cell);
        return;
      case Shape::kDeadline:
        if (p < kDeadlineSlot) return Put(kDeadlineSlot, cell);
        break;
      case Shape::kStatus:
        if (p < kStatusSlot) return Put(kStatusSlot, cell);
        break;
      case Shape::kStatusLike:
        if (p == kDeadlineSlot) return Put(kStatusSlot, cell);
        break;
      case Shape::kText:
        break;
    }
    if (p == 0) return Put(1, cell);
    if (p == 1) {
      if (!IsCommentOfRowWithoutDeadline()) return Start(cell);
      r.notes.push_back({cell.line, "", "row has no deadline or status cell; \"" + Excerpt(cell.text.substr(0, cell.text.find('\n')), 60) +
                                            "\" read as its comment (check the table)"});
      return Put(kCommentSlot, cell);
    }
    if (p < kCommentSlot) return Put(kCommentSlot, cell);
    if (p < last_slot_) return Put(kDocumentsSlot, cell);
    Start(cell);
  }

  const std::vector<Cell>& c_;
  const ResponsibleMatcher& matcher_;
  const int last_slot_;
  std::size_t k_ = 0;
  std::vector<Row> rows_;
};

Result<Row> MarkedRow(const std::vector<Cell>& cells, bool documents) {
  std::size_t most = documents ? kColumns + 1 : kColumns;
  if (cells.size() > most) {
    return InvalidArgument("table row has " + std::to_string(cells.size()) + " cells; expected at most " +
                               std::to_string(most) + " (description, responsible, deadline, status, comment" +
                               (documents ? ", documents)" : ")"),
                           "line " + std::to_string(cells[most].line));
  }
  Row r;
  r.line = cells.front().line;
  r.marked = true;
  for (const Cell& c : cells) r.slots[static_cast<std::size_t>(r.cells++)] = TableCell{c.line, c.text};
  r.filled = r.cells - 1;
  return r;
}

}  // namespace

bool IsTableSection(const std::vector<TableLine>& lines) {
  return std::any_of(lines.begin(), lines.end(), [](const TableLine& l) {
    return !l.text.empty() && (l.text.front() == '|' || l.text.back() == '|');
  });
}

Result<std::vector<TableAction>> ReadTableSection(const std::vector<TableLine>& lines, bool ends_document,
                                                  const ResponsibleMatcher& matcher) {
  std::vector<Cell> cells = SplitCells(lines);
  bool left_open = !cells.empty() && !cells.back().closed;
  // Groups of cells: each row that begins with "|" is one; cells before the first such row are another.
  std::vector<std::vector<Cell>> groups;
  for (Cell& c : cells) {
    if (groups.empty() || c.row_start) groups.emplace_back();
    groups.back().push_back(std::move(c));
  }
  std::vector<Row> rows;
  const bool documents = HasDocumentsColumn(lines);
  for (std::vector<Cell>& group : groups) {
    bool marked = group.front().row_start;
    bool titles = StripColumnTitles(group);
    if (group.empty()) continue;
    if (marked && !titles) {
      if (std::all_of(group.begin(), group.end(), [](const Cell& c) { return c.text.empty(); })) continue;
      MRTRACK_ASSIGN_OR_RETURN(Row row, MarkedRow(group, documents));
      rows.push_back(std::move(row));
      continue;
    }
    for (Row& row : ShapeReader(group, matcher, documents).Read()) rows.push_back(std::move(row));
  }
  if (ends_document && !rows.empty()) {
    Row& last = rows.back();
    if (left_open || last.filled < kCommentSlot) last.notes.push_back({last.line, "", kEndsInside});
  }
  std::vector<TableAction> out;
  for (Row& row : rows) {
    const TableCell& docs = row.slots[kDocumentsSlot];
    if (!docs.text.empty()) {
      row.notes.push_back({docs.line, "", "documents \"" + Excerpt(docs.text, 60) +
                                              "\" kept as their names only (the page does not carry the files); "
                                              "attach the files as evidence"});
    }
    std::vector<TableCell> five(row.slots.begin(), row.slots.begin() + kColumns);
    for (TableCell& c : five) {
      if (c.line == 0) c.line = row.line;
    }
    MRTRACK_ASSIGN_OR_RETURN(ParsedKeyAction action, ActionFromCells(five, row.line, matcher));
    action.documents = docs.text;
    for (const TableCell& c : five) {  // where the last cell ends: its first line and one per line break
      int end = c.line + static_cast<int>(std::count(c.text.begin(), c.text.end(), '\n'));
      action.last_line = std::max(action.last_line, end);
    }
    out.push_back({std::move(action), std::move(row.notes)});
  }
  return out;
}

}  // namespace mrtrack::events::import
