// Fuzzes the spreadsheet import (events/import/csv_format.h): any input gives
// a ParsedEvaluation or an error that says why, never a crash. The first
// byte picks whether a column mapping is given, so that path is fuzzed too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/load.h"
#include "events/import/csv_format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mrtrack::config::Config config = mrtrack::config::LoadEmbeddedDefault().value();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  mrtrack::events::import::CsvColumnMap map;
  if (!text.empty() && (text.front() & 1) != 0) map = {{"Due by", "deadline"}, {"Owner", "responsible"}};
  auto parsed = mrtrack::events::import::ParseEvaluationCsv(text, config, map);
  if (!parsed.ok() && parsed.status().message().empty()) __builtin_trap();
  return 0;
}
