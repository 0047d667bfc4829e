#include "projections/projections.h"

#include <algorithm>

#include "projections/views_db.h"

namespace mrtrack::projections {

Projections::Projections(std::string views_dir, const events::EventStore& store, const ProjectionOptions& options)
    : views_dir_(std::move(views_dir)), store_(store), options_(options) {}

Projections::~Projections() = default;

Result<std::unique_ptr<Projections>> Projections::Open(const std::string& views_dir, const events::EventStore& store,
                                                       const ProjectionOptions& options) {
  if (options.batch_events == 0) return InvalidArgument("batch_events must be at least 1", "batch_events");
  std::unique_ptr<Projections> p(new Projections(views_dir, store, options));
  MRTRACK_RETURN_IF_ERROR(p->Load());
  if (options.catch_up_on_open) {
    MRTRACK_ASSIGN_OR_RETURN(p->open_info_.events_applied, p->CatchUp());
  }
  return p;
}

// Loads the stored views, or starts them afresh when they do not belong to
// this log. Runs before the object is shared; the locks, never contended
// here, are taken for the analysis's sake.
Status Projections::Load() {
  MutexLock lock(&catch_up_mu_);
  WriterMutexLock model_lock(&model_mu_);
  MRTRACK_ASSIGN_OR_RETURN(db_, ViewsDb::Open(views_dir_));
  std::string discard_because;
  auto loaded = db_->Load();
  if (!loaded.ok()) {
    if (loaded.status().code() != StatusCode::kFailedPrecondition) return loaded.status();
    discard_because = loaded.status().message();
  } else {
    const Checkpoint& c = loaded->checkpoint();
    const std::uint64_t head = store_.HeadPosition();
    if (c.position > head) {
      discard_because = "the views reflect position " + std::to_string(c.position) + " but the log ends at " +
                        std::to_string(head);
    } else if (c.position > 0) {
      MRTRACK_ASSIGN_OR_RETURN(auto at, store_.ReadAll(c.position, 1));
      if (at.empty() || at.front().chain_hash != c.hash) {
        discard_because = "the event at the views' checkpoint (position " + std::to_string(c.position) +
                          ") has another chain hash: the views belong to another log";
      }
    }
  }
  if (discard_because.empty()) {
    model_ = std::move(loaded).value();
    open_info_.loaded_position = model_.position();
  } else {
    db_.reset();
    MRTRACK_RETURN_IF_ERROR(ViewsDb::Destroy(views_dir_));
    MRTRACK_ASSIGN_OR_RETURN(db_, ViewsDb::Open(views_dir_));
    model_ = ViewModel();
    open_info_.rebuilt_because = discard_because;
  }
  model_.set_record_changes(true);
  MutexLock position_lock(&position_mu_);
  published_ = model_.position();
  return Status::Ok();
}

Result<std::uint64_t> Projections::CatchUp() {
  MutexLock guard(&catch_up_mu_);
  return CatchUpLocked(options_.batch_events);
}

Result<RebuildReport> Projections::Rebuild() {
  MutexLock guard(&catch_up_mu_);
  {
    WriterMutexLock lock(&model_mu_);
    db_.reset();
    model_ = ViewModel();
    model_.set_record_changes(true);
    failed_ = ViewsDb::Destroy(views_dir_);
    if (failed_.ok()) {
      auto db = ViewsDb::Open(views_dir_);
      if (db.ok()) db_ = std::move(db).value();
      failed_ = db.status();
    }
  }
  Publish(0);
  MRTRACK_RETURN_IF_ERROR(failed_);
  MRTRACK_ASSIGN_OR_RETURN(std::uint64_t applied, CatchUpLocked(std::max(options_.batch_events, kRebuildBatchEvents)));
  ReaderMutexLock lock(&model_mu_);
  return RebuildReport{applied, model_.position(), model_.evaluations().size(), model_.actions().size()};
}

namespace {

// Holds a SharedMutex exclusively for a batch of the catch-up, across the
// store's scan callbacks, and lets it go when the batch is written or the
// catch-up ends. The analysis cannot follow a lock held between calls.
class BatchLock {
 public:
  explicit BatchLock(SharedMutex* mu) : mu_(mu) {}
  ~BatchLock() { Release(); }
  BatchLock(const BatchLock&) = delete;
  BatchLock& operator=(const BatchLock&) = delete;

  void Hold() MRTRACK_NO_THREAD_SAFETY_ANALYSIS {
    if (held_) return;
    mu_->Lock();
    held_ = true;
  }
  void Release() MRTRACK_NO_THREAD_SAFETY_ANALYSIS {
    if (!held_) return;
    mu_->Unlock();
    held_ = false;
  }

