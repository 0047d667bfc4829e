#include "tests/events/import/test_support.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "config/load.h"

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

}  // namespace mrtrack::events::import::testing
