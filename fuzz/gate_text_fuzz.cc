// Fuzzes the GATE text importer (events/import/gate_parser.h) with the units
// of the example config, so that alias matching is exercised too. Any input
// must give a ParsedEvaluation or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/load.h"
#include "events/import/gate_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mrtrack::config::Config config = mrtrack::config::LoadEmbeddedDefault().value();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = mrtrack::events::import::ParseGateText(text, config);
  if (!parsed.ok() && parsed.status().message().empty()) __builtin_trap();  // Errors must say why.
  return 0;
}
