// Shared helpers of the importer tests: the example configuration (its unit
// directory is what the fixtures' responsibles are matched against) and the
// fixture documents under tests/fixtures.
#pragma once

#include <string>

#include "config/config.h"

namespace mrtrack::events::import::testing {

// config/mrtrack.example.toml, loaded once.
const config::Config& ExampleConfig();

// The bytes of tests/fixtures/<relative>, exactly as stored.
std::string ReadFixture(const std::string& relative);

// The published seed: tests/fixtures/seeds/kazakhstan-umbrella-management-response.txt.
std::string SeedText();

}  // namespace mrtrack::events::import::testing
