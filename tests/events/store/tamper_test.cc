// Corruption: Verify() names the first position that was altered, on writable
// and read-only opens, for changed bytes, changed hashes, gaps and bad indexes.
#include "events/store.h"

#include <gtest/gtest.h>

#include <optional>

#include <rocksdb/db.h>

#include "common/crypto.h"
#include "events/store/key_layout.h"
#include "tests/events/store/store_test_util.h"

namespace mrtrack::events {
namespace {

using store::BE64;
using store::kCfNames;
using store_test::At;
using store_test::Ev;
using store_test::One;
using store_test::Part;
using store_test::TempDir;

// The store's RocksDB opened directly, the way an outside tool would (all
// column families by name, FORMAT.md "Column families").
class RawDb {
 public:
  explicit RawDb(const std::string& dir) {
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : kCfNames) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    rocksdb::DBOptions options;
    auto s = rocksdb::DB::Open(options, dir, families, &handles_, &db_);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  ~RawDb() {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    db_->Close().PermitUncheckedError();
    delete db_;
  }
  std::string Get(store::Cf cf, std::string_view key) {
    std::string value;
    EXPECT_TRUE(db_->Get(rocksdb::ReadOptions(), handles_[cf], rocksdb::Slice(key.data(), key.size()), &value).ok());
    return value;
  }
  void Put(store::Cf cf, std::string_view key, std::string_view value) {
    ASSERT_TRUE(db_->Put(rocksdb::WriteOptions(), handles_[cf], rocksdb::Slice(key.data(), key.size()),
                         rocksdb::Slice(value.data(), value.size()))
                    .ok());
  }
  void Delete(store::Cf cf, std::string_view key) {
    ASSERT_TRUE(db_->Delete(rocksdb::WriteOptions(), handles_[cf], rocksdb::Slice(key.data(), key.size())).ok());
  }

 private:
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

std::string Key(std::uint64_t position) { return std::string(store::AsView(BE64(position))); }

class TamperTest : public ::testing::Test {
 protected:
  // Ten events: positions 1..10, streams "a" (odd) and "b" (even).
  void SetUp() override {
    auto s = store_test::OpenStore(dir_.path(), clock_, StoreOptions{.sync = false});
    ASSERT_NE(s, nullptr);
    for (int i = 1; i <= 10; ++i) {
      ASSERT_OK(s->Append(One(i % 2 ? "a" : "b", ExpectedVersion::Any(), {Ev("E", {{"i", i}, {"text", "hello"}})})));
    }
    VerifyReport clean = s->Verify();
    ASSERT_TRUE(clean.ok) << clean.problem;
    EXPECT_EQ(clean.events_checked, 10u);
    EXPECT_EQ(clean.first_bad_position, 0u);
    EXPECT_EQ(clean.head, s->ReadAll(10, 1)->at(0).chain_hash);
    events_ = *s->ReadAll(1, 10);
  }

  // Verify() on a writable and on a read-only open; both must name `position`
  // and give a problem starting with `problem`. `checked`: the events that
  // passed (default: all before `position`).
  void ExpectBadAt(std::uint64_t position, const std::string& problem, bool writable_opens = true,
                   std::optional<std::uint64_t> checked = std::nullopt) {
    for (bool read_only : {false, true}) {
      if (read_only == false && !writable_opens) continue;
      SCOPED_TRACE(read_only ? "read-only" : "writable");
      auto s = store_test::OpenStore(dir_.path(), clock_, StoreOptions{.read_only = read_only});
      ASSERT_NE(s, nullptr);
      VerifyReport report = s->Verify();
      EXPECT_FALSE(report.ok);
      EXPECT_EQ(report.first_bad_position, position);
      EXPECT_EQ(report.problem.substr(0, problem.size()), problem) << report.problem;
      EXPECT_EQ(report.events_checked, checked.value_or(position - 1));
    }
  }

