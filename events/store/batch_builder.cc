#include "events/store/batch_builder.h"

#include <algorithm>

#include "common/crypto.h"
#include "events/store/key_layout.h"
#include "events/store/record_codec.h"

namespace mrtrack::events::store {
namespace {

std::string EventField(const AppendRequest::Item& item) {
  return "parts[" + std::to_string(item.part) + "].events[" + std::to_string(item.index) + "].event_id";
}

Status AlreadyExists(std::string message, std::string field) {
  return Status(StatusCode::kAlreadyExists, std::move(message), std::move(field));
}

rocksdb::Slice SliceOf(const std::array<char, 8>& a) { return rocksdb::Slice(a.data(), a.size()); }

}  // namespace

Status BatchBuilder::Begin(const LogHead& committed, Timestamp now) {
  batch_.Clear();
  error_ = Status::Ok();
  head_ = committed;
  events_added_ = 0;
  tentative_heads_.clear();
  pending_ids_.clear();
  // recorded_at never decreases along the log, so by-time reads stay in log order.
  head_.recorded_at = std::max(now, committed.recorded_at);
  MRTRACK_ASSIGN_OR_RETURN(recorded_at_text_, FormatRecordedAt(head_.recorded_at));
  return Status::Ok();
}

Status BatchBuilder::Classify(const AppendRequest& request, std::vector<Known>* known) {
  known->assign(request.items.size(), Known{});
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    const std::string& id = request.items[i].prepared.event_id;
    if (auto p = pending_ids_.find(id); p != pending_ids_.end()) {
      (*known)[i] = Known{true, p->second.position, p->second.version, &p->second};
      continue;
    }
    // The bloom filter on event_ids makes this cheap for new ids; never a scan.
    value_.Reset();
    auto s = db_.db()->Get(rocksdb::ReadOptions(), db_.cf(kCfEventIds), id, &value_);
    if (s.IsNotFound()) continue;
    MRTRACK_RETURN_IF_ERROR(FromRocks(s, "looking up event id " + id));
    auto position = ReadBE64(std::string_view(value_.data(), value_.size()));
    if (!position) return Corruption("event_ids entry of " + id + " is not an 8-byte position");
    (*known)[i] = Known{true, *position, 0, nullptr};
  }
  return Status::Ok();
}

Status BatchBuilder::SameContent(const AppendRequest& request, std::size_t item_index, Known* known) {
  const AppendRequest::Item& item = request.items[item_index];
  const std::string& stream = request.parts[item.part].stream;
  std::string_view other_stream, other_type, other_data;
  int other_schema = 0;
  RecordedEvent stored;  // Only for ids stored before this batch.
  std::string stored_data;
  std::string where;
  if (known->pending != nullptr) {
    const AppendRequest& other = *known->pending->request;
    const AppendRequest::Item& first = other.items[known->pending->item];
    other_stream = other.parts[first.part].stream;
    other_type = first.event->type;
    other_schema = first.event->schema_version;
    other_data = first.prepared.data_json();
    where = "is being appended at position " + std::to_string(known->position) + " by another append";
  } else {
    auto key = BE64(known->position);
    value_.Reset();
    auto s = db_.db()->Get(rocksdb::ReadOptions(), db_.cf(kCfEvents), SliceOf(key), &value_);
    MRTRACK_RETURN_IF_ERROR(FromRocks(s, "reading position " + std::to_string(known->position) + " for event id " +
                                             item.prepared.event_id));
    Status decoded = DecodeRecord(std::string_view(value_.data(), value_.size()), &stored);
    MRTRACK_RETURN_IF_ERROR(decoded.WithContext("position " + std::to_string(known->position)));
    try {
      stored_data = stored.data.dump();
    } catch (const std::exception& e) {
      return Corruption("data at position " + std::to_string(known->position) + " cannot be serialised: " + e.what());
    }
    known->version = stored.version;
    other_stream = stored.stream;
    other_type = stored.type;
    other_schema = stored.schema_version;
    other_data = stored_data;
    where = "is already stored at position " + std::to_string(known->position);
  }
  std::string differs;
  auto note = [&](const char* what) { differs += differs.empty() ? what : std::string(", ") + what; };
  if (other_stream != stream) note("stream");
  if (other_type != item.event->type) note("type");
  if (other_schema != item.event->schema_version) note("schema_version");
  if (other_data != item.prepared.data_json()) note("data");
  if (differs.empty()) return Status::Ok();
  return AlreadyExists("event id " + item.prepared.event_id + " " + where + " with other content (" + differs +
                           " differ); an event id may only be reused for the very same event",
                       EventField(item));
}

void BatchBuilder::Deduplicate(AppendRequest* request, const std::vector<Known>& known) {
  AppendResult& result = request->result;
  result.positions.clear();
  result.stream_versions.assign(request->parts.size(), 0);
  for (std::size_t i = 0; i < request->items.size(); ++i) {
    result.positions.push_back(known[i].position);
    auto& v = result.stream_versions[request->items[i].part];
    v = std::max(v, known[i].version);
  }
  result.deduplicated = true;
  request->status = Status::Ok();
}

