#include "projections/history.h"

#include <algorithm>
#include <functional>

#include "common/time.h"
#include "events/domain/evaluation.h"
#include "projections/history_changes.h"
#include "projections/view_model.h"

namespace mrtrack::projections {
namespace {

constexpr std::size_t kPage = 1024;

// Calls `visit` for every event of `stream`, oldest first, page by page.
Status ForEachInStream(const events::EventStore& store, const std::string& stream,
                       const std::function<Status(const events::RecordedEvent&)>& visit) {
  std::uint64_t from = 1;
  while (true) {
    MRTRACK_ASSIGN_OR_RETURN(auto page, store.ReadStream(stream, from, events::Direction::kForward, kPage));
    for (const auto& event : page) MRTRACK_RETURN_IF_ERROR(visit(event));
    if (page.size() < kPage) return Status::Ok();
    from = page.back().version + 1;
  }
}

HistoryEntry Entry(const events::RecordedEvent& e, EventChanges changes) {
  HistoryEntry h;
  h.position = e.position;
  h.stream = e.stream;
  h.version = e.version;
  h.event_id = e.event_id;
  h.type = e.type;
  h.recorded_at = e.recorded_at;
  h.actor = e.actor;
  h.correlation_id = e.correlation_id;
  h.causation_id = e.causation_id;
  h.subject = std::move(changes.subject);
  h.reason = std::move(changes.reason);
  h.summary = std::move(changes.summary);
  h.changes = std::move(changes.changes);
  h.data = e.data;
  return h;
}

Status AppendActionHistory(const events::EventStore& store, const std::string& action_id,
                           std::vector<HistoryEntry>& out) {
  const std::string stream = kActionStreamPrefix + action_id;
  if (store.StreamVersion(stream) == 0) return NotFound("no key action '" + action_id + "'", "action_id");
  return ForEachInStream(store, stream, [&](const events::RecordedEvent& e) {
    EventChanges changes = DescribeActionEvent(e);
    if (changes.subject.empty()) changes.subject = action_id;
    out.push_back(Entry(e, std::move(changes)));
    return Status::Ok();
  });
}

}  // namespace

Result<std::vector<HistoryEntry>> ActionHistory(const events::EventStore& store, const std::string& action_id) {
  std::vector<HistoryEntry> out;
  MRTRACK_RETURN_IF_ERROR(AppendActionHistory(store, action_id, out));
  return out;
}

Result<std::vector<HistoryEntry>> EvaluationHistory(const events::EventStore& store, const std::string& evaluation_id,
                                                    const std::vector<std::string>& action_ids) {
  const std::string stream = kEvaluationStreamPrefix + evaluation_id;
  if (store.StreamVersion(stream) == 0) return NotFound("no evaluation '" + evaluation_id + "'", "evaluation_id");
  std::vector<HistoryEntry> out;
  events::EvaluationState state;  // Before the event being described.
  MRTRACK_RETURN_IF_ERROR(ForEachInStream(store, stream, [&](const events::RecordedEvent& e) {
    EventChanges changes = DescribeEvaluationEvent(e, state);
    if (changes.subject.empty()) changes.subject = evaluation_id;
    out.push_back(Entry(e, std::move(changes)));
    return events::ApplyEvaluationEvent(state, e).WithContext("history of " + stream);
  }));
  for (const auto& id : action_ids) MRTRACK_RETURN_IF_ERROR(AppendActionHistory(store, id, out));
  std::sort(out.begin(), out.end(), [](const HistoryEntry& a, const HistoryEntry& b) { return a.position < b.position; });
  return out;
}

std::string RenderChange(const FieldChange& c) { return c.field + ": " + c.from_text + " -> " + c.to_text; }

nlohmann::json HistoryEntryToJson(const HistoryEntry& h) {
  using nlohmann::json;
  json changes = json::array();
  for (const auto& c : h.changes) {
    changes.push_back(json{{"field", c.field}, {"from", c.from}, {"to", c.to}, {"from_text", c.from_text},
                           {"to_text", c.to_text}});
  }
  return json{{"position", h.position},
              {"stream", h.stream},
              {"version", h.version},
              {"event_id", h.event_id},
              {"type", h.type},
              {"recorded_at", FormatTimestamp(h.recorded_at)},
              {"actor", h.actor},
              {"correlation_id", h.correlation_id},
              {"causation_id", h.causation_id},
              {"subject", h.subject},
              {"reason", h.reason},
              {"summary", h.summary},
              {"changes", std::move(changes)},
              {"data", h.data}};
}

}  // namespace mrtrack::projections
