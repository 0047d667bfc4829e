// EventStore: the one immutable, hash-chained log of mrtrack, kept in RocksDB.
//
// Guarantees (DESIGN.md "Events", frozen byte format in events/FORMAT.md):
// - Append is atomic across all its parts (one WriteBatch) and durable before
//   it returns (WAL fsynced). A crash loses nothing that was acknowledged.
// - Appends go through one writer thread that takes every queued append,
//   checks expected versions against in-memory stream heads, writes one synced
//   WriteBatch and then answers all of them: N concurrent appends, one fsync.
// - Event ids are idempotent forever: re-appending stored ids with the same
//   content returns the original positions and writes nothing; a stored id with
//   other content is kAlreadyExists.
// - Global positions are 1, 2, 3, ... without gaps; stream versions likewise.
// - Every event extends a SHA-256 chain; Verify() recomputes it.
//
// Thread safety: all methods are safe to call concurrently from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "events/event.h"

namespace mrtrack::events {

// What the appender expects the stream to look like. Versions count events:
// a stream with 3 events is at version 3; a stream that does not exist is at 0.
struct ExpectedVersion {
  enum class Kind { kAny, kNoStream, kStreamExists, kExact };
  Kind kind = Kind::kAny;
  std::uint64_t version = 0;  // Only for kExact.

  static ExpectedVersion Any() { return {Kind::kAny, 0}; }
  static ExpectedVersion NoStream() { return {Kind::kNoStream, 0}; }
  static ExpectedVersion StreamExists() { return {Kind::kStreamExists, 0}; }
  static ExpectedVersion Exact(std::uint64_t v) { return {Kind::kExact, v}; }
  std::string ToString() const;
};

struct AppendPart {
  std::string stream;
  ExpectedVersion expected = ExpectedVersion::Any();
  std::vector<NewEvent> events;  // At least one.
};

struct AppendResult {
  // For each part, in order: the stream's version after the append.
  std::vector<std::uint64_t> stream_versions;
  // The global positions of every event, in the order given.
  std::vector<std::uint64_t> positions;
  bool deduplicated = false;  // True when every id was already stored: nothing was written.
};

// A version conflict: which stream, what it actually is at.
struct ConflictInfo {
  std::string stream;
  std::uint64_t actual_version = 0;
  bool exists = false;
};

struct StoreOptions {
  // Default: true. fsync the WAL before acknowledging. Only tests and bulk
  // loads that can redo their work may turn it off.
  bool sync = true;
  // Default: 4096. The writer takes at most this many queued appends per batch.
  std::size_t max_batch_appends = 4096;
  // Default: false. Open for reading only (offline verify/export while a
  // daemon runs): appends fail with kFailedPrecondition. Such a store sees
  // the log as it was when opened; reopen it to see later appends.
  bool read_only = false;
};

enum class Direction { kForward, kBackward };

// Counters since this store object was opened.
struct StoreStats {
  std::uint64_t appends = 0;         // Append() calls acknowledged (including dedups).
  std::uint64_t batches_written = 0; // Synced WriteBatches the writer issued.
  std::uint64_t events_written = 0;
  std::uint64_t wal_syncs = 0;       // RocksDB's own count of WAL fsyncs (statistics), open included.
};

struct VerifyReport {
  bool ok = true;
  std::uint64_t events_checked = 0;
  std::uint64_t first_bad_position = 0;  // 0 when ok.
  std::string problem;                   // Why that position is bad.
  Sha256Digest head{};                   // The chain hash of the last event checked.
};

class EventStore {
 public:
  // Opens (creating if needed) the store in `dir`. `clock` stamps recorded_at
  // and must outlive the store.
  static Result<std::unique_ptr<EventStore>> Open(const std::string& dir, const Clock& clock,
                                                  const StoreOptions& options = {});
  virtual ~EventStore() = default;

  // Appends all parts atomically. Errors: kConflict (an expected version did
  // not match), kAlreadyExists (an id reused with other content, or stored ids
  // mixed with new ones), kInvalidArgument (empty part, bad id, missing
  // type/actor; field() names e.g. "parts[1].events[0].actor"),
  // kFailedPrecondition (read-only store), kUnavailable (store closing),
  // kIoError. Parts are checked in order: a later part on the same stream sees
  // the earlier part's events. Exact(0) is the same as NoStream.
  // On kConflict, `conflict` (when given) receives the stream and its actual version.
  virtual Result<AppendResult> Append(std::vector<AppendPart> parts, ConflictInfo* conflict = nullptr) = 0;

  // Events of `stream` starting at version `from` (inclusive; for backward,
  // UINT64_MAX means "from the end"), at most `max` of them. A stream that
  // does not exist reads as empty.
  virtual Result<std::vector<RecordedEvent>> ReadStream(const std::string& stream, std::uint64_t from,
                                                        Direction direction, std::size_t max) const = 0;
  // The log from `from_position` (inclusive) on, at most `max` events.
  virtual Result<std::vector<RecordedEvent>> ReadAll(std::uint64_t from_position, std::size_t max) const = 0;
  // Calls `visit` for each event from `from_position` on, in order, reading
  // sequentially; stops early when visit returns false.
  virtual Status Scan(std::uint64_t from_position,
                      const std::function<bool(const RecordedEvent&)>& visit) const = 0;
  // Events recorded in [from, to), in log order, at most `max`.
  virtual Result<std::vector<RecordedEvent>> ReadByTime(Timestamp from, Timestamp to, std::size_t max) const = 0;

  // The stream's current version (0 when it does not exist).
  virtual std::uint64_t StreamVersion(const std::string& stream) const = 0;
  // The last position written (0 for an empty store).
  virtual std::uint64_t HeadPosition() const = 0;
  // Blocks until HeadPosition() > after or `timeout` passes; returns the head.
  virtual std::uint64_t WaitForPositionAfter(std::uint64_t after, std::chrono::milliseconds timeout) const = 0;
  // Calls `listener(head)` after every durable commit, on the writer thread,
  // once WaitForPositionAfter's waiters have been woken: the way to wait for
  // the log without holding a thread. A listener must be quick: it must not
  // block nor call into the store other than HeadPosition() (post the work
  // elsewhere). Returns the id RemoveCommitListener takes; once that returns,
  // the listener is not running and is never called again.
  virtual std::uint64_t AddCommitListener(std::function<void(std::uint64_t head)> listener) = 0;
  virtual void RemoveCommitListener(std::uint64_t id) = 0;

  // Recomputes the hash chain from position 1 and checks every record decodes
  // and its envelope matches its key and indexes.
  virtual VerifyReport Verify() const = 0;

  virtual StoreStats Stats() const = 0;
};

}  // namespace mrtrack::events
