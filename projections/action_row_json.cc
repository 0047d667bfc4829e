// ActionRowToJson: the key-action view row as the API and the CLI show it.
#include "common/time.h"
#include "events/domain/key_action_states.h"
#include "projections/action_query.h"

namespace mrtrack::projections {

nlohmann::json CommentToJson(const events::Comment& c) {
  return {{"comment_id", c.comment_id},
          {"author", c.author},
          {"text", c.text},
          {"at", FormatTimestamp(c.at)},
          {"evidence", events::EvidenceListToJson(c.evidence)}};
}

namespace {

// How the action ended, as public trackers report it: implemented, or closed
// without being implemented (No Longer Applicable, with its reason); null while open.
nlohmann::json OutcomeOf(const ActionRow& row) {
  if (row.status == events::ActionStatus::kCompleted) return "implemented";
  if (row.status == events::ActionStatus::kNoLongerApplicable) return "closed_not_implemented";
  return nullptr;
}

}  // namespace

nlohmann::json ActionRowToJson(const ActionRow& row) {
  using nlohmann::json;
  auto time_or_null = [](const std::optional<Timestamp>& t) { return t ? json(FormatTimestamp(*t)) : json(nullptr); };
  json last_comment = row.last_comment ? CommentToJson(*row.last_comment) : json(nullptr);
  json out{{"action_id", row.action_id},
              {"number", row.number},
              {"label", row.label},
              {"scope", row.scope},
              {"description", row.description},
              {"responsible", events::ResponsibleToJson(row.responsible)},
              {"deadline", events::DeadlineToJson(row.deadline)},
              {"status", events::StatusLabel(row.status)},
              {"status_raw", row.status_raw},
              {"comment_count", row.comment_count},
              {"last_comment", std::move(last_comment)},
              {"created_at", FormatTimestamp(row.created_at)},
              {"updated_at", FormatTimestamp(row.updated_at)},
              {"completed_at", time_or_null(row.completed_at)},
              {"version", row.version},
              {"last_position", row.last_position},
              {"evaluation_id", row.evaluation_id},
              {"evaluation_title", row.evaluation_title},
              {"office", row.office},
              {"recommendation_id", row.recommendation_id},
              {"recommendation_number", row.recommendation_number},
              {"recommendation_text", row.recommendation_text},
              {"priority", row.priority},
              {"response_category", row.response_category},
              {"response_category_inferred", row.response_category_inferred},
              {"original_deadline", events::DeadlineToJson(row.original_deadline)},
              {"extensions", row.extensions},
              {"pending_request", events::CompletionRequestToJson(row.pending_request)},
              {"pending_extension", events::ExtensionRequestToJson(row.pending_extension)},
              {"evidence", events::EvidenceListToJson(row.evidence)},
              {"outcome", OutcomeOf(row)},
              {"closure_reason", row.closure_reason},
              {"overdue", row.overdue},
              {"days_overdue", row.days_overdue},
              {"days_late_original", row.days_late_original},
              {"stale", row.stale}};
  if (!row.comments.empty() || row.comment_count == 0) {
    // Only the latest few: an action's answer stays small however long its
    // history; GET /v1/actions/{id}/comments pages the rest.
    json comments = json::array();
    const std::size_t from =
        row.comments.size() > events::kRecentComments ? row.comments.size() - events::kRecentComments : 0;
    for (std::size_t i = from; i < row.comments.size(); ++i) comments.push_back(CommentToJson(row.comments[i]));
    out["comments"] = std::move(comments);
  }
  return out;
}

}  // namespace mrtrack::projections
