// EventDataReader: reads the fields of one stored event's `data` for the folds,
// turning every missing or mistyped field into kCorruption that names the
// event's position, its type and the field. Internal to events/domain.
//
// The reader remembers the first problem and returns empty values after it,
// so a fold reads all its fields and checks status() once. It never throws.
//
// Thread safety: one reader per fold call; not shared.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "events/event.h"

namespace mrtrack::events::internal {

class EventDataReader {
 public:
  explicit EventDataReader(const RecordedEvent& event);

  // A string that must be present.
  std::string String(const char* field);
  // A string that may be missing or null (then `fallback`).
  std::string OptionalString(const char* field, const std::string& fallback = {});
  // A boolean that may be missing or null (then false).
  bool OptionalBool(const char* field);
  // An integer that must be present and fit an int.
  int Int(const char* field);
  // A list of strings that may be missing or null (then empty).
  std::vector<std::string> OptionalStringList(const char* field);
  // Any JSON value that must be present (it may be null).
  const nlohmann::json& Value(const char* field);
  // Any JSON value that may be missing (then nullptr, also after a problem).
  const nlohmann::json* Optional(const char* field) { return Find(field); }
  // An object that may be missing (then an empty object).
  const nlohmann::json& OptionalObject(const char* field);

  // Records a problem found by the caller while interpreting `field`
  // (e.g. an unknown status label); keeps the first one.
  void Fail(const std::string& field, const std::string& why);

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

 private:
  const nlohmann::json* Find(const char* field);

  const RecordedEvent& event_;
  Status status_;
};

// kCorruption "event at position P (Type): <why>" with field "data.<field>";
// also used by the folds for problems that are not about one field.
Status EventCorruption(const RecordedEvent& event, const std::string& field, const std::string& why);

// The frame of every fold: `event` must follow `version` in its stream once
// folding has begun (a fresh state, version 0, takes any first version, so a
// caller that skipped events it does not keep can still fold); then runs
// `apply`, turning a JSON exception from reading the data into kCorruption.
template <typename Apply>
Status FoldInStreamOrder(std::uint64_t version, const RecordedEvent& event, Apply&& apply) {
  if (version != 0 && event.version != version + 1) {
    return EventCorruption(event, "", "stream version " + std::to_string(event.version) + " follows version " +
                                          std::to_string(version));
  }
  try {
    return apply();
  } catch (const nlohmann::json::exception& e) {
    return EventCorruption(event, "", std::string("unreadable data: ") + e.what());
  }
}

}  // namespace mrtrack::events::internal