void BatchBuilder::Add(AppendRequest* request, const StreamHeads& committed) {
  Status s = Classify(*request, &known_);
  if (!s.ok()) {
    request->status = s;
    return;
  }
  std::size_t known_count = 0, first_known = 0, first_new = 0;
  bool seen_new = false;
  for (std::size_t i = 0; i < known_.size(); ++i) {
    if (!known_[i].known) {
      if (!seen_new) first_new = i;
      seen_new = true;
      continue;
    }
    if (known_count++ == 0) first_known = i;
    s = SameContent(*request, i, &known_[i]);
    if (!s.ok()) {
      request->status = s;
      return;
    }
  }
  if (known_count == 0) {
    Write(request, committed);
  } else if (known_count == known_.size()) {
    Deduplicate(request, known_);
  } else {
    // Writing only the new events would split what the caller meant as one
    // atomic append; writing all would store some events twice.
    const auto& k = request->items[first_known];
    request->status = AlreadyExists(
        "event id " + k.prepared.event_id + " is already stored at position " +
            std::to_string(known_[first_known].position) + " but event id " +
            request->items[first_new].prepared.event_id +
            " of the same append is new; an append is deduplicated only as a whole: resend exactly the "
            "original events, or give the new events their own append",
        EventField(k));
  }
}

std::uint64_t BatchBuilder::VersionOf(std::string_view stream, const StreamHeads& committed) const {
  if (auto it = tentative_heads_.find(stream); it != tentative_heads_.end()) return it->second;
  if (auto it = committed.find(stream); it != committed.end()) return it->second;
  return 0;
}

void BatchBuilder::Put(Cf cf, rocksdb::Slice key, rocksdb::Slice value) {
  if (!error_.ok()) return;
  auto s = batch_.Put(db_.cf(cf), key, value);
  if (!s.ok()) error_ = FromRocks(s, std::string("adding to the write batch (") + kCfNames[cf] + ")");
}

void BatchBuilder::Write(AppendRequest* request, const StreamHeads& committed) {
  const auto& parts = request->parts;
  // Expected versions first, so that a conflict in a late part writes nothing.
  part_versions_.resize(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::uint64_t actual = 0;
    bool earlier_part = false;
    for (std::size_t j = i; j-- > 0;) {
      if (parts[j].stream == parts[i].stream) {
        actual = part_versions_[j];
        earlier_part = true;
        break;
      }
    }
    if (!earlier_part) actual = VersionOf(parts[i].stream, committed);
    Status s = CheckExpectedVersion(parts[i].expected, parts[i].stream, actual, i, &request->conflict);
    if (!s.ok()) {
      request->status = s;
      return;
    }
    part_versions_[i] = actual + parts[i].events.size();
  }

  AppendResult& result = request->result;
  result.positions.clear();
  result.positions.reserve(request->items.size());
  result.stream_versions.clear();
  std::size_t n = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& stream = parts[i].stream;
    std::uint64_t version = part_versions_[i] - parts[i].events.size();
    for (std::size_t j = 0; j < parts[i].events.size(); ++j, ++n) {
      const AppendRequest::Item& item = request->items[n];
      ++version;
      std::uint64_t position = ++head_.position;
      record_.clear();
      AppendRecord(item.prepared, position, recorded_at_text_, version, &record_);
      const auto& prev = head_.hash;
      head_.hash = Sha256Concat(std::string_view(reinterpret_cast<const char*>(prev.data()), prev.size()), record_);
      auto position_key = BE64(position);
      Put(kCfEvents, SliceOf(position_key), record_);
      Put(kCfChain, SliceOf(position_key),
          rocksdb::Slice(reinterpret_cast<const char*>(head_.hash.data()), head_.hash.size()));
      record_.assign(stream);  // Reused as the streams key.
      record_.push_back('\0');
      AppendBE64(version, &record_);
      Put(kCfStreams, record_, SliceOf(position_key));
      Put(kCfEventIds, item.prepared.event_id, SliceOf(position_key));
      auto time_key = ByTimeKey(head_.recorded_at, position);
      Put(kCfByTime, rocksdb::Slice(time_key.data(), time_key.size()), rocksdb::Slice());
      pending_ids_.emplace(item.prepared.event_id, PendingId{request, n, position, version});
      result.positions.push_back(position);
    }
    if (auto it = tentative_heads_.find(stream); it != tentative_heads_.end()) {
      it->second = version;
    } else {
      tentative_heads_.emplace(stream, version);
    }
    result.stream_versions.push_back(version);
  }
  result.deduplicated = false;
  events_added_ += request->items.size();
  request->status = Status::Ok();
}

bool BatchBuilder::Finish() {
  if (events_added_ == 0) return false;
  for (const auto& [stream, version] : tentative_heads_) Put(kCfHeads, stream, SliceOf(BE64(version)));
  std::string head(kMetaHeadSize, '\0');
  PutBE64(head_.position, head.data());
  std::copy(head_.hash.begin(), head_.hash.end(), head.begin() + kPositionKeySize);
  Put(kCfMeta, kMetaHead, head);
  return true;
}

}  // namespace mrtrack::events::store
