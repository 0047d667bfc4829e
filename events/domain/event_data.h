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
  // An integer that must be present and fit an int.
  int Int(const char* field);
  // A list of strings that may be missing or null (then empty).
  std::vector<std::string> OptionalStringList(const char* field);
  // Any JSON value that must be present (it may be null).
  const nlohmann::json& Value(const char* field);
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

}  // namespace mrtrack::events::internal
