// The data the benchmarks run on: a data directory holding the published
// seed management response imported under many evaluation ids, then every
// key action moved to Ongoing — the shape of a real log (imports, then a
// trickle of status changes), at a size chosen by the environment.
//
// Built once per process under MRTRACK_BENCH_DIR (default $TMPDIR, which
// must be a real disk for the fsync figures to mean anything), with the
// store's fsync off (a bulk load that can be redone), and removed at exit.
#pragma once

#include <cstdint>
#include <string>

#include "config/config.h"

namespace mrtrack::bench {

struct Corpus {
  std::string data_dir;      // Holds events/ (the log); views/ is left to the benchmark.
  config::Config config;     // The embedded default config, data_dir pointed here.
  std::uint64_t events = 0;  // The log's length.
  std::size_t evaluations = 0;
  std::size_t actions = 0;
};

// MRTRACK_BENCH_EVALUATIONS (default 400: about 30,000 events, 9,200
// actions). The smoke test sets it small.
std::size_t CorpusEvaluations();

// The corpus of CorpusEvaluations() evaluations; aborts the program with a
// message when it cannot be built (a benchmark without data is meaningless).
const Corpus& SharedCorpus();

// A fresh empty directory under MRTRACK_BENCH_DIR (default $TMPDIR), removed at exit.
std::string ScratchDir(const std::string& name);

}  // namespace mrtrack::bench
