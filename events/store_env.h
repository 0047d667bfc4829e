// A hook for fault tests: the RocksDB Env under every event store opened
// after the call (tests/support/fault_env.h injects I/O errors and a full
// disk with it). Production code never calls it; null restores RocksDB's
// default Env.
//
// Thread safety: set it before opening the stores it is meant for; the Env
// must outlive them.
#pragma once

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace mrtrack::events {

void SetStoreEnvForTesting(rocksdb::Env* env);

}  // namespace mrtrack::events
