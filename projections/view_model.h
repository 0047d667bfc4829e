// ViewModel: the in-memory read model — every evaluation and key action of the
// log folded with the domain's own folds (events/domain), plus the indexes the
// queries use. It is the one piece of apply logic of the read side: the
// persistent projection (projections.h), the rebuild and every as-of replay
// (as_of.h) feed events through ViewModel::Apply and nothing else.
//
// Events must be applied in log order without gaps (position() + 1 each time).
// Reminder streams ("reminder-<id>") give each action's reminder outcomes;
// streams of other kinds only advance the position. Nothing here depends on the wall clock or on the time
// zone: "overdue" is derived by the queries at an instant they are given.
//
// Thread safety: none; a ViewModel is a value. The persistent projection guards
// its copy with a shared_mutex.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/crypto.h"
#include "common/status.h"
#include "events/domain/evaluation.h"
#include "events/domain/key_action.h"
#include "events/event.h"
#include "projections/reminder_outcome.h"

namespace mrtrack::projections {

// Stream name prefixes (events/domain/event_types.h).
inline constexpr char kEvaluationStreamPrefix[] = "evaluation-";
inline constexpr char kActionStreamPrefix[] = "action-";
inline constexpr char kReminderStreamPrefix[] = "reminder-";

// Where the model stands in the log.
struct Checkpoint {
  std::uint64_t position = 0;   // Last event applied; 0 before the first.
  Sha256Digest hash{};          // Its chain hash (32 zero bytes at position 0).
  Timestamp recorded_at{};      // Its recorded_at (the epoch at position 0).
  bool operator==(const Checkpoint&) const = default;
};

// An event the domain's fold refused (malformed data of a known type). The
// log is immutable, so the views skip it — the state stays as it was before
// it, except that the stream's version counts it — and keep it on this list
// for operators and auditors, rather than stop at it forever.
struct RejectedEvent {
  std::uint64_t position = 0;
  std::string stream, type;
  std::string error;  // The fold's message.
  bool operator==(const RejectedEvent&) const = default;
};

// What Apply changed since the last TakeChanges(): what the persistent
// projection must write.
struct ModelChanges {
  std::set<std::string> evaluations;  // Evaluation ids whose state changed.
  std::set<std::string> actions;      // Action ids whose state changed.
  std::set<std::string> reminders;    // Reminder ids whose outcome changed.
  // Comments appended: (action id, 0-based index into KeyActionState::comments).
  std::vector<std::pair<std::string, std::size_t>> new_comments;
  bool rejected = false;              // The list of rejected events grew.
};

class ViewModel {
 public:
  using EvaluationMap = std::map<std::string, events::EvaluationState>;
  using ActionMap = std::map<std::string, events::KeyActionState>;
  using IdIndex = std::map<std::string, std::set<std::string>>;
  using ReminderMap = std::map<std::string, ReminderOutcome>;  // By reminder id.

  ViewModel() = default;
  // Restores a model saved by the views DB (no changes are recorded).
  ViewModel(Checkpoint checkpoint, EvaluationMap evaluations, ActionMap actions, ReminderMap reminders,
            std::vector<RejectedEvent> rejected);

  // Applies the event at position() + 1. An event the domain's fold rejects
  // as corrupt is skipped and listed in rejected(). Errors: kInternal when
  // the position is not the next one (the model is unchanged); any other
  // error of a fold, with the position, stream and type as context.
  Status Apply(const events::RecordedEvent& event);

  const Checkpoint& checkpoint() const { return checkpoint_; }
  std::uint64_t position() const { return checkpoint_.position; }

  const EvaluationMap& evaluations() const { return evaluations_; }
  const ActionMap& actions() const { return actions_; }
  const events::EvaluationState* FindEvaluation(const std::string& evaluation_id) const;
  const events::KeyActionState* FindAction(const std::string& action_id) const;
  // The recommendation an action belongs to, or nullptr.
  const events::Recommendation* FindRecommendation(const events::KeyActionState& action) const;

  // Action ids per unit id (only units of the directory; an action with
  // several units is under each) and per evaluation id.
  const IdIndex& actions_by_unit() const { return by_unit_; }
  const IdIndex& actions_by_evaluation() const { return by_evaluation_; }

  // Every reminder the notifier recorded, and their ids per action id.
  const ReminderMap& reminders() const { return reminders_; }
  const IdIndex& reminders_by_action() const { return reminders_by_action_; }

  // Events skipped because their fold failed, in log order.
  const std::vector<RejectedEvent>& rejected() const { return rejected_; }

  // Turns change recording on (off by default: as-of replays need none).
  void set_record_changes(bool on) { record_changes_ = on; }
  // Returns and clears what changed since the last call.
  ModelChanges TakeChanges();

 private:
  Status ApplyToAction(const std::string& action_id, const events::RecordedEvent& event);
  Status ApplyToEvaluation(const std::string& evaluation_id, const events::RecordedEvent& event);
  Status ApplyToReminder(const std::string& reminder_id, const events::RecordedEvent& event);
  void Index(const std::string& action_id, const events::KeyActionState& state);
  void Unindex(const std::string& action_id, const events::KeyActionState& state);

  Checkpoint checkpoint_;
  EvaluationMap evaluations_;
  ActionMap actions_;
  IdIndex by_unit_;
  IdIndex by_evaluation_;
  ReminderMap reminders_;
  IdIndex reminders_by_action_;
  std::vector<RejectedEvent> rejected_;
  bool record_changes_ = false;
  ModelChanges changes_;
};

}  // namespace mrtrack::projections
