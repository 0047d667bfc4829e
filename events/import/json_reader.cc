#include "events/import/json_reader.h"

#include "common/message_text.h"

#include "events/import/response_fields.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import::json_internal {

JsonObjectReader::JsonObjectReader(const nlohmann::json& object, std::string pointer, Status& status)
    : object_(object), pointer_(std::move(pointer)), status_(status) {}

void JsonObjectReader::Fail(const std::string& field, const std::string& why) {
  if (status_.ok()) status_ = InvalidArgument(why, PointerTo(field));
}

const nlohmann::json* JsonObjectReader::Child(const char* field) {
  read_.insert(field);
  if (!status_.ok()) return nullptr;
  auto it = object_.find(field);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> JsonObjectReader::OptionalString(const char* field) {
  const nlohmann::json* v = Child(field);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Fail(field, std::string("expected a string, got ") + v->type_name());
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::string JsonObjectReader::String(const char* field, bool required) {
  std::optional<std::string> v = OptionalString(field);
  if (required && status_.ok() && (!v || Trim(*v).empty())) Fail(field, "required");
  return v.value_or("");
}

std::vector<std::string> JsonObjectReader::Tags(const char* field) {
  const nlohmann::json* v = Child(field);
  if (v == nullptr) return {};
  if (v->is_string()) return SplitTags(v->get<std::string>());
  if (!v->is_array()) {
    Fail(field, std::string("expected a list of strings or a comma-separated string, got ") + v->type_name());
    return {};
  }
  std::vector<std::string> tags;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const nlohmann::json& item = (*v)[i];
    if (!item.is_string()) {
      Fail(std::string(field) + "/" + std::to_string(i), std::string("expected a string, got ") + item.type_name());
      return {};
    }
    // One element is one tag, even with commas in it; "Not applicable" still means none.
    std::string tag = CleanLine(item.get<std::string>());
    std::string key = FoldKey(tag);
    if (!tag.empty() && key != "not applicable" && key != "n/a" && key != "none") tags.push_back(std::move(tag));
  }
  return tags;
}

std::optional<long long> JsonObjectReader::Int(const char* field) {
  const nlohmann::json* v = Child(field);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    Fail(field, std::string("expected an integer, got ") + v->type_name());
    return std::nullopt;
  }
  return v->get<long long>();
}

void JsonObjectReader::Finish() {
  if (!status_.ok()) return;
  for (const auto& [key, value] : object_.items()) {
    if (read_.count(key) == 0) {
      Fail(MessageField(key), "unknown field '" + MessageField(key) + "'");
      return;
    }
  }
}

bool ExpectObject(const nlohmann::json& value, const std::string& pointer, Status& status) {
  if (value.is_object()) return true;
  if (status.ok()) status = InvalidArgument(std::string("expected an object, got ") + value.type_name(), pointer);
  return false;
}

}  // namespace mrtrack::events::import::json_internal
