#include "projections/views_db.h"

#include <cstdio>
#include <filesystem>

#include <rocksdb/iterator.h>
#include <rocksdb/options.h>

#include "events/rocks_info_log.h"
#include "projections/state_codec.h"

namespace mrtrack::projections {
namespace {

constexpr char kActionPrefix[] = "action/";
constexpr char kCommentPrefix[] = "comment/";
constexpr char kEvaluationPrefix[] = "evaluation/";
constexpr char kReminderPrefix[] = "reminder/";

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.size() >= prefix.size() && std::string_view(s).substr(0, prefix.size()) == prefix;
}

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsCorruption()) return Corruption(what + ": " + s.ToString());
  return IoError(what + ": " + s.ToString());
}

}  // namespace

std::string ActionKey(const std::string& action_id) { return kActionPrefix + action_id; }

std::string CommentKey(const std::string& action_id, std::size_t index) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%010zu", index);
  return kCommentPrefix + action_id + "/" + digits;
}

std::string EvaluationKey(const std::string& evaluation_id) { return kEvaluationPrefix + evaluation_id; }

std::string ReminderKey(const std::string& reminder_id) { return kReminderPrefix + reminder_id; }

Result<std::unique_ptr<ViewsDb>> ViewsDb::Open(const std::string& dir) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.info_log = events::MakeRocksInfoLog("views");  // Not a LOG file on the data disk (see the header).
  // Made here, not by RocksDB: it logs a missing directory as an error before
  // creating it, and that line would now reach the daemon's and the CLI's output.
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return IoError("cannot create the views DB directory " + dir + ": " + ec.message());
  rocksdb::DB* raw = nullptr;
  MRTRACK_RETURN_IF_ERROR(FromRocks(rocksdb::DB::Open(options, dir, &raw), "cannot open the views DB at " + dir));
  return std::unique_ptr<ViewsDb>(new ViewsDb(dir, std::unique_ptr<rocksdb::DB>(raw)));
}

Status ViewsDb::Destroy(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return Status::Ok();
  MRTRACK_RETURN_IF_ERROR(FromRocks(rocksdb::DestroyDB(dir, rocksdb::Options()), "cannot delete the views DB at " + dir));
  // DestroyDB leaves the directory (and any stray file) behind.
  std::filesystem::remove_all(dir, ec);
  if (ec) return IoError("cannot delete " + dir + ": " + ec.message());
  return Status::Ok();
}

ViewsDb::~ViewsDb() {
  if (db_) db_->Close().PermitUncheckedError();
}

