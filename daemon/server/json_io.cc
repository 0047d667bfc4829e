#include "daemon/server/json_io.h"

#include <algorithm>
#include <charconv>

#include "common/crypto.h"
#include "common/json_depth.h"
#include "common/message_text.h"
#include "common/time.h"
#include "daemon/server/runtime_config.h"

namespace mrtrack::daemon {
namespace {

const char* TypeName(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

Status WrongType(const std::string& name, const char* wanted, const nlohmann::json& got) {
  return InvalidArgument(std::string("must be ") + wanted + ", not " + TypeName(got), name);
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<nlohmann::json> ParseJsonObject(std::string_view body) {
  // Before parsing: a deeper value would make its copies, dumps and
  // destructor recurse past the stack.
  MRTRACK_RETURN_IF_ERROR(CheckJsonDepth(body, JsonPathStyle::kDotted));
  nlohmann::json value = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    // Parse again with exceptions only to learn where it broke.
    try {
      nlohmann::json unused = nlohmann::json::parse(body);
      (void)unused;
    } catch (const nlohmann::json::parse_error& e) {
      return InvalidArgument("malformed JSON at byte " + std::to_string(e.byte) + ": expected one JSON object", "body");
    } catch (const std::exception&) {
    }
    return InvalidArgument("malformed JSON: expected one JSON object", "body");
  }
  if (!value.is_object()) return InvalidArgument(std::string("expected a JSON object, not ") + TypeName(value), "body");
  return value;
}

const nlohmann::json* JsonFields::Find(const std::string& name) {
  known_.insert(name);
  auto it = object_.find(name);
  return it == object_.end() ? nullptr : &*it;
}

Result<std::string> JsonFields::RequiredString(const std::string& name, bool allow_empty) {
  const nlohmann::json* v = Find(name);
  if (v == nullptr) return InvalidArgument("is required", name);
  if (!v->is_string()) return WrongType(name, "a string", *v);
  std::string s = v->get<std::string>();
  if (!allow_empty && s.find_first_not_of(" \t\r\n") == std::string::npos)
    return InvalidArgument("must not be empty", name);
  return s;
}

Result<std::optional<std::string>> JsonFields::OptionalString(const std::string& name) {
  const nlohmann::json* v = Find(name);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) return WrongType(name, "a string", *v);
  return std::optional<std::string>(v->get<std::string>());
}

Result<std::optional<std::string>> JsonFields::RequiredNullableString(const std::string& name) {
  const nlohmann::json* v = Find(name);
  if (v == nullptr) return InvalidArgument("is required (a string, or null)", name);
  if (v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return WrongType(name, "a string or null", *v);
  return std::optional<std::string>(v->get<std::string>());
}

Result<std::optional<std::uint64_t>> JsonFields::OptionalUint(const std::string& name) {
  const nlohmann::json* v = Find(name);
  if (v == nullptr) return std::optional<std::uint64_t>();
  if (!v->is_number_integer() || (v->is_number_integer() && !v->is_number_unsigned() && v->get<std::int64_t>() < 0)) {
    return WrongType(name, "a non-negative integer", *v);
  }
  return std::optional<std::uint64_t>(v->get<std::uint64_t>());
}

Result<std::vector<std::string>> JsonFields::RequiredStringArray(const std::string& name) {
  const nlohmann::json* v = Find(name);
  if (v == nullptr) return InvalidArgument("is required", name);
  if (!v->is_array()) return WrongType(name, "an array of strings", *v);
  if (v->empty()) return InvalidArgument("must not be empty", name);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const auto& item = (*v)[i];
    std::string at = name + "[" + std::to_string(i) + "]";
    if (!item.is_string()) return WrongType(at, "a string", item);
    if (item.get<std::string>().empty()) return InvalidArgument("must not be empty", at);
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<std::vector<std::string>> JsonFields::OptionalStringArray(const std::string& name) {
  const nlohmann::json* v = Find(name);
  if (v == nullptr) return std::vector<std::string>{};
  if (!v->is_array()) return WrongType(name, "an array of strings", *v);
  if (v->empty()) return std::vector<std::string>{};
  return RequiredStringArray(name);
}

Status JsonFields::RejectUnknown() const {
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (known_.count(it.key()) == 0) return InvalidArgument("unknown field", MessageField(it.key()));
  }
  return Status::Ok();
}

Result<CommandOptions> ReadCommandOptions(JsonFields& fields) {
  CommandOptions options;
  MRTRACK_ASSIGN_OR_RETURN(options.expected_version, fields.OptionalUint("expected_version"));
  MRTRACK_ASSIGN_OR_RETURN(auto event_id, fields.OptionalString("event_id"));
  if (event_id.has_value()) {
    if (!IsUuid(*event_id)) return InvalidArgument("must be a UUID (8-4-4-4-12 hex digits)", "event_id");
    std::transform(event_id->begin(), event_id->end(), event_id->begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    options.event_id = *event_id;
  }
  return options;
}

Status CheckQueryParams(const RequestContext& ctx, const std::vector<QueryParam>& allowed) {
  for (auto it = ctx.query.begin(); it != ctx.query.end(); it = ctx.query.upper_bound(it->first)) {
    auto doc = std::find_if(allowed.begin(), allowed.end(), [&](const QueryParam& p) { return p.name == it->first; });
    if (doc == allowed.end()) return InvalidArgument("unknown query parameter", it->first);
    if (!doc->repeatable && ctx.query.count(it->first) > 1) return InvalidArgument("given more than once", it->first);
  }
  return Status::Ok();
}

std::optional<std::string> QueryValue(const RequestContext& ctx, const std::string& name) {
  auto it = ctx.query.find(name);
  if (it == ctx.query.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> QueryValues(const RequestContext& ctx, const std::string& name) {
  std::vector<std::string> out;
  auto [begin, end] = ctx.query.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      std::string_view part = rest.substr(0, comma);
      if (!part.empty()) out.emplace_back(part);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

Result<std::optional<std::uint64_t>> QueryUint(const RequestContext& ctx, const std::string& name, std::uint64_t min,
                                               std::uint64_t max) {
  auto text = QueryValue(ctx, name);
  if (!text) return std::optional<std::uint64_t>();
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (!AllDigits(*text) || ec != std::errc() || end != text->data() + text->size()) {
    return InvalidArgument(MessageValue(*text, '\'') + " is not a non-negative integer", name);
  }
  if (value < min || value > max) {
    return InvalidArgument("must be from " + std::to_string(min) + " to " + std::to_string(max), name);
  }
  return std::optional<std::uint64_t>(value);
}

Result<std::optional<bool>> QueryBool(const RequestContext& ctx, const std::string& name) {
  auto text = QueryValue(ctx, name);
  if (!text) return std::optional<bool>();
  if (*text == "true") return std::optional<bool>(true);
  if (*text == "false") return std::optional<bool>(false);
  return InvalidArgument("must be true or false", name);
}

Result<std::optional<date::year_month_day>> QueryDate(const RequestContext& ctx, const std::string& name) {
  auto text = QueryValue(ctx, name);
  if (!text) return std::optional<date::year_month_day>();
  auto d = ParseDate(*text);
  if (!d.ok()) return InvalidArgument(MessageValue(*text, '\'') + " is not a date (YYYY-MM-DD)", name);
  return std::optional<date::year_month_day>(*d);
}

Result<Page> QueryPage(const RequestContext& ctx) {
  Page page;
  MRTRACK_ASSIGN_OR_RETURN(auto limit, QueryUint(ctx, "limit", 1, 1000));
  MRTRACK_ASSIGN_OR_RETURN(auto offset, QueryUint(ctx, "offset", 0, UINT32_MAX));
  if (limit) page.limit = static_cast<std::size_t>(*limit);
  if (offset) page.offset = static_cast<std::size_t>(*offset);
  return page;
}

Result<projections::AsOf> QueryAsOf(const RequestContext& ctx) {
  auto text = QueryValue(ctx, "as_of");
  if (!text) return projections::AsOf::Head();
  auto as_of = projections::ParseAsOf(*text, ctx.runtime->time_zone());
  if (!as_of.ok()) {
    return InvalidArgument(MessageValue(*text, '\'') + " is neither a log position, a day (YYYY-MM-DD) nor an RFC 3339 instant",
                           "as_of");
  }
  return as_of;
}

nlohmann::json PageJson(nlohmann::json items, std::size_t total, const Page& page, std::uint64_t position) {
  return {{"items", std::move(items)},
          {"total", total},
          {"limit", page.limit},
          {"offset", page.offset},
          {"position", position}};
}

std::vector<QueryParam> PageParams() {
  return {{"limit", "integer", "Page size, 1-1000. Default: 100.", false},
          {"offset", "integer", "Items to skip. Default: 0.", false}};
}

QueryParam AsOfParam() {
  return {"as_of", "string",
          "The state as of a log position (digits), the end of a day in the organisation's time zone (YYYY-MM-DD) "
          "or an RFC 3339 instant. Default: now.",
          false};
}

}  // namespace mrtrack::daemon
