// Fuzzes the JSON import format (events/import/json_format.h): any input
// gives a ParsedEvaluation or an error that says why, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/load.h"
#include "events/import/json_format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mrtrack::config::Config config = mrtrack::config::LoadEmbeddedDefault().value();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = mrtrack::events::import::ParseEvaluationJson(text, config);
  if (!parsed.ok() && parsed.status().message().empty()) __builtin_trap();
  return 0;
}
