#include "bench/corpus.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <vector>

#include "common/clock.h"
#include "config/load.h"
#include "events/domain/commands.h"
#include "events/import/import.h"
#include "events/store.h"
#include "projections/offline.h"
#include "projections/projections.h"

namespace mrtrack::bench {
namespace {

[[noreturn]] void Fail(const std::string& what, const Status& status) {
  std::fprintf(stderr, "bench corpus: %s: %s\n", what.c_str(), status.ToString().c_str());
  std::exit(2);
}

std::string ReadSeed() {
  std::ifstream in(std::string(MRTRACK_SOURCE_DIR) + "/tests/fixtures/seeds/kazakhstan-umbrella-management-response.txt",
                   std::ios::binary);
  if (!in) Fail("reading the seed", IoError("cannot open the seed fixture"));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Directories made by ScratchDir, removed by an atexit handler.
std::vector<std::string>& Scratch() {
  static std::vector<std::string> dirs;
  return dirs;
}

void RemoveScratch() {
  for (const auto& dir : Scratch()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
}

Corpus Build() {
  Corpus corpus;
  corpus.data_dir = ScratchDir("corpus");
  corpus.evaluations = CorpusEvaluations();
  auto config = config::LoadEmbeddedDefault();
  if (!config.ok()) Fail("loading the default config", config.status());
  corpus.config = std::move(*config);
  corpus.config.storage.data_dir = corpus.data_dir;

  SystemClock clock;
  events::StoreOptions options;
  options.sync = false;
  auto store = events::EventStore::Open(projections::EventsDirOf(corpus.data_dir), clock, options);
  if (!store.ok()) Fail("opening the store", store.status());
  const std::string seed = ReadSeed();
  for (std::size_t i = 0; i < corpus.evaluations; ++i) {
    events::import::ImportOptions import;
    import.evaluation_id = "bench-" + std::to_string(i);
    auto report = events::import::ImportDocument(**store, corpus.config, seed, events::import::ImportFormat::kGate,
                                                 "bench", import);
    if (!report.ok()) Fail("importing " + import.evaluation_id, report.status());
    corpus.actions += report->key_actions;
  }
  // Every action gets one status change, as follow-up work would record.
  auto views = projections::Projections::Open(ScratchDir("corpus-views"), **store);
  if (!views.ok()) Fail("projecting the imports", views.status());
  std::vector<std::string> action_ids;
  (*views)->Read([&](const projections::ViewModel& model) {
    for (const auto& [id, action] : model.actions()) action_ids.push_back(id);
  });
  events::CommandContext ctx(**store, "bench");
  for (const auto& id : action_ids) {
    auto changed = events::ChangeStatus(ctx, id, events::ActionStatus::kOngoing, "work started");
    if (!changed.ok()) Fail("changing the status of " + id, changed.status());
  }
  corpus.events = (*store)->HeadPosition();
  return corpus;
}

}  // namespace

std::size_t CorpusEvaluations() {
  const char* text = std::getenv("MRTRACK_BENCH_EVALUATIONS");
  if (text == nullptr || *text == '\0') return 400;
  long n = std::strtol(text, nullptr, 10);
  return n > 0 ? static_cast<std::size_t>(n) : 1;
}

const Corpus& SharedCorpus() {
  static const Corpus corpus = Build();
  return corpus;
}

std::string ScratchDir(const std::string& name) {
  static std::once_flag registered;
  // The list first: it must outlive the handler, and statics die in reverse order of registration.
  std::call_once(registered, [] {
    Scratch();
    std::atexit(RemoveScratch);
  });
  const char* base = std::getenv("MRTRACK_BENCH_DIR");
  const std::filesystem::path parent =
      base != nullptr && *base != '\0' ? std::filesystem::path(base) : std::filesystem::temp_directory_path();
  std::filesystem::create_directories(parent);
  std::string tmpl = (parent / ("mrtrack-bench-" + name + "-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) Fail("making a scratch directory", IoError("mkdtemp failed for " + tmpl));
  Scratch().push_back(tmpl);
  return tmpl;
}

}  // namespace mrtrack::bench
