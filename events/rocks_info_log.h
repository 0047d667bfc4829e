// RocksDB's diagnostics (its "info log") for every RocksDB database of the
// data directory — the event store's and the views' — sent to the process's
// log (spdlog: stderr, journald) instead of a LOG file beside the data.
//
// Why: RocksDB writes its LOG file through a WritableFileWriter, and Debian's
// librocksdb 7.8 is built with assertions; once a write to that file failed
// (a full disk), the next line logged — a periodic statistics dump, a flush —
// aborts the whole daemon (`WritableFileWriter::AssertFalseAndGetStatusForPrevError`,
// fixed upstream only in RocksDB 9). A full disk must answer 507, not kill
// mrtrackd; and an operator reads one log, not a LOG file per database.
//
// Only warnings and errors are forwarded (RocksDB's info level dumps every
// option at open and every flush and compaction).
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
