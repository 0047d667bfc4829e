#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/crypto.h"
#include "config/load.h"
#include "daemon/server/dispatcher.h"
#include "daemon/server/health.h"
#include "daemon/server/runtime_config.h"

namespace mrtrack::fuzz {
namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "fuzz setup failed: %s\n", what.c_str());
  std::abort();
}

std::string& ScratchDir() {
  static std::string dir;
  return dir;
}

void RemoveScratch() {
  std::error_code ignored;
  if (!ScratchDir().empty()) std::filesystem::remove_all(ScratchDir(), ignored);
}

std::string ConfigToml(const std::string& data_dir) {
  return "[storage]\ndata_dir = \"" + data_dir +
         "\"\n\n[organisation]\nname = \"Fuzz\"\ntime_zone = \"Asia/Almaty\"\n\n"
         "[[units]]\nid = \"kaz-programme\"\nname = \"KAZ Programme\"\naliases = [\"KAZ Programme team\"]\n\n"
         "[[tokens]]\nname = \"fuzz-admin\"\nrole = \"admin\"\nsha256 = \"" +
         HexEncode(Sha256(kAdminToken)) +
         "\"\n\n[reminders]\nbefore = []\non_deadline = false\noverdue_every = \"0d\"\nescalate_after = \"0d\"\n";
}

std::string ReadSeed() {
  std::ifstream in(std::string(MRTRACK_SOURCE_DIR) + "/tests/fixtures/seeds/kazakhstan-umbrella-management-response.txt",
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (s.str().empty()) Fail("the seed fixture is missing");
  return s.str();
}

struct Seeded {
  std::unique_ptr<daemon::Core> core;
  std::string evaluation_id;
};

Seeded Open() {
  std::string pattern = (std::filesystem::temp_directory_path() / "mrtrack-fuzz-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) Fail("mkdtemp " + pattern);
  ScratchDir() = pattern;
  std::atexit(RemoveScratch);
  auto loaded = config::LoadConfigString(ConfigToml(pattern + "/data"), "fuzz.toml", pattern);
  if (!loaded.ok()) Fail(loaded.status().ToString());
  auto runtime = daemon::RuntimeConfig::Make(std::move(*loaded));
  if (!runtime.ok()) Fail(runtime.status().ToString());
  auto core = daemon::Core::Open(*runtime);
  if (!core.ok()) Fail(core.status().ToString());
  (*core)->health().Set(daemon::Health::Phase::kReady);  // As mrtrackd once it listens.
  Seeded seeded{std::move(*core), ""};
  daemon::RequestContext ctx = NewContext(*seeded.core);
  ctx.method = "POST";
  ctx.path = "/v1/imports";
  ctx.headers.emplace("content-type", "text/plain");
  ctx.headers.emplace("authorization", std::string("Bearer ") + kAdminToken);
  ctx.body = ReadSeed();
  daemon::Dispatched imported = daemon::Dispatch(seeded.core->routes(), std::move(ctx));
  if (imported.reply.status != 200) Fail("importing the seed: " + imported.reply.body);
  seeded.evaluation_id = nlohmann::json::parse(imported.reply.body).at("evaluation_id").get<std::string>();
  return seeded;
}

Seeded& Instance() {
  static Seeded seeded = Open();
  return seeded;
}

}  // namespace

daemon::Core& SeededCore() { return *Instance().core; }

const std::string& SeedEvaluationId() { return Instance().evaluation_id; }

daemon::RequestContext NewContext(daemon::Core& core) {
  daemon::RequestContext ctx;
  ctx.request_id = "fuzz";
  ctx.runtime = core.config().Get();
  return ctx;
}

}  // namespace mrtrack::fuzz
