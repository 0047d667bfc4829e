#include "events/domain/ids.h"

namespace mrtrack::events {
namespace {

bool IsIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

Status ValidateId(std::string_view id, std::size_t max_length, const char* what, const char* field) {
  const std::string shown =
      "'" + std::string(id.substr(0, max_length + 8)) + (id.size() > max_length + 8 ? "...'" : "'");
  if (id.empty()) return InvalidArgument(std::string(what) + " is empty", field);
  if (id.size() > max_length) {
    return InvalidArgument(
        std::string(what) + " " + shown + " is longer than " + std::to_string(max_length) + " characters", field);
  }
  for (char c : id) {
    if (!IsIdChar(c)) {
      return InvalidArgument(std::string(what) + " " + shown + " may contain only lower-case letters, digits and '-'",
                             field);
    }
  }
  if (id.front() == '-') {
    return InvalidArgument(std::string(what) + " " + shown + " must start with a letter or digit", field);
  }
  return Status::Ok();
}

}  // namespace

std::string EvaluationStream(std::string_view evaluation_id) { return "evaluation-" + std::string(evaluation_id); }
std::string ActionStream(std::string_view action_id) { return "action-" + std::string(action_id); }
std::string ReminderStream(std::string_view reminder_id) { return "reminder-" + std::string(reminder_id); }
std::string ReportStream(std::string_view report_name) { return "report-" + std::string(report_name); }

std::string RecommendationId(std::string_view evaluation_id, int number) {
  return std::string(evaluation_id) + "-r" + std::to_string(number);
}

std::string ActionId(std::string_view evaluation_id, int recommendation, int action) {
  return RecommendationId(evaluation_id, recommendation) + "-a" + std::to_string(action);
}

Status ValidateEvaluationId(std::string_view id) {
  return ValidateId(id, kMaxEvaluationIdLength, "evaluation id", "evaluation_id");
}

Status ValidateActionId(std::string_view id) { return ValidateId(id, kMaxActionIdLength, "action id", "action_id"); }

}  // namespace mrtrack::events
