// RocksDB's diagnostics (its "info log") for every RocksDB database of the
// data directory — the event store's and the views' — sent to the process's
// log (spdlog: stderr, journald) instead of a LOG file beside the data.
//
// Why: RocksDB writes its LOG file through a WritableFileWriter, which
// asserts that nothing is written to a file after a failed write, and
// Debian's librocksdb 7.8 keeps its assertions; once a line to LOG failed (a
// full disk), the next one — the periodic statistics dump, a flush — aborted
// the whole daemon (`WritableFileWriter::AssertFalseAndGetStatusForPrevError`,
// found by tests/daemon/full_disk_test.cc). A full disk must answer 507, not
// kill mrtrackd; and an operator reads one log, not a LOG file per database.
//
// Only errors are forwarded: RocksDB's info level dumps every option at open
// and every flush and compaction, and its warnings include routine ones (two
// at every checkpoint, so at every backup), which would also reach the CLI's
// output in offline mode.
//
// Thread safety: the logger may be called from any RocksDB thread.
#pragma once

#include <memory>
#include <string>

namespace rocksdb {
class Logger;
}  // namespace rocksdb

namespace mrtrack::events {

// A logger for DBOptions::info_log; `name` ("events", "views") prefixes its lines.
std::shared_ptr<rocksdb::Logger> MakeRocksInfoLog(std::string name);

}  // namespace mrtrack::events
