// Request parsing with field-level errors: JSON bodies and query parameters.
//
// Every failure is kInvalidArgument (HTTP 400) whose `field` names the JSON
// field ("status", "units[1]") or query parameter ("as_of"), so a client can
// point at the exact mistake. No nlohmann::json exception escapes from here.
//
// Thread safety: pure functions; a JsonFields is used by one request.
#pragma once

#include <date/date.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "daemon/server/route_table.h"
#include "projections/as_of.h"

namespace mrtrack::daemon {

// The body must be exactly one JSON object.
Result<nlohmann::json> ParseJsonObject(std::string_view body);

// Reads the fields of one JSON object, remembering which were asked for so
// that RejectUnknown() can refuse anything else (a typo is an error, not a no-op).
class JsonFields {
 public:
  explicit JsonFields(const nlohmann::json& object) : object_(object) {}

  // A string; empty strings are rejected unless allow_empty.
  Result<std::string> RequiredString(const std::string& name, bool allow_empty = false);
  // A string, or nullopt when absent. Present and null is a type error.
  Result<std::optional<std::string>> OptionalString(const std::string& name);
  // Must be present; may be null (nullopt) or a string.
  Result<std::optional<std::string>> RequiredNullableString(const std::string& name);
  // A non-negative integer, or nullopt when absent.
  Result<std::optional<std::uint64_t>> OptionalUint(const std::string& name);
  // A non-empty array of non-empty strings.
  Result<std::vector<std::string>> RequiredStringArray(const std::string& name);
  // An array of non-empty strings (may be empty), or empty when absent.
  Result<std::vector<std::string>> OptionalStringArray(const std::string& name);
  // An error naming the first field that was never asked for.
  Status RejectUnknown() const;

 private:
  const nlohmann::json* Find(const std::string& name);

  const nlohmann::json& object_;
  std::set<std::string> known_;
};

// The fields every command accepts: expected_version and event_id.
struct CommandOptions {
  std::optional<std::uint64_t> expected_version;
  std::string event_id;  // Empty: the server generates one.
};
Result<CommandOptions> ReadCommandOptions(JsonFields& fields);

// Refuses query parameters the route does not document, and repeats of
// parameters that are not repeatable.
Status CheckQueryParams(const RequestContext& ctx, const std::vector<QueryParam>& allowed);

std::optional<std::string> QueryValue(const RequestContext& ctx, const std::string& name);
// Every value of a repeatable parameter, also split at commas, empty parts dropped.
std::vector<std::string> QueryValues(const RequestContext& ctx, const std::string& name);
Result<std::optional<std::uint64_t>> QueryUint(const RequestContext& ctx, const std::string& name, std::uint64_t min,
                                               std::uint64_t max);
Result<std::optional<bool>> QueryBool(const RequestContext& ctx, const std::string& name);
Result<std::optional<date::year_month_day>> QueryDate(const RequestContext& ctx, const std::string& name);

struct Page {
  std::size_t limit = 100;  // Default: 100, 1..1000.
  std::size_t offset = 0;   // Default: 0.
};
Result<Page> QueryPage(const RequestContext& ctx);

// `as_of`: a log position (digits), a day (YYYY-MM-DD: the end of that day
// in the organisation's time zone) or an RFC 3339 instant; Head() when absent.
Result<projections::AsOf> QueryAsOf(const RequestContext& ctx);

// {"items", "total", "limit", "offset", "position"} for a page of a list.
nlohmann::json PageJson(nlohmann::json items, std::size_t total, const Page& page, std::uint64_t position);

// The standard documentation of `limit`, `offset` and `as_of`.
std::vector<QueryParam> PageParams();
QueryParam AsOfParam();

}  // namespace mrtrack::daemon
