// Shared helpers of the importer tests: the example configuration (its unit
// directory is what the fixtures' responsibles are matched against) and the
// fixture documents under tests/fixtures.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "events/import/parsed_evaluation.h"

namespace mrtrack::events::import::testing {

// config/mrtrack.example.toml, loaded once.
const config::Config& ExampleConfig();

// The bytes of tests/fixtures/<relative>, exactly as stored.
std::string ReadFixture(const std::string& relative);

// The published seed: tests/fixtures/seeds/kazakhstan-umbrella-management-response.txt.
std::string SeedText();

// tests/fixtures/gate/<fixture> read by ParseGateText with `config`. A parse
// error fails the calling test (non-fatally) and gives an empty evaluation.
ParsedEvaluation ParseGateFixture(const std::string& fixture, const config::Config& config = ExampleConfig());

// The header fields of a parsed evaluation, compared and printed as one value
// so that a header test states every field, the empty ones too.
struct Header {
  std::string title = "", office = "", plan_period = "", office_type = "", region = "", approval_status = "",
              overall_response = "";
  bool operator==(const Header&) const = default;
};
Header HeaderOf(const ParsedEvaluation& e);
void PrintTo(const Header& h, std::ostream* out);

// The warnings in order, each as "<line> <where>: <message>"; with `where`,
// only the warnings about it, each as "<line>: <message>".
std::vector<std::string> WarningTexts(const ParsedEvaluation& e, std::string_view where = "");

}  // namespace mrtrack::events::import::testing
