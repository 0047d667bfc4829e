// A Core on `dir`/data with the test config (daemon_harness.h), in process,
// for the suites that dispatch without HTTP.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "config/load.h"
#include "daemon/server/core.h"
#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {

inline void OpenTestCore(const TempDir& dir, std::unique_ptr<Core>* out) {
  TestConfig config;
  config.data_dir = dir.Sub("data");
  auto loaded = config::LoadConfigString(TestConfigToml(config), "test", dir.path());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto runtime = RuntimeConfig::Make(std::move(*loaded));
  ASSERT_TRUE(runtime.ok()) << runtime.status().ToString();
  auto core = Core::Open(*runtime);
  ASSERT_TRUE(core.ok()) << core.status().ToString();
  *out = std::move(*core);
}

}  // namespace mrtrack::daemon::testing
