// Fuzzes the TOML config loader and its validation (config/load.h); a config
// that loads must also describe itself (what --check-config prints).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/load.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view toml(reinterpret_cast<const char*>(data), size);
  auto loaded = mrtrack::config::LoadConfigString(toml, "fuzz.toml", "/nonexistent-fuzz-base");
  if (loaded.ok()) {
    (void)mrtrack::config::DescribeConfig(*loaded);
  } else if (loaded.status().message().empty()) {
    __builtin_trap();
  }
  return 0;
}
