// Event type names and the JSON shape of each type's data (schema version 1).
// This is a stored contract: names are never reused or renamed; a changed
// shape gets a new schema version. Readers must ignore unknown fields.
//
// Streams:  "evaluation-<evaluation_id>"  evaluation, recommendations, responses
//           "action-<action_id>"          one key action
//           "reminder-<reminder_id>"      one reminder's life (notifier)
//           "report-<name>"               the reports sent of one [[reports]] (notifier)
// Ids:      evaluation_id     "ev-" + 12 hex of SHA-256(normalised title|office|period), or user-given [a-z0-9-]{1,64}
//           recommendation_id "<evaluation_id>-r<N>"        N = 1-based position in the document
//           action_id         "<evaluation_id>-r<N>-a<M>"   M = 1-based position under the recommendation
// Common value shapes:
//   Deadline     {"date": "2025-03-31", "raw": "2025/03"}   date = last day of the month for YYYY/MM; null when absent
//   Responsible  {"text": "UN Women Kazakhstan CO, Government institutions",
//                 "units": ["kaz-co", "government"],        unit ids from the unit directory
//                 "unmatched": ["..."],                    parts that match no unit (kept, reported)
//                 "match": "alias" | "heuristic" | "column" | "manual" | "none"}
//   Status       one of kStatus* in events/domain/status.h, e.g. "Not Initiated"
// Optional members added later at schema version 1 (events/FORMAT.md §9.1 says
// what each means and what its absence means): completion_date_unknown,
// source_dates {added, last_updated}, source_documents, source_fields, and
// reason on KeyActionDescriptionEdited. Imports write them.
#pragma once

namespace mrtrack::events::types {

// evaluation stream. data: {evaluation_id, title, office, region, plan_period,
//   office_type, approval_status, overall_response, source: {format, sha256}, source_fields?}
inline constexpr char kEvaluationRegistered[] = "EvaluationRegistered";
// evaluation stream, a re-import changed header fields.
// data: {evaluation_id, changes: {field: {from, to}, ...}}
inline constexpr char kEvaluationUpdated[] = "EvaluationUpdated";
// evaluation stream. data: {evaluation_id, recommendation_id, number, text}
inline constexpr char kRecommendationAdded[] = "RecommendationAdded";
// evaluation stream. data: {evaluation_id, recommendation_id, from, to}
inline constexpr char kRecommendationEdited[] = "RecommendationEdited";
// evaluation stream; recorded again when the response changes.
// data: {evaluation_id, recommendation_id, text, category, category_raw,
//   category_inferred, thematic_areas: [..], operating_principles: [..],
//   organizational_priorities: [..], uneg_criteria: [..], source_dates?}
//   category: "Accepted" | "Partially accepted" | "Rejected" | "" (blank in source)
//   category_inferred: the category read from the prose when the field is blank, else ""
inline constexpr char kManagementResponseRecorded[] = "ManagementResponseRecorded";
// evaluation stream, by an admin or validator (events/domain/recommendation_commands.h).
// data: {evaluation_id, recommendation_id, from, to, reason}
//   from, to: "normal" | "high" (a recommendation without such an event is normal)
inline constexpr char kRecommendationPriorityChanged[] = "RecommendationPriorityChanged";
// action stream, always version 1.
// data: {action_id, evaluation_id, recommendation_id, number, label, scope,
//   description, responsible: Responsible, deadline: Deadline|null,
//   status: Status, status_raw, completion_date_unknown?, source_dates?, source_documents?}
//   label: "1.1" when the source numbered the action, else ""; scope: "KAZ" for "KAZ: ...", else ""
inline constexpr char kKeyActionAdded[] = "KeyActionAdded";
// data: {action_id, from: Status, to: Status, reason, status_raw, completion_date_unknown?, source_dates?}
inline constexpr char kKeyActionStatusChanged[] = "KeyActionStatusChanged";
// data: {action_id, from: Deadline|null, to: Deadline|null, justification, extension, source_dates?}
//   extension: true when the change counts as an extension (an admin's direct
//   change); missing means false (events written before the field existed).
inline constexpr char kKeyActionDeadlineChanged[] = "KeyActionDeadlineChanged";
// data: {action_id, from: Responsible, to: Responsible, reason, source_dates?}
inline constexpr char kKeyActionResponsibleChanged[] = "KeyActionResponsibleChanged";
// data: {action_id, comment_id, author, text, evidence: [Evidence], source_dates?}; the
// comment's time is recorded_at; evidence may be missing (none).
inline constexpr char kKeyActionCommentAdded[] = "KeyActionCommentAdded";
// data: {action_id, from, to, reason?, source_dates?}
inline constexpr char kKeyActionDescriptionEdited[] = "KeyActionDescriptionEdited";

// The follow-up workflow (events/domain/workflow_events.h builds their data).
//   Evidence  {"sha256": 64 hex, "name": "report.pdf", "media_type": "application/pdf", "size": 1234}
//             a file of the evidence store (<data_dir>/evidence/), named by its SHA-256
// request_id is the event id of the request event; supersedes names the open
// request this one replaces ("" when none was open).
// data: {action_id, request_id, outcome: Status (Completed | No Longer Applicable),
//   note, evidence: [Evidence], supersedes}
inline constexpr char kKeyActionCompletionRequested[] = "KeyActionCompletionRequested";
// data: {action_id, request_id, from: Status, to: Status (the outcome), note}; sets the status.
inline constexpr char kKeyActionCompletionAccepted[] = "KeyActionCompletionAccepted";
// data: {action_id, request_id, outcome, reason, units: [unit ids told of it]}; the status stays.
inline constexpr char kKeyActionCompletionRejected[] = "KeyActionCompletionRejected";
// data: {action_id, request_id, from: Deadline|null, to: Deadline, reason, supersedes}
inline constexpr char kKeyActionExtensionRequested[] = "KeyActionExtensionRequested";
// data: {action_id, request_id, from: Deadline|null, to: Deadline, note}; moves
// the deadline and counts one extension.
inline constexpr char kKeyActionExtensionAccepted[] = "KeyActionExtensionAccepted";
// data: {action_id, request_id, to: Deadline, reason, units: [unit ids told of it]}
inline constexpr char kKeyActionExtensionRejected[] = "KeyActionExtensionRejected";

// Reminder streams (notifier). data: {reminder_id, action_id, unit, rule,
//   deadline, channel, recipient, due_at, attempt, idempotency_key, late, error, reason}
inline constexpr char kReminderDue[] = "ReminderDue";
inline constexpr char kReminderDelivered[] = "ReminderDelivered";
inline constexpr char kReminderFailed[] = "ReminderFailed";
inline constexpr char kReminderSkipped[] = "ReminderSkipped";

// Report streams (notifier/report_sender.h), one event per report e-mailed.
// data: {report, period, from, to, recipients: [..], message_id, position}
//   period: "2026-11" or "2026-W47"; from, to: its first and last day;
//   position: the last event the report's figures include.
inline constexpr char kReportSent[] = "ReportSent";

}  // namespace mrtrack::events::types
