// Reading one key action written on one line, as GATE publishes it:
//   "<description> <responsible> <YYYY/MM> <status> [comment]"
// with no delimiter between description and responsible.
//
// The deadline is the first YYYY/MM (or YYYY-MM-DD) token followed by a status
// label, else one that ends the line (a row without status). A row without
// deadline is recognised by a status label right after a known responsible,
// or by a line that ends with a known responsible. The text before is split
// into description and responsible by ResponsibleMatcher::SplitTrailing, and
// the description loses its numbering label and scope prefix.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "events/import/parsed_evaluation.h"
#include "events/import/responsible_matcher.h"

namespace mrtrack::events::import {

// nullopt when the line does not look like a key action (the caller then
// reads it as a continuation of the previous action's comment); with `force`
// such a line is still read as an action (description and responsible only).
// Errors (field "line N"): an impossible deadline; a deadline after a known
// responsible followed by text that is no status label.
Result<std::optional<ParsedKeyAction>> ReadFlatActionLine(std::string_view line, int line_no,
                                                          const ResponsibleMatcher& matcher, bool force);

// True when the line has a deadline token followed by a status label: used to
// catch key actions where none may be (before the first recommendation).
bool LooksLikeKeyActionLine(std::string_view line);

// Appends the warnings a reader should see about one action (responsible not
// matched or found by the heuristic, missing deadline/status, legacy label).
void WarnAboutAction(const ParsedKeyAction& action, const std::string& where, std::vector<ImportWarning>& out);

}  // namespace mrtrack::events::import
