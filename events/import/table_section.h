// The key actions of one recommendation written as a table, in the two
// layouts published pages use:
//
// - rows that begin with "| " (table_row.h): the cells of a row are taken
//   in order, description, responsible, deadline, status, comment;
// - cells that only end with " |", a lone "|" closing a cell, the column
//   titles as cells of their own, no mark where a row begins:
//
//     Key Actions
//     |                                   the (empty) first column title
//     Responsible |  Deadline |  Status |  Comments |
//     KAZ:                                a scope line before the description
//     UN Women will provide ... |
//     UN Women Kazakhstan CO |
//     2026/01
//     |                                   closes "2026/01"
//     Initiated
//     |
//     Draft guidance shared. |
//
//   Here rows are told apart by the shape of the cells: a deadline cell, a
//   status cell (a label, or a short capitalised cell after the deadline: an
//   unknown or cut label), and text cells, which are the description, the
//   responsible, the comment in that order. A row may lack the deadline and
//   status cells; where a text cell could be that row's comment or the next
//   row's description, it is read as the comment only when the cells after it
//   say so, and a note says which was chosen.
//
// Every action comes with the notes a reader should see about how it was
// read; a document that ends inside a row says "the text ends inside a key
// action" on the row's first line, and the fragment is kept as that action
// (never as another action's comment).
//
// Thread safety: pure functions.
#pragma once

#include <vector>

#include "common/status.h"
#include "events/import/parsed_evaluation.h"
#include "events/import/responsible_matcher.h"
#include "events/import/table_row.h"

namespace mrtrack::events::import {

// True when the section is a table: some line begins or ends with "|".
bool IsTableSection(const std::vector<TableLine>& lines);

struct TableAction {
  ParsedKeyAction action;
  std::vector<ImportWarning> notes;  // `where` left empty: the caller names the action.
};

// `ends_document`: nothing follows the section (a row left open is then cut).
// Errors (field "line N"): a row that begins with "| " and has more than five
// cells, an impossible deadline.
Result<std::vector<TableAction>> ReadTableSection(const std::vector<TableLine>& lines, bool ends_document,
                                                  const ResponsibleMatcher& matcher);

}  // namespace mrtrack::events::import
