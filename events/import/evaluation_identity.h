// The derived id of an imported evaluation (events/domain/event_types.h "Ids";
// the other ids and stream names are in events/domain/ids.h).
//
// "ev-" + the first 12 hex digits of SHA-256 over
//   NormaliseForId(title) + "|" + NormaliseForId(office) + "|" + NormaliseForId(plan period)
// so that a later rendering of the same response (table form, slips fixed,
// other spacing or quotes) addresses the same streams. Changing the title,
// the office or the period gives another evaluation: give an explicit id
// (ImportOptions::evaluation_id) to keep following the same one.
//
// Thread safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace mrtrack::events::import {

std::string DeriveEvaluationId(std::string_view title, std::string_view office, std::string_view plan_period);

}  // namespace mrtrack::events::import
