#include "events/domain/reminder_stream.h"

#include "common/time.h"
#include "events/domain/event_data.h"
#include "events/domain/event_types.h"

namespace mrtrack::events {
namespace {

using internal::EventCorruption;
using internal::EventDataReader;
using nlohmann::json;

// Readers of the optional fields the reader (event_data.h) has no call for.
bool OptionalBool(const RecordedEvent& e, EventDataReader& r, const char* field, bool fallback = false) {
  if (!r.ok()) return fallback;
  auto it = e.data.find(field);
  if (it == e.data.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) {
    r.Fail(field, std::string("must be true or false, not ") + it->type_name());
    return fallback;
  }
  return it->get<bool>();
}

long OptionalLong(const RecordedEvent& e, EventDataReader& r, const char* field, long fallback = 0) {
  if (!r.ok()) return fallback;
  auto it = e.data.find(field);
  if (it == e.data.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) {
    r.Fail(field, std::string("must be an integer, not ") + it->type_name());
    return fallback;
  }
  return it->get<long>();
}

int OptionalInt(const RecordedEvent& e, EventDataReader& r, const char* field, int fallback) {
  const long v = OptionalLong(e, r, field, fallback);
  if (v < 0 || v > 1000000) {
    r.Fail(field, "is out of range");
    return fallback;
  }
  return static_cast<int>(v);
}

Timestamp Instant(EventDataReader& r, const std::string& text, const char* field) {
  if (!r.ok()) return {};
  auto t = ParseTimestamp(text);
  if (!t.ok()) {
    r.Fail(field, "is not an instant: " + t.status().message());
    return {};
  }
  return *t;
}

std::optional<Timestamp> OptionalInstant(EventDataReader& r, const char* field) {
  const std::string text = r.OptionalString(field);
  if (text.empty()) return std::nullopt;
  return Instant(r, text, field);
}

// The one shape of every decoder: a reader over the event's data, the
// reminder id every type carries, the type's own fields read by `fields`,
// then the first problem found or the value.
template <typename T, typename Fields>
Result<T> Decode(const RecordedEvent& e, Fields&& fields) {
  EventDataReader r(e);
  T d;
  d.reminder_id = r.OptionalString("reminder_id");
  fields(r, d);
  if (!r.ok()) return r.status();
  return d;
}

// The fields every outcome of an attempt has (delivered, failed, parked).
template <typename T>
void AttemptFields(const RecordedEvent& e, EventDataReader& r, T& d) {
  d.channel = r.OptionalString("channel");
  d.recipient = r.OptionalString("recipient");
  d.attempt = OptionalInt(e, r, "attempt", 0);
  d.message_id = r.OptionalString("message_id");
}

std::string ChainOf(EventDataReader& r) {
  std::string chain = r.OptionalString("chain", kReminderChainMain);
  if (chain != kReminderChainMain && chain != kReminderChainEscalation && chain != kReminderChainUpdate &&
      chain != kReminderChainNotice) {
    r.Fail("chain", "must be \"main\", \"escalation\", \"update\" or \"notice\", not \"" + chain + "\"");
  }
  return chain;
}

// A day, or nullopt for "" (the caller decides whether that is allowed).
std::optional<date::year_month_day> Day(EventDataReader& r, const std::string& text, const char* field) {
  if (!r.ok() || text.empty()) return std::nullopt;
  auto day = ParseDate(text);
  if (!day.ok()) {
    r.Fail(field, "is not a day: " + day.status().message());
    return std::nullopt;
  }
  return *day;
}

json DayOrNull(const std::optional<date::year_month_day>& day) { return day ? json(FormatDate(*day)) : json(nullptr); }

std::optional<ReminderNoticeData> NoticeOf(EventDataReader& r) {
  const json* j = r.Optional("notice");
  if (!r.ok() || j == nullptr || j->is_null()) return std::nullopt;
  if (!j->is_object()) {
    r.Fail("notice", std::string("must be an object, not ") + j->type_name());
    return std::nullopt;
  }
  auto text = [&](const char* field) {
    auto it = j->find(field);
    return it != j->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  ReminderNoticeData n;
  n.event_id = text("event_id");
  n.request_id = text("request_id");
  n.outcome = text("outcome");
  n.proposed_deadline = Day(r, text("proposed_deadline"), "notice.proposed_deadline");
  n.reason = text("reason");
  n.by = text("by");
  n.at = Instant(r, text("at"), "notice.at");
  return n;
}

ReminderItemData ItemOf(EventDataReader& r) {
  ReminderItemData item;
  const json& j = r.OptionalObject("item");
  if (!r.ok()) return item;
  auto text = [&](const char* field) {
    auto it = j.find(field);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto number = [&](const char* field) {
    auto it = j.find(field);
    return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
  };
  item.evaluation_id = text("evaluation_id");
  item.evaluation_title = text("evaluation_title");
  item.recommendation_number = number("recommendation_number");
  item.action_number = number("action_number");
  item.label = text("label");
  item.description = text("description");
  item.status = text("status");
  item.calendar_sequence = number("calendar_sequence");
  return item;
}

// Refuses a fate of a reminder whose ReminderDue was never folded.
Status NeedsDue(const ReminderStreamState& s, const RecordedEvent& event) {
  if (s.exists) return Status::Ok();
  return EventCorruption(event, "reminder_id", "a fate of a reminder that was never due");
}

// What every outcome of an attempt records: its number (or the next), the
// address actually used, and the message id when none was fixed before.
template <typename T>
void RecordAttempt(ReminderStreamState& s, T& d) {
  s.attempts = d.attempt > 0 ? d.attempt : s.attempts + 1;
  if (!d.recipient.empty()) s.recipient = std::move(d.recipient);
  if (s.message_id.empty()) s.message_id = d.message_id;
}

}  // namespace

json EncodeReminderDue(const ReminderDueData& d) {
  json item = {{"evaluation_id", d.item.evaluation_id},
               {"evaluation_title", d.item.evaluation_title},
               {"recommendation_number", d.item.recommendation_number},
               {"action_number", d.item.action_number},
               {"label", d.item.label},
               {"description", d.item.description},
               {"status", d.item.status},
               {"calendar_sequence", d.item.calendar_sequence}};
  json out = {{"reminder_id", d.reminder_id},
              {"idempotency_key", d.reminder_id},
              {"action_id", d.action_id},
              {"unit", d.unit},
              {"rule", d.rule},
              {"chain", d.chain},
              {"deadline", DayOrNull(d.deadline)},
              {"days_from_deadline", d.days_from_deadline},
              {"channel", d.channel},
              {"recipient", d.recipient},
              {"due_at", FormatTimestamp(d.due_at)},
              {"late", d.late},
              {"escalated_from", d.escalated_from},
              {"supersedes", d.supersedes},
              {"item", std::move(item)}};
  if (d.updated_at) out["updated_at"] = FormatTimestamp(*d.updated_at);
  if (d.notice) {
    out["notice"] = {{"event_id", d.notice->event_id},
                     {"request_id", d.notice->request_id},
                     {"outcome", d.notice->outcome},
                     {"proposed_deadline", DayOrNull(d.notice->proposed_deadline)},
                     {"reason", d.notice->reason},
                     {"by", d.notice->by},
                     {"at", FormatTimestamp(d.notice->at)}};
  }
  return out;
}

json EncodeReminderMessageFixed(const ReminderMessageFixedData& d) {
  return {{"reminder_id", d.reminder_id},
          {"message_id", d.message_id},
          {"members", d.members},
          {"built_at", FormatTimestamp(d.built_at)}};
}

json EncodeReminderDelivered(const ReminderDeliveredData& d) {
  return {{"reminder_id", d.reminder_id}, {"channel", d.channel},       {"recipient", d.recipient},
          {"attempt", d.attempt},         {"message_id", d.message_id}, {"late", d.late}};
}

json EncodeReminderFailed(const ReminderFailedData& d) {
  return {{"reminder_id", d.reminder_id},
          {"channel", d.channel},
          {"recipient", d.recipient},
          {"attempt", d.attempt},
          {"error", d.error},
          {"permanent", d.permanent},
          {"retry_at", d.retry_at ? json(FormatTimestamp(*d.retry_at)) : json(nullptr)},
          {"message_id", d.message_id}};
}

json EncodeReminderParked(const ReminderParkedData& d) {
  return {{"reminder_id", d.reminder_id}, {"channel", d.channel}, {"recipient", d.recipient},
          {"attempt", d.attempt},         {"reason", d.reason},   {"message_id", d.message_id}};
}

json EncodeReminderRequeued(const ReminderRequeuedData& d) {
  return {{"reminder_id", d.reminder_id}, {"reason", d.reason}};
}

json EncodeReminderSkipped(const ReminderSkippedData& d) {
  return {{"reminder_id", d.reminder_id}, {"reason", d.reason}};
}

Result<ReminderDueData> DecodeReminderDue(const RecordedEvent& e) {
  return Decode<ReminderDueData>(e, [&](EventDataReader& r, ReminderDueData& d) {
    d.action_id = r.String("action_id");
    if (r.ok() && d.action_id.empty()) r.Fail("action_id", "is empty");
    d.unit = r.String("unit");
    d.rule = r.String("rule");
    d.chain = ChainOf(r);
    d.deadline = Day(r, r.OptionalString("deadline"), "deadline");
    if (r.ok() && !d.deadline && (d.chain == kReminderChainMain || d.chain == kReminderChainEscalation)) {
      r.Fail("deadline", "is missing: a " + d.chain + " reminder counts from a deadline");
    }
    d.days_from_deadline = OptionalLong(e, r, "days_from_deadline");
    d.channel = r.String("channel");
    d.recipient = r.OptionalString("recipient");
    d.due_at = Instant(r, r.String("due_at"), "due_at");
    d.late = OptionalBool(e, r, "late");
    d.escalated_from = r.OptionalStringList("escalated_from");
    d.supersedes = r.OptionalStringList("supersedes");
    d.item = ItemOf(r);
    d.updated_at = OptionalInstant(r, "updated_at");
    d.notice = NoticeOf(r);
  });
}

Result<ReminderMessageFixedData> DecodeReminderMessageFixed(const RecordedEvent& e) {
  return Decode<ReminderMessageFixedData>(e, [&](EventDataReader& r, ReminderMessageFixedData& d) {
    d.message_id = r.String("message_id");
    d.members = r.OptionalStringList("members");
    d.built_at = Instant(r, r.String("built_at"), "built_at");
  });
}

Result<ReminderDeliveredData> DecodeReminderDelivered(const RecordedEvent& e) {
  return Decode<ReminderDeliveredData>(e, [&](EventDataReader& r, ReminderDeliveredData& d) {
    AttemptFields(e, r, d);
    d.late = OptionalBool(e, r, "late");
  });
}

Result<ReminderFailedData> DecodeReminderFailed(const RecordedEvent& e) {
  return Decode<ReminderFailedData>(e, [&](EventDataReader& r, ReminderFailedData& d) {
    AttemptFields(e, r, d);
    d.error = r.OptionalString("error");
    d.permanent = OptionalBool(e, r, "permanent");
    d.retry_at = OptionalInstant(r, "retry_at");
  });
}

Result<ReminderParkedData> DecodeReminderParked(const RecordedEvent& e) {
  return Decode<ReminderParkedData>(e, [&](EventDataReader& r, ReminderParkedData& d) {
    AttemptFields(e, r, d);
    d.reason = r.OptionalString("reason");
  });
}

Result<ReminderRequeuedData> DecodeReminderRequeued(const RecordedEvent& e) {
  return Decode<ReminderRequeuedData>(e, [&](EventDataReader& r, ReminderRequeuedData& d) {
    d.reason = r.OptionalString("reason");
  });
}

Result<ReminderSkippedData> DecodeReminderSkipped(const RecordedEvent& e) {
  return Decode<ReminderSkippedData>(e, [&](EventDataReader& r, ReminderSkippedData& d) {
    d.reason = r.OptionalString("reason");
  });
}

std::string ActionCalendarUid(const std::string& action_id) { return "action-" + action_id + "@mrtrack"; }

const char* ReminderStateName(ReminderState s) {
  switch (s) {
    case ReminderState::kPending: return "pending";
    case ReminderState::kDelivered: return "delivered";
    case ReminderState::kParked: return "parked";
    case ReminderState::kSkipped: return "skipped";
  }
  return "pending";
}

std::optional<ReminderState> ReminderStateFromName(const std::string& name) {
  for (ReminderState s : {ReminderState::kPending, ReminderState::kDelivered, ReminderState::kParked,
                          ReminderState::kSkipped}) {
    if (name == ReminderStateName(s)) return s;
  }
  return std::nullopt;
}

Status ApplyReminderEvent(ReminderStreamState& s, const RecordedEvent& event) {
  const std::string& type = event.type;
  const bool known = type == types::kReminderDue || type == types::kReminderMessageFixed ||
                     type == types::kReminderDelivered || type == types::kReminderFailed ||
                     type == types::kReminderParked || type == types::kReminderRequeued ||
                     type == types::kReminderSkipped;
  // Every event is a version of the stream, whatever the fold makes of it.
  s.version = event.version;
  s.last_position = event.position;
  if (!known) return Status::Ok();
  if (type == types::kReminderDue) {
    MRTRACK_ASSIGN_OR_RETURN(ReminderDueData due, DecodeReminderDue(event));
    if (s.exists) return Status::Ok();  // The first ReminderDue defines the reminder.
    s.exists = true;
    s.state = ReminderState::kPending;
    s.recipient = due.recipient;
    s.late = due.late;
    s.due = std::move(due);
    return Status::Ok();
  }
  MRTRACK_RETURN_IF_ERROR(NeedsDue(s, event));
  if (type == types::kReminderMessageFixed) {
    MRTRACK_ASSIGN_OR_RETURN(ReminderMessageFixedData d, DecodeReminderMessageFixed(event));
    if (IsFinal(s.state) || !s.message_id.empty()) return Status::Ok();
    s.message_id = std::move(d.message_id);
    s.message_members = std::move(d.members);
    s.message_built_at = d.built_at;
  } else if (type == types::kReminderDelivered) {
    MRTRACK_ASSIGN_OR_RETURN(ReminderDeliveredData d, DecodeReminderDelivered(event));
    if (IsFinal(s.state)) return Status::Ok();
    RecordAttempt(s, d);
    s.state = ReminderState::kDelivered;
    s.delivered_at = event.recorded_at;
    if (!d.message_id.empty()) s.message_id = std::move(d.message_id);  // The id it actually went out under.
    s.late = s.late || d.late;
    s.retry_at.reset();
    s.note.clear();
  } else if (type == types::kReminderFailed) {
    MRTRACK_ASSIGN_OR_RETURN(ReminderFailedData d, DecodeReminderFailed(event));
    if (IsFinal(s.state)) return Status::Ok();
    RecordAttempt(s, d);
    s.state = d.permanent ? ReminderState::kParked : ReminderState::kPending;
    if (d.permanent) s.parked_at = event.recorded_at;
    s.note = std::move(d.error);
    s.retry_at = d.permanent ? std::nullopt : d.retry_at;
  } else if (type == types::kReminderParked) {
    MRTRACK_ASSIGN_OR_RETURN(ReminderParkedData d, DecodeReminderParked(event));
    if (IsFinal(s.state)) return Status::Ok();
    RecordAttempt(s, d);
    s.state = ReminderState::kParked;
    s.parked_at = event.recorded_at;
    s.note = std::move(d.reason);
    s.retry_at.reset();
  } else if (type == types::kReminderRequeued) {
    MRTRACK_ASSIGN_OR_RETURN(ReminderRequeuedData d, DecodeReminderRequeued(event));
    if (s.state != ReminderState::kParked) return Status::Ok();
    s.state = ReminderState::kPending;
    s.attempts_at_requeue = s.attempts;
    s.retry_at.reset();
    s.note = "requeued: " + d.reason;
  } else {
    MRTRACK_ASSIGN_OR_RETURN(ReminderSkippedData d, DecodeReminderSkipped(event));
    if (IsFinal(s.state)) return Status::Ok();
    s.state = ReminderState::kSkipped;
    s.retry_at.reset();
    s.note = std::move(d.reason);
  }
  return Status::Ok();
}

}  // namespace mrtrack::events
