// The small fields of a key action, shared by the flat-line and table readers:
// numbering labels and scope prefixes on descriptions, deadline tokens, status
// labels.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "events/domain/status.h"

namespace mrtrack::events::import {

// "1.1. KAZ: Train staff" -> label "1.1", scope "KAZ", rest "Train staff".
// A label is digits with dots ("1.1", "1.1.", "2.") or "3)"; a scope is one
// capitalised word of up to 16 letters/digits followed by ": " ("KAZ:",
// "Global:"). Either order is accepted.
struct DescriptionPrefix {
  std::string label;
  std::string scope;
  std::string rest;
};
DescriptionPrefix SplitDescriptionPrefix(std::string_view description);

// "2025/03", "2025/3" or "2025-03-31" shaped (not yet checked for a real month or day).
bool LooksLikeDeadline(std::string_view token);

// The longest run of 1 to 5 words at the start of `text` that is a status
// label (ParseLegacyStatus), e.g. "Overdue - Not Initiated The comment...".
struct StatusMatch {
  ActionStatus status = ActionStatus::kNotInitiated;
  std::size_t length = 0;  // Bytes of `text` the label takes.
};
std::optional<StatusMatch> StatusAtStart(std::string_view text);

}  // namespace mrtrack::events::import
