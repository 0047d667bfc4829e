#include "events/domain/status.h"

#include <array>
#include <cctype>
#include <utility>

#include "common/message_text.h"

namespace mrtrack::events {
namespace {

constexpr std::array<ActionStatus, 5> kAllStatuses = {
    ActionStatus::kNotInitiated, ActionStatus::kInitiated, ActionStatus::kOngoing,
    ActionStatus::kCompleted, ActionStatus::kNoLongerApplicable};

// Lower-case letters and digits only: "Overdue - Not Initiated" -> "overduenotinitiated".
std::string Normalise(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

// The legacy table of status.h, normalised. Keep the two in step.
constexpr std::pair<std::string_view, ActionStatus> kLabels[] = {
    {"notinitiated", ActionStatus::kNotInitiated},
    {"notstarted", ActionStatus::kNotInitiated},
    {"notyetstarted", ActionStatus::kNotInitiated},
    {"notyetinitiated", ActionStatus::kNotInitiated},
    {"initiated", ActionStatus::kInitiated},
    {"started", ActionStatus::kInitiated},
    {"ongoing", ActionStatus::kOngoing},
    {"inprogress", ActionStatus::kOngoing},
    {"underway", ActionStatus::kOngoing},
    {"partiallycompleted", ActionStatus::kOngoing},
    {"partiallyimplemented", ActionStatus::kOngoing},
    {"completed", ActionStatus::kCompleted},
    {"complete", ActionStatus::kCompleted},
    {"done", ActionStatus::kCompleted},
    {"closed", ActionStatus::kCompleted},
    {"implemented", ActionStatus::kCompleted},
    {"fullyimplemented", ActionStatus::kCompleted},
    {"nolongerapplicable", ActionStatus::kNoLongerApplicable},
    {"notapplicable", ActionStatus::kNoLongerApplicable},
    {"nolongerrelevant", ActionStatus::kNoLongerApplicable},
    {"cancelled", ActionStatus::kNoLongerApplicable},
    {"canceled", ActionStatus::kNoLongerApplicable},
};

std::optional<ActionStatus> LookUp(std::string_view normalised) {
  for (const auto& [label, status] : kLabels) {
    if (label == normalised) return status;
  }
  return std::nullopt;
}

constexpr std::string_view kOverdue = "overdue";

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

}  // namespace

const char* StatusLabel(ActionStatus s) {
  switch (s) {
    case ActionStatus::kNotInitiated: return "Not Initiated";
    case ActionStatus::kInitiated: return "Initiated";
    case ActionStatus::kOngoing: return "Ongoing";
    case ActionStatus::kCompleted: return "Completed";
    case ActionStatus::kNoLongerApplicable: return "No Longer Applicable";
  }
  return "Not Initiated";
}

bool IsTerminal(ActionStatus s) {
  return s == ActionStatus::kCompleted || s == ActionStatus::kNoLongerApplicable;
}

Result<ActionStatus> ParseStatus(std::string_view label) {
  for (ActionStatus s : kAllStatuses) {
    if (label == StatusLabel(s)) return s;
  }
  return InvalidArgument(MessageValue(label, '\'') +
                             " is not a status: expected one of Not Initiated, Initiated, Ongoing, "
                             "Completed, No Longer Applicable",
                         "status");
}

std::optional<ActionStatus> ParseLegacyStatus(std::string_view label) {
  const std::string n = Normalise(label);
  if (n.empty()) return std::nullopt;
  if (auto s = LookUp(n)) return s;
  // "Overdue" is derived, so it only qualifies the label next to it; alone it
  // means "not finished" (see the table in status.h for why Not Initiated).
  std::string_view rest(n);
  if (rest.starts_with(kOverdue)) {
    rest.remove_prefix(kOverdue.size());
  } else if (rest.ends_with(kOverdue)) {
    rest.remove_suffix(kOverdue.size());
  } else {
    return std::nullopt;
  }
  if (rest.empty()) return ActionStatus::kNotInitiated;
  return LookUp(rest);
}

Status CheckTransition(ActionStatus from, ActionStatus to, std::string_view reason) {
  if (from == to) {
    return FailedPrecondition(std::string("already ") + StatusLabel(to), "status");
  }
  if (IsTerminal(from) && IsBlank(reason)) {
    return FailedPrecondition(std::string("leaving ") + StatusLabel(from) + " for " + StatusLabel(to) +
                                  " needs a reason",
                              "reason");
  }
  return Status::Ok();
}

}  // namespace mrtrack::events
