// PrepareAppend: everything about an append that needs no store state, done
// on the appending thread so the single writer only checks versions and ids.
#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "common/crypto.h"
#include "events/store/append_request.h"
#include "events/store/key_layout.h"

namespace mrtrack::events::store {
namespace {

std::string PartField(std::size_t i) { return "parts[" + std::to_string(i) + "]"; }

Status CheckPart(const AppendPart& part, const std::string& field, std::string* stream_json) {
  if (part.stream.empty()) return InvalidArgument(field + ".stream is empty", field + ".stream");
  if (part.stream.size() > kMaxStreamBytes) {
    return InvalidArgument(field + ".stream is " + std::to_string(part.stream.size()) + " bytes long; at most " +
                               std::to_string(kMaxStreamBytes) + " are allowed",
                           field + ".stream");
  }
  if (part.stream.find('\0') != std::string::npos) {
    return InvalidArgument(field + ".stream contains a NUL byte", field + ".stream");
  }
  MRTRACK_ASSIGN_OR_RETURN(*stream_json, JsonString(part.stream, field + ".stream"));
  if (part.events.empty()) {
    return InvalidArgument(field + " (stream '" + part.stream + "') has no events", field + ".events");
  }
  return Status::Ok();
}

// Fills in a missing id, checks a given one, and returns the canonical form.
Status CanonicalEventId(const NewEvent& event, const std::string& field, std::string* id) {
  if (event.event_id.empty()) {
    try {
      *id = RandomUuid();
    } catch (const std::exception& e) {
      return Internal(std::string("cannot generate an event id: ") + e.what(), field + ".event_id");
    }
    return Status::Ok();
  }
  if (!IsUuid(event.event_id)) {
    return InvalidArgument(field + ".event_id '" + event.event_id +
                               "' is not a UUID (8-4-4-4-12 hex digits); leave it empty to have one generated",
                           field + ".event_id");
  }
  // UUIDs are case-insensitive; the store keeps and indexes the lower-case form.
  *id = event.event_id;
  std::transform(id->begin(), id->end(), id->begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return Status::Ok();
}

Status CheckEvent(const NewEvent& event, const std::string& field) {
  if (event.type.empty()) return InvalidArgument(field + ".type is required", field + ".type");
  if (event.actor.empty()) return InvalidArgument(field + ".actor is required", field + ".actor");
  if (event.schema_version < 1) {
    return InvalidArgument(field + ".schema_version is " + std::to_string(event.schema_version) +
                               "; schema versions start at 1",
                           field + ".schema_version");
  }
  return Status::Ok();
}

}  // namespace

Status PrepareAppend(std::vector<AppendPart> parts, AppendRequest* request) {
  if (parts.empty()) return InvalidArgument("an append needs at least one part", "parts");
  request->parts = std::move(parts);
  std::size_t total = 0;
  std::vector<std::string> stream_json(request->parts.size());
  for (std::size_t i = 0; i < request->parts.size(); ++i) {
    MRTRACK_RETURN_IF_ERROR(CheckPart(request->parts[i], PartField(i), &stream_json[i]));
    total += request->parts[i].events.size();
  }
  request->items.resize(total);
  // Where each id first appeared, to name both places of a duplicate.
  std::unordered_map<std::string_view, std::string> seen;
  seen.reserve(total);
  std::size_t n = 0;
  for (std::size_t i = 0; i < request->parts.size(); ++i) {
    const AppendPart& part = request->parts[i];
    for (std::size_t j = 0; j < part.events.size(); ++j, ++n) {
      const NewEvent& event = part.events[j];
      std::string field = PartField(i) + ".events[" + std::to_string(j) + "]";
      AppendRequest::Item& item = request->items[n];
      item.event = &event;
      item.part = i;
      item.index = j;
      MRTRACK_RETURN_IF_ERROR(CheckEvent(event, field));
      MRTRACK_RETURN_IF_ERROR(CanonicalEventId(event, field, &item.prepared.event_id));
      auto [it, fresh] = seen.emplace(item.prepared.event_id, field);
      if (!fresh) {
        return InvalidArgument("event id " + item.prepared.event_id + " appears twice in one append (" + it->second +
                                   " and " + field + ")",
                               field + ".event_id");
      }
      MRTRACK_RETURN_IF_ERROR(PrepareEvent(event, stream_json[i], field, &item.prepared));
    }
  }
  return Status::Ok();
}

}  // namespace mrtrack::events::store