Result<ViewModel> ViewsDb::Load() const {
  Checkpoint checkpoint;
  ViewModel::EvaluationMap evaluations;
  ViewModel::ActionMap actions;
  ViewModel::ReminderMap reminders;
  std::vector<RejectedEvent> rejected;
  // The format first: rows of another format must lead to a rebuild
  // (kFailedPrecondition), not to a decoding error.
  std::string format;
  if (auto s = db_->Get(rocksdb::ReadOptions(), kFormatKey, &format); s.ok() && format != kViewsFormat) {
    return FailedPrecondition("views DB at " + dir_ + " has format " + format + ", this build writes format " +
                              kViewsFormat);
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string key = it->key().ToString();
    const std::string value = it->value().ToString();
    if (key == kFormatKey) {
      if (value != kViewsFormat) {
        return FailedPrecondition("views DB at " + dir_ + " has format " + value + ", this build writes format " +
                                  kViewsFormat);
      }
      continue;
    }
    MRTRACK_ASSIGN_OR_RETURN(nlohmann::json j, ParseJson(value, key));
    if (key == kCheckpointKey) {
      MRTRACK_ASSIGN_OR_RETURN(checkpoint, DecodeCheckpoint(j));
    } else if (key == kRejectedKey) {
      MRTRACK_ASSIGN_OR_RETURN(rejected, DecodeRejected(j));
    } else if (StartsWith(key, kActionPrefix)) {
      auto state = DecodeActionState(j);
      if (!state.ok()) return state.status().WithContext(key);
      actions.emplace(key.substr(sizeof kActionPrefix - 1), std::move(state).value());
    } else if (StartsWith(key, kCommentPrefix)) {
      // "comment/<id>/<index>": keys sort after every "action/" key and in
      // index order, so appending rebuilds the list.
      const std::string rest = key.substr(sizeof kCommentPrefix - 1);
      const auto slash = rest.rfind('/');
      auto owner = slash == std::string::npos ? actions.end() : actions.find(rest.substr(0, slash));
      if (owner == actions.end()) return Corruption("views DB: " + key + " belongs to no key action row");
      auto comment = DecodeComment(j);
      if (!comment.ok()) return comment.status().WithContext(key);
      owner->second.comments.push_back(std::move(comment).value());
    } else if (StartsWith(key, kEvaluationPrefix)) {
      auto state = DecodeEvaluationState(j);
      if (!state.ok()) return state.status().WithContext(key);
      evaluations.emplace(key.substr(sizeof kEvaluationPrefix - 1), std::move(state).value());
    } else if (StartsWith(key, kReminderPrefix)) {
      auto outcome = DecodeReminderOutcome(j);
      if (!outcome.ok()) return outcome.status().WithContext(key);
      reminders.emplace(key.substr(sizeof kReminderPrefix - 1), std::move(outcome).value());
    } else {
      return Corruption("views DB at " + dir_ + ": unknown key '" + key + "'");
    }
  }
  MRTRACK_RETURN_IF_ERROR(FromRocks(it->status(), "cannot read the views DB at " + dir_));
  return ViewModel(checkpoint, std::move(evaluations), std::move(actions), std::move(reminders), std::move(rejected));
}

void ViewsDb::BuildBatch(const ViewModel& model, const ModelChanges& changes, rocksdb::WriteBatch& batch) {
  for (const auto& id : changes.evaluations) {
    if (const auto* state = model.FindEvaluation(id)) {
      batch.Put(EvaluationKey(id), DumpJson(EncodeEvaluationState(*state))).PermitUncheckedError();
    }
  }
  for (const auto& id : changes.actions) {
    if (const auto* state = model.FindAction(id)) {
      batch.Put(ActionKey(id), DumpJson(EncodeActionState(*state))).PermitUncheckedError();
    }
  }
  for (const auto& [id, index] : changes.new_comments) {
    const auto* state = model.FindAction(id);
    if (state != nullptr && index < state->comments.size()) {
      batch.Put(CommentKey(id, index), DumpJson(EncodeComment(state->comments[index]))).PermitUncheckedError();
    }
  }
  for (const auto& id : changes.reminders) {
    if (auto it = model.reminders().find(id); it != model.reminders().end()) {
      batch.Put(ReminderKey(id), DumpJson(EncodeReminderOutcome(it->second))).PermitUncheckedError();
    }
  }
  if (changes.rejected) batch.Put(kRejectedKey, DumpJson(EncodeRejected(model.rejected()))).PermitUncheckedError();
  batch.Put(kFormatKey, kViewsFormat).PermitUncheckedError();
  batch.Put(kCheckpointKey, DumpJson(EncodeCheckpoint(model.checkpoint()))).PermitUncheckedError();
}

Status ViewsDb::Write(const ViewModel& model, const ModelChanges& changes) {
  rocksdb::WriteBatch batch;
  BuildBatch(model, changes, batch);
  rocksdb::WriteOptions options;
  options.sync = false;  // The views are recomputable; the WAL keeps batches whole.
  return FromRocks(db_->Write(options, &batch), "cannot write the views DB at " + dir_);
}

Status ViewsDb::ForEach(const std::function<void(const std::string&, const std::string&)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) visit(it->key().ToString(), it->value().ToString());
  return FromRocks(it->status(), "cannot read the views DB at " + dir_);
}

}  // namespace mrtrack::projections
