// Fuzzes the request path of the server: raw HTTP/1.1 request text (request
// line, header lines, an empty line, the body) turned into a RequestContext
// the way the HTTP front does (path decoded, the target's query parsed,
// header names lower-cased), then Dispatch(): routing, authentication, the
// role matrix, query checks, the handlers and the error mapping, on a store
// that holds the seed. Every answer must be a valid HTTP status with a JSON
// error body when it is an error; /readyz's 503 is its readiness document
// (a "status" and the reason), not an error.
#include <httplib.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "daemon/server/dispatcher.h"
#include "fuzz/fuzz_support.h"

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string_view NextLine(std::string_view& rest) {
  std::size_t end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mrtrack;
  daemon::Core& core = fuzz::SeededCore();
  std::string_view rest(reinterpret_cast<const char*>(data), size);

  std::string_view request_line = NextLine(rest);
  std::size_t space = request_line.find(' ');
  if (space == std::string_view::npos) return 0;  // The front answers 400 before dispatch.
  std::string_view target = request_line.substr(space + 1);
  target = target.substr(0, target.find(' '));

  daemon::RequestContext ctx = fuzz::NewContext(core);
  ctx.method = std::string(request_line.substr(0, space));
  std::size_t question = target.find('?');
  ctx.path = httplib::detail::decode_url(std::string(target.substr(0, question)), false);
  // Long-polls and streams wait for events by design; their parameters are
  // fuzzed through the same query parsing on the other routes.
  if (ctx.path.rfind("/v1/events", 0) == 0) return 0;
  if (question != std::string_view::npos) {
    httplib::Params params;
    httplib::detail::parse_query_text(std::string(target.substr(question + 1)), params);
    ctx.query.insert(params.begin(), params.end());
  }
  while (!rest.empty()) {
    std::string_view line = NextLine(rest);
    if (line.empty()) break;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return 0;  // Malformed header: 400 at the front.
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    ctx.headers.emplace(Lower(std::string(line.substr(0, colon))), std::string(value));
  }
  ctx.body = std::string(rest);

  const bool readiness = ctx.method == "GET" && ctx.path == "/readyz";
  daemon::Dispatched answer = daemon::Dispatch(core.routes(), std::move(ctx));
  const int status = answer.reply.status;
  if (status < 200 || status > 599) __builtin_trap();
  if (status >= 400) {
    auto body = nlohmann::json::parse(answer.reply.body, nullptr, false);
    if (body.is_discarded() || !body.contains(readiness ? "status" : "error")) __builtin_trap();  // Always JSON.
  }
  core.CatchUp().IgnoreError();  // The views follow; a failure would show in the next answers.
  return 0;
}
