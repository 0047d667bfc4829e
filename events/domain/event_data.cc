#include "events/domain/event_data.h"

#include <limits>

namespace mrtrack::events::internal {
namespace {

const nlohmann::json& EmptyObject() {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  return kEmpty;
}

const nlohmann::json& Null() {
  static const nlohmann::json kNull;
  return kNull;
}

}  // namespace

Status EventCorruption(const RecordedEvent& event, const std::string& field, const std::string& why) {
  return Corruption("event at position " + std::to_string(event.position) + " (" + event.type + " in " +
                        event.stream + "): " + why,
                    field.empty() ? std::string("data") : "data." + field);
}

EventDataReader::EventDataReader(const RecordedEvent& event) : event_(event) {
  if (!event_.data.is_object()) status_ = EventCorruption(event_, "", "data is not a JSON object");
}

void EventDataReader::Fail(const std::string& field, const std::string& why) {
  if (status_.ok()) status_ = EventCorruption(event_, field, "field '" + field + "' " + why);
}

const nlohmann::json* EventDataReader::Find(const char* field) {
  if (!status_.ok()) return nullptr;
  auto it = event_.data.find(field);
  if (it == event_.data.end()) return nullptr;
  return &*it;
}

std::string EventDataReader::String(const char* field) {
  const nlohmann::json* v = Find(field);
  if (v == nullptr) {
    Fail(field, "is missing");
    return {};
  }
  if (!v->is_string()) {
    Fail(field, std::string("must be a string, not ") + v->type_name());
    return {};
  }
  return v->get<std::string>();
}

std::string EventDataReader::OptionalString(const char* field, const std::string& fallback) {
  const nlohmann::json* v = Find(field);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_string()) {
    Fail(field, std::string("must be a string, not ") + v->type_name());
    return fallback;
  }
  return v->get<std::string>();
}

bool EventDataReader::OptionalBool(const char* field) {
  const nlohmann::json* v = Find(field);
  if (v == nullptr || v->is_null()) return false;
  if (!v->is_boolean()) {
    Fail(field, std::string("must be true or false, not ") + v->type_name());
    return false;
  }
  return v->get<bool>();
}

int EventDataReader::Int(const char* field) {
  const nlohmann::json* v = Find(field);
  if (v == nullptr) {
    Fail(field, "is missing");
    return 0;
  }
  if (v->is_number_unsigned()) {
    const auto u = v->get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<int>::max())) return static_cast<int>(u);
  } else if (v->is_number_integer()) {
    const auto i = v->get<std::int64_t>();
    if (i >= std::numeric_limits<int>::min() && i <= std::numeric_limits<int>::max()) return static_cast<int>(i);
  } else {
    Fail(field, std::string("must be an integer, not ") + v->type_name());
    return 0;
  }
  Fail(field, "is out of range");
  return 0;
}

std::vector<std::string> EventDataReader::OptionalStringList(const char* field) {
  std::vector<std::string> out;
  const nlohmann::json* v = Find(field);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) {
    Fail(field, std::string("must be a list of strings, not ") + v->type_name());
    return out;
  }
  for (const auto& item : *v) {
    if (!item.is_string()) {
      Fail(field, "must hold only strings");
      return {};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

const nlohmann::json& EventDataReader::Value(const char* field) {
  const nlohmann::json* v = Find(field);
  if (v == nullptr) {
    Fail(field, "is missing");
    return Null();
  }
  return *v;
}

const nlohmann::json& EventDataReader::OptionalObject(const char* field) {
  const nlohmann::json* v = Find(field);
  if (v == nullptr || v->is_null()) return EmptyObject();
  if (!v->is_object()) {
    Fail(field, std::string("must be an object, not ") + v->type_name());
    return EmptyObject();
  }
  return *v;
}

}  // namespace mrtrack::events::internal
