// ViewsDb: the RocksDB database at <data_dir>/views holding the key-action
// view and its checkpoint (internal to projections/).
//
// Persistent format 5 (default column family, ASCII keys; values are compact
// JSON with sorted keys, see state_codec.h):
//   "action/<action_id>"                   key action state without comments, with comment_count
//   "comment/<action_id>/<index>"          one comment; index is 0-based, 10 digits, zero-padded
//   "evaluation/<evaluation_id>"           evaluation with its recommendations and responses
//   "reminder/<reminder_id>"               a reminder's outcome (reminder_outcome.h)
//   "meta/checkpoint"                      {"hash","position","recorded_at"} of the last event reflected
//   "meta/format"                          "5" (format 1 had no reminder rows, format 2 no
//                                          reason, format 3 no workflow fields, format 4 no
//                                          recommendation priority; a DB of another format is
//                                          rebuilt on open)
//   "meta/rejected"                        [{"error","position","stream","type"}, ...] events the folds refused
// Every write is one WriteBatch holding the changed rows AND the checkpoint,
// so the rows never run ahead of or behind it. Writes are not fsynced (the
// views can be recomputed from the log) but go through the WAL, so a crash
// loses a suffix of whole batches: the DB is then at an older checkpoint and
// catches up from there.
//
// Thread safety: Write must not run concurrently with itself; the rest is safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "common/status.h"
#include "projections/view_model.h"

namespace mrtrack::projections {

inline constexpr char kViewsFormat[] = "5";
inline constexpr char kFormatKey[] = "meta/format";
inline constexpr char kCheckpointKey[] = "meta/checkpoint";
inline constexpr char kRejectedKey[] = "meta/rejected";

std::string ActionKey(const std::string& action_id);
std::string CommentKey(const std::string& action_id, std::size_t index);
std::string EvaluationKey(const std::string& evaluation_id);
std::string ReminderKey(const std::string& reminder_id);

class ViewsDb {
 public:
  // Opens (creating if needed) the views DB in `dir`.
  static Result<std::unique_ptr<ViewsDb>> Open(const std::string& dir);
  // Deletes the views DB in `dir` (nothing to do when there is none).
  static Status Destroy(const std::string& dir);

  ~ViewsDb();
  ViewsDb(const ViewsDb&) = delete;
  ViewsDb& operator=(const ViewsDb&) = delete;

  // Reads every row into a model. An empty DB gives a model at position 0.
  // kFailedPrecondition when the DB has another format; kCorruption when a row
  // does not decode.
  Result<ViewModel> Load() const;

  // Adds to `batch` the rows `changes` names (taken from `model`), the format
  // and the model's checkpoint.
  static void BuildBatch(const ViewModel& model, const ModelChanges& changes, rocksdb::WriteBatch& batch);
  // Writes BuildBatch's batch, as one atomic write without fsync.
  Status Write(const ViewModel& model, const ModelChanges& changes);

  // Visits every key and value in key order (tests compare two views DBs).
  Status ForEach(const std::function<void(const std::string& key, const std::string& value)>& visit) const;

 private:
  ViewsDb(std::string dir, std::unique_ptr<rocksdb::DB> db) : dir_(std::move(dir)), db_(std::move(db)) {}

  const std::string dir_;
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace mrtrack::projections
