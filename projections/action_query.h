// The key-action view: one row per key action joined with its evaluation
// (id, title, office) and recommendation (number, text, response category),
// filtered, sorted and paged. Queries run over a ViewModel — the live one of
// Projections (projections.h) or an as-of snapshot (as_of.h) — using its
// indexes, never the log.
//
// "Overdue" is derived at the instant the query is given (QueryTime): the
// deadline day has ended in the organisation's time zone and the status is
// not terminal (Completed, No Longer Applicable). It is never stored.
// "Stale" likewise: with QueryTime::stale_after ([workflow]
// update_request_every) set, an open action whose last recorded change
// (updated_at: a comment, a status change, a request or its decision, a
// deadline move, an edit) is that many local days or more before the query's
// day — the day its unit is asked for an update (notifier/reminder_rules.h).
//
// Thread safety: pure functions; the caller keeps the model from changing
// during a call (Projections::Read holds its shared lock).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/status.h"
#include "events/domain/deadline.h"
#include "events/domain/evaluation.h"
#include "events/domain/key_action.h"
#include "events/domain/status.h"
#include "projections/view_model.h"

namespace mrtrack::projections {

// The instant "overdue" is evaluated at and the organisation's time zone.
struct QueryTime {
  Timestamp at{};
  const date::time_zone* zone = nullptr;  // Required (config organisation.time_zone).
  std::chrono::days stale_after{0};       // Default: 0, nothing is stale. [workflow] update_request_every.
};

struct ActionFilter {
  std::vector<std::string> units;            // Default: any. Actions whose responsible units include one of these ids.
  bool unmatched_only = false;               // Default: false. Only actions with responsible text that matched no unit.
  std::vector<events::ActionStatus> statuses;  // Default: any. Actions in one of these statuses.
  bool open_only = false;                    // Default: false. Only non-terminal actions.
  std::optional<bool> overdue;               // Default: any. true: only overdue at QueryTime::at; false: only not overdue.
  std::optional<bool> stale;                 // Default: any. true: only stale at QueryTime::at; false: only not stale.
  std::optional<date::year_month_day> due_on_or_after;   // Default: any. Deadline >= this date (no deadline: excluded).
  std::optional<date::year_month_day> due_on_or_before;  // Default: any. Deadline <= this date (no deadline: excluded).
  std::optional<std::string> evaluation_id;  // Default: any.
  std::optional<std::string> priority;       // Default: any. The recommendation's priority: "normal" | "high".
  // Default: none. Case-insensitive (ASCII letters) substring of the
  // description, the responsible text, the recommendation's text or a comment.
  std::string text;
};

enum class ActionSort {
  kNatural,   // Evaluation id, recommendation number, action number, action id.
  kDeadline,  // Deadline ascending (none last), then natural order.
};

struct ActionQuery {
  ActionFilter filter;
  ActionSort sort = ActionSort::kNatural;  // Default: natural.
  bool descending = false;                 // Default: false.
  std::size_t offset = 0;                  // Default: 0. Rows skipped after sorting.
  std::size_t limit = 0;                   // Default: 0 = all rows.
  bool with_comments = true;               // Default: true. Copy every comment into ActionRow::comments.
};

// One row of the view as the queries return it (a copy).
struct ActionRow {
  // The action itself.
  std::string action_id;
  int number = 0;
  std::string label, scope, description;
  events::Responsible responsible;
  std::optional<events::Deadline> deadline;
  events::ActionStatus status = events::ActionStatus::kNotInitiated;
  std::string status_raw;
  std::size_t comment_count = 0;
  std::optional<events::Comment> last_comment;
  std::vector<events::Comment> comments;  // All, oldest first; empty unless asked for (with_comments).
  Timestamp created_at{}, updated_at{};
  std::optional<Timestamp> completed_at;
  std::uint64_t version = 0;        // Stream version.
  std::uint64_t last_position = 0;  // Global position of its last event.
  // Joined.
  std::string evaluation_id, evaluation_title, office;
  std::string recommendation_id;
  int recommendation_number = 0;
  std::string recommendation_text;
  std::string priority = events::kPriorityNormal;  // The recommendation's.
  std::string response_category;           // As recorded ("" when blank in the source).
  std::string response_category_inferred;  // Read from the prose when the category is blank.
  // The follow-up workflow.
  std::optional<events::Deadline> original_deadline;
  int extensions = 0;
  std::optional<events::CompletionRequest> pending_request;
  std::optional<events::ExtensionRequest> pending_extension;
  std::vector<events::EvidenceRef> evidence;
  std::string closure_reason;
  // Derived at QueryTime::at.
  bool overdue = false;
  long days_overdue = 0;  // Whole days past the deadline day when overdue, else 0.
  // Whole days past the original deadline when the action is open and past
  // it, else 0 (days_overdue is on the current deadline).
  long days_late_original = 0;
  bool stale = false;  // No update for QueryTime::stale_after (see above).
};

struct ActionPage {
  std::vector<ActionRow> rows;
  std::size_t total = 0;         // Rows matching the filter before offset/limit.
  std::uint64_t position = 0;    // The log position the model reflects.
};

// kInvalidArgument when `time.zone` is null or a date range is inverted.
Result<ActionPage> ListActions(const ViewModel& model, const ActionQuery& query, const QueryTime& time);
// kNotFound when there is no such action. The row has every comment.
Result<ActionRow> GetActionRow(const ViewModel& model, const std::string& action_id, const QueryTime& time);

// What the reminder planner needs: every non-terminal action that has a
// deadline, in deadline order (units, deadline, status, version included).
Result<std::vector<ActionRow>> OpenActionsWithDeadline(const ViewModel& model, const QueryTime& time);

// Whether `action` is overdue at `time` (deadline day ended, not terminal).
bool IsOverdue(const events::KeyActionState& action, const QueryTime& time);
// Whether `action` is stale at `time` (see above).
bool IsStale(const events::KeyActionState& action, const QueryTime& time);

// The row as JSON for the API and the CLI (instants as FormatTimestamp text,
// dates as YYYY-MM-DD, absent values as null; "comments" only when the row
// carries them).
nlohmann::json ActionRowToJson(const ActionRow& row);
// {"comment_id", "author", "text", "at", "evidence": [..]}.
nlohmann::json CommentToJson(const events::Comment& comment);

}  // namespace mrtrack::projections
