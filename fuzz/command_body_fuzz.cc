// Fuzzes the bodies of the key-action commands: the first byte picks the
// command, the rest is its JSON body, sent as the admin through Dispatch()
// to an action of the seed. A body is accepted (2xx) or refused with a JSON
// error; the server never fails inside (500) because of a body.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/server/dispatcher.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mrtrack;
  if (size == 0) return 0;
  static const char* const kCommands[] = {"status", "deadline", "responsible", "comments", "description"};
  daemon::Core& core = fuzz::SeededCore();
  daemon::RequestContext ctx = fuzz::NewContext(core);
  ctx.method = "POST";
  ctx.path = "/v1/actions/" + fuzz::SeedEvaluationId() + "-r1-a1/" + kCommands[data[0] % 5];
  ctx.headers.emplace("content-type", "application/json");
  ctx.headers.emplace("authorization", std::string("Bearer ") + fuzz::kAdminToken);
  ctx.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);

  daemon::Dispatched answer = daemon::Dispatch(core.routes(), std::move(ctx));
  const int status = answer.reply.status;
  if (status >= 500) __builtin_trap();
  if (status >= 400) {
    auto body = nlohmann::json::parse(answer.reply.body, nullptr, false);
    if (body.is_discarded() || !body.contains("error")) __builtin_trap();
  }
  core.CatchUp().IgnoreError();  // The views follow; a failure would show in the next answers.
  return 0;
}