  TempDir dir_;
  ManualClock clock_{At("2025-06-30T08:00:00Z")};
  std::vector<RecordedEvent> events_;
};

TEST_F(TamperTest, OneChangedByteOfOneEventIsNamed) {
  {
    RawDb raw(dir_.path());
    std::string record = raw.Get(store::kCfEvents, Key(5));
    auto at = record.find("hello");
    ASSERT_NE(at, std::string::npos);
    record[at] = 'j';  // Still valid JSON: only the chain can tell.
    raw.Put(store::kCfEvents, Key(5), record);
  }
  ExpectBadAt(5, "position 5: chain hash mismatch: stored " + HexEncode(events_[4].chain_hash) + ", recomputed ");
}

TEST_F(TamperTest, ABrokenLastRecordKeepsWritableOpensOutButVerifyStillRuns) {
  {
    RawDb raw(dir_.path());
    std::string record = raw.Get(store::kCfEvents, Key(10));
    record[0] = '[';
    raw.Put(store::kCfEvents, Key(10), record);
  }
  auto writable = EventStore::Open(dir_.path(), clock_);
  ASSERT_FALSE(writable.ok());
  EXPECT_EQ(writable.status().code(), StatusCode::kCorruption);
  ExpectBadAt(10, "position 10: chain hash mismatch", /*writable_opens=*/false);
}

TEST_F(TamperTest, ARewrittenRecordWithARecomputedHashIsCaughtByTheNextLink) {
  {
    RawDb raw(dir_.path());
    std::string record = raw.Get(store::kCfEvents, Key(3));
    record.replace(record.find("hello"), 5, "HELLO");
    Sha256Digest prev = events_[1].chain_hash;
    Sha256Digest forged = Sha256Concat(std::string_view(reinterpret_cast<const char*>(prev.data()), 32), record);
    raw.Put(store::kCfEvents, Key(3), record);
    raw.Put(store::kCfChain, Key(3), std::string_view(reinterpret_cast<const char*>(forged.data()), 32));
  }
  ExpectBadAt(4, "position 4: chain hash mismatch");
}

TEST_F(TamperTest, AChangedStoredHashIsNamed) {
  {
    RawDb raw(dir_.path());
    std::string hash = raw.Get(store::kCfChain, Key(7));
    hash[31] = static_cast<char>(hash[31] ^ 1);
    raw.Put(store::kCfChain, Key(7), hash);
  }
  ExpectBadAt(7, "position 7: chain hash mismatch");
}

TEST_F(TamperTest, ADeletedChainEntryIsNamed) {
  { RawDb(dir_.path()).Delete(store::kCfChain, Key(4)); }
  ExpectBadAt(4, "position 4: missing from the chain");
}

TEST_F(TamperTest, AGapInThePositionsIsNamed) {
  {
    RawDb raw(dir_.path());
    raw.Delete(store::kCfEvents, Key(6));
    raw.Delete(store::kCfChain, Key(6));
  }
  ExpectBadAt(6, "position 6: missing: the next stored event is at position 7");
}

TEST_F(TamperTest, ATruncatedTailContradictsMetaHead) {
  {
    RawDb raw(dir_.path());
    const RecordedEvent& last = events_[9];
    raw.Delete(store::kCfEvents, Key(10));
    raw.Delete(store::kCfChain, Key(10));
    raw.Delete(store::kCfStreams, store::StreamKey("b", 5));
    raw.Delete(store::kCfEventIds, last.event_id);
    auto t = store::ByTimeKey(last.recorded_at, 10);
    raw.Delete(store::kCfByTime, std::string_view(t.data(), t.size()));
    raw.Put(store::kCfHeads, "b", std::string(store::AsView(BE64(4))));
  }
  auto writable = EventStore::Open(dir_.path(), clock_);
  ASSERT_FALSE(writable.ok());
  EXPECT_EQ(writable.status().code(), StatusCode::kCorruption);
  EXPECT_NE(writable.status().message().find("meta head says position 10 but the events end at 9"), std::string::npos)
      << writable.status().message();
  ExpectBadAt(10, "position 10: missing: meta head says the log ends at position 10", /*writable_opens=*/false);
}

TEST_F(TamperTest, AStreamsIndexEntryPointingElsewhereIsNamed) {
  { RawDb(dir_.path()).Put(store::kCfStreams, store::StreamKey("a", 2), Key(5)); }
  ExpectBadAt(3, "position 3: its streams index entry points to position 5");
}

TEST_F(TamperTest, AMissingEventIdEntryIsNamed) {
  { RawDb(dir_.path()).Delete(store::kCfEventIds, events_[7].event_id); }
  ExpectBadAt(8, "position 8: the event_ids index has no entry for it");
}

TEST_F(TamperTest, AStrayEventIdEntryIsNamed) {
  { RawDb(dir_.path()).Put(store::kCfEventIds, "00000000-0000-4000-8000-0000000000ff", Key(2)); }
  ExpectBadAt(2, "position 2: the event_ids index has an entry (key ", true, 10);
}

TEST_F(TamperTest, AWrongStreamHeadIsNamed) {
  { RawDb(dir_.path()).Put(store::kCfHeads, "a", std::string(store::AsView(BE64(4)))); }
  ExpectBadAt(9, "position 9: heads says stream 'a' is at version 4, the log holds 5 events of it", true, 10);
}

TEST_F(TamperTest, AChangedRecordPositionIsNamedEvenWithAValidChain) {
  // Re-chain the whole log after changing what event 2 says about itself:
  // only the envelope check can find this one.
  {
    RawDb raw(dir_.path());
    Sha256Digest hash{};
    for (std::uint64_t p = 1; p <= 10; ++p) {
      std::string record = raw.Get(store::kCfEvents, Key(p));
      if (p == 2) record.replace(record.find("\"position\":2"), 12, "\"position\":9");
      hash = Sha256Concat(std::string_view(reinterpret_cast<const char*>(hash.data()), 32), record);
      raw.Put(store::kCfEvents, Key(p), record);
      raw.Put(store::kCfChain, Key(p), std::string_view(reinterpret_cast<const char*>(hash.data()), 32));
    }
    std::string head = std::string(store::AsView(BE64(10))) +
                       std::string(reinterpret_cast<const char*>(hash.data()), hash.size());
    raw.Put(store::kCfMeta, store::kMetaHead, head);
  }
  ExpectBadAt(2, "position 2: the record says it is at position 9");
}

}  // namespace
}  // namespace mrtrack::events
