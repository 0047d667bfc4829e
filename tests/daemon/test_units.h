// The seed's unit directory and token entries as TOML, for the suites that
// write configs of their own (daemon_harness.cc's TestConfigToml uses them
// too, so every suite names the same units with the same aliases).
#pragma once

#include <string>
#include <vector>

namespace mrtrack::daemon::testing {

// [[units]] of kaz-co, kaz-programme, government, un-agencies,
// national-partners and ecaro, with the aliases the seed's responsibles
// match. kCountryOfficeOnly: only kaz-co has an address
// (kazakhstan.co@example.org); kEveryUnit: each unit has <id>@example.org
// and every unit but ecaro escalates (kaz-co to ecaro, the others to kaz-co).
enum class UnitAddresses { kCountryOfficeOnly, kEveryUnit };
std::string UnitsToml(UnitAddresses addresses);

// One [[tokens]] entry for `token` (stored as its SHA-256).
std::string TokenToml(const std::string& name, const std::string& role, const std::string& token,
                      const std::vector<std::string>& units = {});

}  // namespace mrtrack::daemon::testing
