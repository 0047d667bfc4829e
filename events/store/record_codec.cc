#include "events/store/record_codec.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "common/time.h"

namespace mrtrack::events::store {
namespace {

using nlohmann::json;

// JSON text of a string exactly as nlohmann::json::dump() writes it (the
// serializer is the reference for the format, so it is used directly).
Status AppendJsonString(std::string_view s, const std::string& field, std::string* out) {
  try {
    out->append(json(std::string(s)).dump());
    return Status::Ok();
  } catch (const json::exception&) {
    return InvalidArgument(field + " is not valid UTF-8", field);
  }
}

// JSON has no NaN or infinity (dump() would silently write null), and binary
// values are not JSON at all: refuse both rather than store something else.
Status CheckRepresentable(const json& j, const std::string& field) {
  switch (j.type()) {
    case json::value_t::number_float:
      if (!std::isfinite(j.get_ref<const json::number_float_t&>())) {
        return InvalidArgument(field + " holds a number JSON cannot represent (NaN or infinity)", field);
      }
      return Status::Ok();
    case json::value_t::binary:
      return InvalidArgument(field + " holds a binary value; event data must be plain JSON", field);
    case json::value_t::discarded:
      return InvalidArgument(field + " holds a discarded value", field);
    case json::value_t::object:
    case json::value_t::array:
      for (const auto& child : j) MRTRACK_RETURN_IF_ERROR(CheckRepresentable(child, field));
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

void AppendDecimal(std::uint64_t v, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, static_cast<std::size_t>(end - buf));
}

int Digits(std::string_view s, std::size_t pos, std::size_t n, bool* ok) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') *ok = false;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

Result<std::string> JsonString(std::string_view s, const std::string& field) {
  std::string out;
  MRTRACK_RETURN_IF_ERROR(AppendJsonString(s, field, &out));
  return out;
}

Status PrepareEvent(const NewEvent& event, std::string_view stream_json, const std::string& field,
                    PreparedEvent* out) {
  std::string& h = out->head;
  h.clear();
  h.append(R"({"actor":)");
  MRTRACK_RETURN_IF_ERROR(AppendJsonString(event.actor, field + ".actor", &h));
  h.append(R"(,"causation_id":)");
  MRTRACK_RETURN_IF_ERROR(AppendJsonString(event.causation_id, field + ".causation_id", &h));
  h.append(R"(,"correlation_id":)");
  MRTRACK_RETURN_IF_ERROR(AppendJsonString(event.correlation_id, field + ".correlation_id", &h));
  h.append(R"(,"data":)");
  MRTRACK_RETURN_IF_ERROR(CheckRepresentable(event.data, field + ".data"));
  out->data_begin = h.size();
  try {
    h.append(event.data.dump());
  } catch (const json::exception&) {
    return InvalidArgument(field + ".data holds a string that is not valid UTF-8", field + ".data");
  }
  out->data_size = h.size() - out->data_begin;
  h.append(R"(,"event_id":)");
  MRTRACK_RETURN_IF_ERROR(AppendJsonString(out->event_id, field + ".event_id", &h));
  h.append(R"(,"position":)");

  std::string& t = out->tail;
  t.clear();
  t.append(R"(,"schema_version":)");
  AppendDecimal(static_cast<std::uint64_t>(event.schema_version), &t);
  t.append(R"(,"stream":)");
  t.append(stream_json);
  t.append(R"(,"type":)");
  MRTRACK_RETURN_IF_ERROR(AppendJsonString(event.type, field + ".type", &t));
  t.append(R"(,"version":)");
  return Status::Ok();
}

void AppendRecord(const PreparedEvent& event, std::uint64_t position, std::string_view recorded_at,
                  std::uint64_t version, std::string* out) {
  out->append(event.head);
  AppendDecimal(position, out);
  out->append(R"(,"recorded_at":")");
  out->append(recorded_at);
  out->push_back('"');
  out->append(event.tail);
  AppendDecimal(version, out);
  out->push_back('}');
}

Result<std::string> FormatRecordedAt(Timestamp t) {
  std::string text = FormatTimestamp(t);
  if (text.size() != 27 || text[4] != '-') {
    return InvalidArgument("time " + text + " is outside the years 0000..9999 the event format can hold");
  }
  return text;
}

Result<Timestamp> ParseRecordedAt(std::string_view s) {
  auto bad = [&] { return Corruption("recorded_at '" + std::string(s) + "' is not YYYY-MM-DDTHH:MM:SS.ffffffZ"); };
  if (s.size() != 27 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s[19] != '.' || s[26] != 'Z') {
    return bad();
  }
  bool ok = true;
  int y = Digits(s, 0, 4, &ok), mo = Digits(s, 5, 2, &ok), d = Digits(s, 8, 2, &ok);
  int hh = Digits(s, 11, 2, &ok), mi = Digits(s, 14, 2, &ok), ss = Digits(s, 17, 2, &ok);
  int us = Digits(s, 20, 6, &ok);
  date::year_month_day ymd{date::year(y), date::month(static_cast<unsigned>(mo)), date::day(static_cast<unsigned>(d))};
  if (!ok || !ymd.ok() || hh > 23 || mi > 59 || ss > 59) return bad();
  return Timestamp(date::sys_days(ymd)) + std::chrono::hours(hh) + std::chrono::minutes(mi) +
         std::chrono::seconds(ss) + std::chrono::microseconds(us);
}

}  // namespace mrtrack::events::store
