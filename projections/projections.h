// Projections: the persistent read side of mrtrack (DESIGN.md "Projections").
//
// Open() loads the views DB (views_dir, normally <data_dir>/views; layout in
// projections/views_db.h and docs/AUDIT.md) into memory and catches up from
// its checkpoint — not from zero — by scanning the log sequentially. Every
// batch of applied events (ProjectionOptions::batch_events) is written as one
// RocksDB WriteBatch holding the changed rows and the new checkpoint, so the
// stored rows and checkpoint always agree. A rebuild is the same catch-up from
// position 0 into an empty views DB (offline.h RebuildViews) and produces the
// same bytes as any sequence of incremental catch-ups.
//
// When the stored checkpoint does not belong to the log (its position is past
// the head, or the event there has another chain hash: a restored or replaced
// store) or the views DB has another format, Open() deletes the views and
// rebuilds them; OpenInfo says why.
//
// Queries run on the in-memory model: Read() hands it out under a shared lock;
// the helpers below wrap the query functions of action_query.h / summary.h.
//
// Thread safety: all methods are safe to call concurrently. CatchUp() calls
// are serialized; queries run concurrently with each other and wait only
// while one batch is being applied.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/mutex.h"
#include "common/status.h"
#include "events/store.h"
#include "projections/action_query.h"
#include "projections/summary.h"
#include "projections/view_model.h"

namespace mrtrack::projections {

class ViewsDb;

struct ProjectionOptions {
  // Default: 4096. Events applied per WriteBatch (and per hold of the
  // exclusive lock) during a catch-up.
  std::size_t batch_events = 4096;
  // Default: true. Catch up to the head of the log inside Open().
  bool catch_up_on_open = true;
};

struct OpenInfo {
  std::uint64_t loaded_position = 0;  // The checkpoint found in the views DB (0 when empty or rebuilt).
  std::uint64_t events_applied = 0;   // Events applied by the catch-up inside Open().
  std::string rebuilt_because;        // Why the stored views were discarded; empty when they were used.
};

// Default batch size of a rebuild: bigger batches, fewer rewrites of rows.
inline constexpr std::size_t kRebuildBatchEvents = 16384;

struct RebuildReport {
  std::uint64_t events_applied = 0;
  std::uint64_t position = 0;       // The position the new views reflect.
  std::size_t evaluations = 0, actions = 0;
};

struct ProjectionStats {
  std::uint64_t position = 0;         // The log position the views reflect.
  std::uint64_t events_applied = 0;   // Since Open (including Open's catch-up).
  std::uint64_t batches_written = 0;  // Views WriteBatches since Open.
  std::uint64_t catch_ups = 0;        // CatchUp calls that applied at least one event.
  std::uint64_t rejected_events = 0;  // Events skipped because their fold refused them (whole log).
};

class Projections {
 public:
  // `store` must outlive the returned object.
  static Result<std::unique_ptr<Projections>> Open(const std::string& views_dir, const events::EventStore& store,
                                                   const ProjectionOptions& options = {});
  ~Projections();
  Projections(const Projections&) = delete;
  Projections& operator=(const Projections&) = delete;

  // Applies every event after the checkpoint up to the end of the log and
  // returns how many. Events the domain's folds refuse as corrupt are skipped
  // and listed (ViewModel::rejected(), Stats().rejected_events). A failed
  // views write or an internal error is sticky: the projection goes back to
  // its last stored checkpoint and every later call returns that error. A
  // failed read of the log is returned as is (the next call retries).
  Result<std::uint64_t> CatchUp();

  // Deletes the views DB and rebuilds it from position 1 (batches of
  // kRebuildBatchEvents), clearing a sticky error. Queries meanwhile see the
  // views grow from empty; Position() starts again from 0.
  Result<RebuildReport> Rebuild();

  std::uint64_t Position() const;
  // Blocks until Position() >= position or `timeout` passes; true when reached.
  // (Read-your-writes for the API: wait for the position an append returned.)
  bool WaitForPosition(std::uint64_t position, std::chrono::milliseconds timeout) const;

  // Runs `read` with the model under the shared lock; keep it short.
  void Read(const std::function<void(const ViewModel&)>& read) const;

  Result<ActionPage> ListActions(const ActionQuery& query, const QueryTime& time) const;
  Result<ActionRow> GetAction(const std::string& action_id, const QueryTime& time) const;
  Result<std::vector<ActionRow>> OpenActionsWithDeadline(const QueryTime& time) const;
  Result<std::vector<Summary>> SummarizeByUnit(const SummaryQuery& query) const;
  Result<std::vector<Summary>> SummarizeByEvaluation(const SummaryQuery& query) const;
  Result<Summary> SummarizeAll(const SummaryQuery& query) const;
  // The ids of the evaluation's key actions (for EvaluationHistory); kNotFound
  // when the evaluation is unknown.
  Result<std::vector<std::string>> ActionIdsOfEvaluation(const std::string& evaluation_id) const;

  const OpenInfo& open_info() const { return open_info_; }
  ProjectionStats Stats() const;
  const events::EventStore& store() const { return store_; }

 private:
  Projections(std::string views_dir, const events::EventStore& store, const ProjectionOptions& options);
  Status Load() MRTRACK_EXCLUDES(catch_up_mu_, position_mu_);
  Result<std::uint64_t> CatchUpLocked(std::size_t batch_events) MRTRACK_REQUIRES(catch_up_mu_);
  void Publish(std::uint64_t position);
  // model_ for CatchUpLocked, its only writer (under catch_up_mu_): it may
  // read model_ without model_mu_ and holds model_mu_ for every change.
  ViewModel& CatchUpModel() MRTRACK_NO_THREAD_SAFETY_ANALYSIS { return model_; }

  // Constant after construction.
  const std::string views_dir_;
  const events::EventStore& store_;
  const ProjectionOptions options_;
  OpenInfo open_info_;

  // Serializes CatchUp; guards db_ and failed_.
  mutable Mutex catch_up_mu_;
  std::unique_ptr<ViewsDb> db_ MRTRACK_GUARDED_BY(catch_up_mu_);
  Status failed_ MRTRACK_GUARDED_BY(catch_up_mu_);

  // Written by CatchUp only; read by Stats() without waiting for a catch-up.
  std::atomic<std::uint64_t> events_applied_{0}, batches_written_{0}, catch_ups_{0};

  // Guards model_: shared for queries, exclusive while a batch is applied.
  // CatchUpLocked, the only writer (under catch_up_mu_), also reads model_
  // between batches without it.
  mutable SharedMutex model_mu_ MRTRACK_ACQUIRED_AFTER(catch_up_mu_);
  ViewModel model_ MRTRACK_GUARDED_BY(model_mu_);

  // Guards published_ (the position of the last written batch) for waiters.
  mutable Mutex position_mu_;
  mutable CondVar position_cv_;
  std::uint64_t published_ MRTRACK_GUARDED_BY(position_mu_) = 0;
};

}  // namespace mrtrack::projections
