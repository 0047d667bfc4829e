// DecodeRecord and DecodeEnvelope: stored record bytes back into a
// RecordedEvent, with simdjson. Every read path comes through here (scans,
// rebuilds, verify, as-of replays, a command's fold on a cache miss), so it
// is the one place where decoding speed matters. The bytes are only read:
// the canonical writer (record_codec.cc) and the frozen format stay as they are.
#include <simdjson.h>

#include <limits>

#include "events/store/record_codec.h"
#include "events/store/record_decode.h"

namespace mrtrack::events::store {
namespace {

using nlohmann::json;
namespace dom = simdjson::dom;

Status Bad(const std::string& why) { return Corruption("stored record " + why); }

// The same value nlohmann::json::parse would give: non-negative integers
// are unsigned, negative ones signed, the rest doubles.
json ToJson(dom::element e) {
  switch (e.type()) {
    case dom::element_type::OBJECT: {
      json out = json::object();
      dom::object fields;
      if (e.get(fields) != simdjson::SUCCESS) return out;
      for (dom::key_value_pair field : fields) out[std::string(field.key)] = ToJson(field.value);
      return out;
    }
    case dom::element_type::ARRAY: {
      json out = json::array();
      dom::array items;
      if (e.get(items) != simdjson::SUCCESS) return out;
      for (dom::element item : items) out.push_back(ToJson(item));
      return out;
    }
    case dom::element_type::INT64: {
      const std::int64_t v = e.get_int64().value_unsafe();
      if (v >= 0) return json(static_cast<std::uint64_t>(v));
      return json(v);
    }
    case dom::element_type::UINT64:
      return json(e.get_uint64().value_unsafe());
    case dom::element_type::DOUBLE:
      return json(e.get_double().value_unsafe());
    case dom::element_type::STRING:
      return json(std::string(e.get_string().value_unsafe()));
    case dom::element_type::BOOL:
      return json(e.get_bool().value_unsafe());
    case dom::element_type::NULL_VALUE:
      return json(nullptr);
  }
  return json(nullptr);
}

Status TakeString(dom::object obj, const char* key, std::string* out) {
  dom::element e;
  if (obj.at_key(key).get(e) != simdjson::SUCCESS) return Bad(std::string("lacks \"") + key + "\"");
  std::string_view s;
  if (e.get(s) != simdjson::SUCCESS) return Bad(std::string("has a non-string \"") + key + "\"");
  out->assign(s.data(), s.size());
  return Status::Ok();
}

Status TakeUnsigned(dom::object obj, const char* key, std::uint64_t* out) {
  dom::element e;
  if (obj.at_key(key).get(e) != simdjson::SUCCESS) return Bad(std::string("lacks \"") + key + "\"");
  const auto type = e.type();
  if (type == dom::element_type::INT64) {
    const std::int64_t v = e.get_int64().value_unsafe();
    if (v >= 0) {
      *out = static_cast<std::uint64_t>(v);
      return Status::Ok();
    }
  } else if (type == dom::element_type::UINT64) {
    *out = e.get_uint64().value_unsafe();
    return Status::Ok();
  }
  return Bad(std::string("has a \"") + key + "\" that is not a non-negative integer");
}

Status Decode(std::string_view bytes, RecordedEvent* out, bool with_data) {
  // A parser keeps its buffers between records; one per thread.
  thread_local dom::parser parser;
  dom::element doc;
  if (parser.parse(bytes.data(), bytes.size()).get(doc) != simdjson::SUCCESS) return Bad("is not valid JSON");
  dom::object obj;
  if (doc.get(obj) != simdjson::SUCCESS) return Bad("is not a JSON object");
  if (obj.size() != 11) return Bad("has " + std::to_string(obj.size()) + " members instead of 11");
  MRTRACK_RETURN_IF_ERROR(TakeString(obj, "actor", &out->actor));
  MRTRACK_RETURN_IF_ERROR(TakeString(obj, "causation_id", &out->causation_id));
  MRTRACK_RETURN_IF_ERROR(TakeString(obj, "correlation_id", &out->correlation_id));
  MRTRACK_RETURN_IF_ERROR(TakeString(obj, "event_id", &out->event_id));
  MRTRACK_RETURN_IF_ERROR(TakeString(obj, "stream", &out->stream));
  MRTRACK_RETURN_IF_ERROR(TakeString(obj, "type", &out->type));
  MRTRACK_RETURN_IF_ERROR(TakeUnsigned(obj, "position", &out->position));
  MRTRACK_RETURN_IF_ERROR(TakeUnsigned(obj, "version", &out->version));
  std::uint64_t schema = 0;
  MRTRACK_RETURN_IF_ERROR(TakeUnsigned(obj, "schema_version", &schema));
  if (schema < 1 || schema > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
    return Bad("has schema_version " + std::to_string(schema) + " outside 1..2147483647");
  }
  out->schema_version = static_cast<int>(schema);
  dom::element when;
  std::string_view when_text;
  if (obj.at_key("recorded_at").get(when) != simdjson::SUCCESS) return Bad("lacks \"recorded_at\"");
  if (when.get(when_text) != simdjson::SUCCESS) return Bad("has a non-string \"recorded_at\"");
  MRTRACK_ASSIGN_OR_RETURN(out->recorded_at, ParseRecordedAt(when_text));
  dom::element data;
  if (obj.at_key("data").get(data) != simdjson::SUCCESS) return Bad("lacks \"data\"");
  out->data = with_data ? ToJson(data) : json();
  out->stored_bytes.assign(bytes.data(), bytes.size());
  return Status::Ok();
}

}  // namespace

Status DecodeRecord(std::string_view bytes, RecordedEvent* out) {
  try {
    return Decode(bytes, out, /*with_data=*/true);
  } catch (const std::exception& e) {
    return Bad(std::string("cannot be decoded: ") + e.what());
  }
}

Status DecodeEnvelope(std::string_view bytes, RecordedEvent* out) {
  try {
    return Decode(bytes, out, /*with_data=*/false);
  } catch (const std::exception& e) {
    return Bad(std::string("cannot be decoded: ") + e.what());
  }
}

}  // namespace mrtrack::events::store
