// JsonObjectReader: typed, exception-free access to one JSON object of an
// import document, with errors naming the JSON pointer of the field.
// Internal to json_format.cc.
//
// It remembers the first problem; later calls return empty values, so a
// caller reads every field and checks status() once. Finish() reports
// fields nobody asked for (unknown fields are errors).
//
// Thread safety: one reader per object; not shared.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace mrtrack::events::import::json_internal {

class JsonObjectReader {
 public:
  // `status` is shared by all readers of a document (first problem wins).
  JsonObjectReader(const nlohmann::json& object, std::string pointer, Status& status);

  // A string field; missing or null gives "" (or an error when `required`).
  std::string String(const char* field, bool required = false);
  // A string or null; missing counts as null.
  std::optional<std::string> OptionalString(const char* field);
  // A list of strings, or one comma-separated string (tags).
  std::vector<std::string> Tags(const char* field);
  // An optional integer.
  std::optional<long long> Int(const char* field);
  // A nested value (object or array) that may be missing (nullptr then).
  const nlohmann::json* Child(const char* field);

  std::string PointerTo(const std::string& field) const { return pointer_ + "/" + field; }
  void Fail(const std::string& field, const std::string& why);

  // kInvalidArgument for the first field that was never read.
  void Finish();

 private:
  const nlohmann::json& object_;
  std::string pointer_;
  Status& status_;
  std::set<std::string> read_;
};

// A reader only exists for objects: checks `value` and names `pointer` when it is not one.
bool ExpectObject(const nlohmann::json& value, const std::string& pointer, Status& status);

}  // namespace mrtrack::events::import::json_internal
