#include "tests/events/import/test_support.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "config/load.h"
#include "events/import/gate_parser.h"

namespace mrtrack::events::import::testing {

const config::Config& ExampleConfig() {
  static const config::Config config = [] {
    auto loaded = config::LoadConfigFile(std::string(MRTRACK_SOURCE_DIR) + "/config/mrtrack.example.toml");
    if (!loaded.ok()) throw std::runtime_error(loaded.status().ToString());
    return *loaded;
  }();
  return config;
}

std::string ReadFixture(const std::string& relative) {
  std::string path = std::string(MRTRACK_SOURCE_DIR) + "/tests/fixtures/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string SeedText() { return ReadFixture("seeds/kazakhstan-umbrella-management-response.txt"); }

ParsedEvaluation ParseGateFixture(const std::string& fixture, const config::Config& config) {
  auto parsed = ParseGateText(ReadFixture("gate/" + fixture), config);
  EXPECT_TRUE(parsed.ok()) << fixture << ": " << parsed.status().ToString();
  return parsed.ok() ? *parsed : ParsedEvaluation{};
}

Header HeaderOf(const ParsedEvaluation& e) {
  return {e.title, e.office, e.plan_period, e.office_type, e.region, e.approval_status, e.overall_response};
}

void PrintTo(const Header& h, std::ostream* out) {
  *out << "{title \"" << h.title << "\", office \"" << h.office << "\", plan_period \"" << h.plan_period
       << "\", office_type \"" << h.office_type << "\", region \"" << h.region << "\", approval_status \""
       << h.approval_status << "\", overall_response \"" << h.overall_response << "\"}";
}

std::vector<std::string> WarningTexts(const ParsedEvaluation& e, std::string_view where) {
  std::vector<std::string> out;
  for (const ImportWarning& w : e.warnings) {
    if (where.empty()) {
      out.push_back(std::to_string(w.line) + " " + w.where + ": " + w.message);
    } else if (w.where == where) {
      out.push_back(std::to_string(w.line) + ": " + w.message);
    }
  }
  return out;
}

}  // namespace mrtrack::events::import::testing
