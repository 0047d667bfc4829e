// AppendRequest: one Append() call on its way through the group-commit writer.
//
// The appending thread builds it (PrepareAppend: validation, ids, record
// fragments), hands it to the writer and sleeps on `done`; the writer fills in
// the answer and sets `done`. The request lives on the appender's stack.
//
// Thread safety: before Submit the appender owns it; between Submit and `done`
// only the writer touches it; `done` and `cv` are guarded by the writer's
// queue mutex.
#pragma once

#include <cstddef>
#include <vector>

#include "common/mutex.h"
#include "common/status.h"
#include "events/store.h"
#include "events/store/record_codec.h"

namespace mrtrack::events::store {

struct AppendRequest {
  struct Item {
    PreparedEvent prepared;
    const NewEvent* event = nullptr;  // Points into `parts`.
    std::size_t part = 0;   // Index into `parts`.
    std::size_t index = 0;  // Index into parts[part].events.
  };

  std::vector<AppendPart> parts;  // Moved in; unchanged afterwards.
  std::vector<Item> items;        // Every event of every part, in order.

  // The answer, written by the writer thread before `done`.
  Status status;
  AppendResult result;
  ConflictInfo conflict;

  // Guarded by the writer's GroupWriter::mu_ (the analysis cannot name
  // another object's private mutex; GroupWriter takes it around every use).
  bool done = false;
  CondVar cv;  // Signalled, under that mutex, when `done` is set.
};

// Checks every part and event of `parts` (stream names, type, actor, ids,
// schema version, duplicate ids), gives events without an id a new UUID,
// canonicalises ids to lower case and serialises each event's fragments.
// Errors: kInvalidArgument naming the field, e.g. "parts[1].events[0].actor".
Status PrepareAppend(std::vector<AppendPart> parts, AppendRequest* request);

// The ConflictInfo-bearing error for part `part` whose stream is at `actual`.
// Returns Ok when `expected` admits `actual`.
Status CheckExpectedVersion(const ExpectedVersion& expected, const std::string& stream, std::uint64_t actual,
                            std::size_t part, ConflictInfo* conflict);

}  // namespace mrtrack::events::store