 private:
  SharedMutex* const mu_;
  bool held_ = false;
};

}  // namespace

Result<std::uint64_t> Projections::CatchUpLocked(std::size_t batch_events) {
  if (!failed_.ok()) return failed_;
  std::uint64_t applied = 0;
  std::size_t in_batch = 0;
  Status apply_error, write_error;
  // The lambdas below are analysed apart from this function: they use
  // references. db_ is set whenever failed_ is Ok.
  ViewsDb& db = *db_;
  ViewModel& model = CatchUpModel();
  BatchLock lock(&model_mu_);
  auto write_batch = [&] {
    ModelChanges changes = model.TakeChanges();
    write_error = db.Write(model, changes);
    const std::uint64_t position = model.position();
    lock.Release();
    in_batch = 0;
    if (!write_error.ok()) return false;
    ++batches_written_;
    Publish(position);
    return true;
  };
  Status scanned = store_.Scan(model.position() + 1, [&](const events::RecordedEvent& event) {
    lock.Hold();
    apply_error = model.Apply(event);
    if (!apply_error.ok()) return false;
    ++applied;
    return ++in_batch < batch_events || write_batch();
  });
  if (apply_error.ok() && write_error.ok() && in_batch > 0) write_batch();
  events_applied_ += applied;
  if (applied > 0) ++catch_ups_;

  if (!apply_error.ok() || !write_error.ok()) {
    // The in-memory model may be ahead of the stored checkpoint: go back to
    // what is stored, so that queries see a state the views DB also has.
    failed_ = !apply_error.ok() ? apply_error : write_error;
    lock.Hold();
    auto reloaded = db.Load();
    model = reloaded.ok() ? std::move(reloaded).value() : ViewModel();
    model.set_record_changes(true);
    return failed_;
  }
  if (!scanned.ok()) return scanned.WithContext("projection catch-up: reading the log");
  return applied;
}

void Projections::Publish(std::uint64_t position) {
  // Also called with a lower position when a rebuild starts over.
  {
    MutexLock guard(&position_mu_);
    published_ = position;
  }
  position_cv_.SignalAll();
}

std::uint64_t Projections::Position() const {
  MutexLock guard(&position_mu_);
  return published_;
}

bool Projections::WaitForPosition(std::uint64_t position, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  MutexLock lock(&position_mu_);
  while (published_ < position) {
    if (!position_cv_.WaitUntil(&position_mu_, deadline)) return published_ >= position;
  }
  return true;
}

void Projections::Read(const std::function<void(const ViewModel&)>& read) const {
  ReaderMutexLock lock(&model_mu_);
  read(model_);
}

Result<ActionPage> Projections::ListActions(const ActionQuery& query, const QueryTime& time) const {
  ReaderMutexLock lock(&model_mu_);
  return projections::ListActions(model_, query, time);
}

Result<ActionRow> Projections::GetAction(const std::string& action_id, const QueryTime& time) const {
  ReaderMutexLock lock(&model_mu_);
  return GetActionRow(model_, action_id, time);
}

Result<std::vector<ActionRow>> Projections::OpenActionsWithDeadline(const QueryTime& time) const {
  ReaderMutexLock lock(&model_mu_);
  return projections::OpenActionsWithDeadline(model_, time);
}

Result<std::vector<Summary>> Projections::SummarizeByUnit(const SummaryQuery& query) const {
  ReaderMutexLock lock(&model_mu_);
  return projections::SummarizeByUnit(model_, query);
}

Result<std::vector<Summary>> Projections::SummarizeByEvaluation(const SummaryQuery& query) const {
  ReaderMutexLock lock(&model_mu_);
  return projections::SummarizeByEvaluation(model_, query);
}

Result<Summary> Projections::SummarizeAll(const SummaryQuery& query) const {
  ReaderMutexLock lock(&model_mu_);
  return projections::SummarizeAll(model_, query);
}

Result<std::vector<std::string>> Projections::ActionIdsOfEvaluation(const std::string& evaluation_id) const {
  ReaderMutexLock lock(&model_mu_);
  const auto& index = model_.actions_by_evaluation();
  auto it = index.find(evaluation_id);
  if (it == index.end()) {
    if (model_.FindEvaluation(evaluation_id) == nullptr) {
      return NotFound("no evaluation '" + evaluation_id + "'", "evaluation_id");
    }
    return std::vector<std::string>{};
  }
  return std::vector<std::string>(it->second.begin(), it->second.end());
}

ProjectionStats Projections::Stats() const {
  ProjectionStats stats;
  stats.position = Position();
  stats.events_applied = events_applied_;
  stats.batches_written = batches_written_;
  stats.catch_ups = catch_ups_;
  ReaderMutexLock lock(&model_mu_);
  stats.rejected_events = model_.rejected().size();
  return stats;
}

}  // namespace mrtrack::projections
