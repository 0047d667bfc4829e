#include "projections/snapshot_cache.h"

#include <algorithm>

namespace mrtrack::projections {

SnapshotCache::SnapshotCache(const events::EventStore& store, std::size_t capacity)
    : store_(store), capacity_(std::max<std::size_t>(capacity, 1)) {}

Result<SharedSnapshot> SnapshotCache::Get(const AsOf& as_of) {
  MRTRACK_ASSIGN_OR_RETURN(std::uint64_t position, ResolveAsOfPosition(store_, as_of));
  SharedSnapshot snapshot;
  MRTRACK_ASSIGN_OR_RETURN(snapshot.model, ModelAt(position));
  snapshot.at = as_of.kind == AsOf::Kind::kTime ? as_of.time : snapshot.model->checkpoint().recorded_at;
  return snapshot;
}

Result<std::shared_ptr<const ViewModel>> SnapshotCache::ModelAt(std::uint64_t position) {
  std::shared_ptr<const ViewModel> base;
  {
    MutexLock lock(&mu_);
    base = FindBaseLocked(position);
    if (base != nullptr && base->position() == position) {
      ++stats_.hits;
      return base;
    }
  }
  // Replay outside the lock: other as-of requests go on meanwhile.
  auto model = base != nullptr ? std::make_shared<ViewModel>(*base) : std::make_shared<ViewModel>();
  const std::uint64_t from = model->position() + 1;
  Status apply_error;
  if (position >= from) {
    Status scanned = store_.Scan(from, [&](const events::RecordedEvent& event) {
      apply_error = model->Apply(event);
      return apply_error.ok() && event.position < position;
    });
    const std::string context = "as-of position " + std::to_string(position);
    MRTRACK_RETURN_IF_ERROR(apply_error.WithContext(context));
    MRTRACK_RETURN_IF_ERROR(scanned.WithContext(context + ": reading the log"));
  }
  if (model->position() != position) {
    return Internal("as-of position " + std::to_string(position) + ": the log ended at " +
                    std::to_string(model->position()));
  }
  MutexLock lock(&mu_);
  ++(base != nullptr ? stats_.extended : stats_.replayed_from_start);
  stats_.events_replayed += position - (from - 1);
  InsertLocked(position, model);
  return std::shared_ptr<const ViewModel>(std::move(model));
}

std::shared_ptr<const ViewModel> SnapshotCache::FindBaseLocked(std::uint64_t position) {
  auto best = entries_.end();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->position <= position && (best == entries_.end() || it->position > best->position)) best = it;
  }
  if (best == entries_.end()) return nullptr;
  entries_.splice(entries_.begin(), entries_, best);  // Used: now the most recent.
  return entries_.front().model;
}

void SnapshotCache::InsertLocked(std::uint64_t position, std::shared_ptr<const ViewModel> model) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->position == position) {  // Another request replayed it meanwhile.
      entries_.splice(entries_.begin(), entries_, it);
      return;
    }
  }
  entries_.push_front(Entry{position, std::move(model)});
  if (entries_.size() > capacity_) entries_.pop_back();
}

SnapshotCacheStats SnapshotCache::Stats() const {
  MutexLock lock(&mu_);
  return stats_;
}

}  // namespace mrtrack::projections
