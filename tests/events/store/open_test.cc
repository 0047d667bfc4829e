// Opening stores: new, existing, read-only, and every way a directory can be wrong.
#include "events/store.h"

#include <gtest/gtest.h>

#include <fstream>

#include <rocksdb/db.h>

#include "events/store/key_layout.h"
#include "tests/events/store/store_test_util.h"

namespace mrtrack::events {
namespace {

using store_test::At;
using store_test::Ev;
using store_test::One;
using store_test::TempDir;

class OpenTest : public ::testing::Test {
 protected:
  void ExpectOpenFails(const std::string& dir, StatusCode code, const std::string& message, StoreOptions options = {}) {
    auto r = EventStore::Open(dir, clock_, options);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), code);
    EXPECT_EQ(r.status().message(), message);
  }

  // A RocksDB database with the given column families and meta entries.
  void MakeRocksDb(const std::string& dir, const std::vector<std::string>& families,
                   const std::vector<std::pair<std::string, std::string>>& meta) {
    rocksdb::DBOptions options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors{{"default", {}}};
    for (const auto& f : families) descriptors.emplace_back(f, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir, descriptors, &handles, &db).ok());
    for (const auto& [k, v] : meta) ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles.back(), k, v).ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    db->Close().PermitUncheckedError();
    delete db;
  }

  TempDir tmp_;
  ManualClock clock_{At("2025-06-30T08:00:00Z")};
};

TEST_F(OpenTest, CreatesNestedDirectoriesAndReopens) {
  std::string dir = tmp_.Sub("data/events");
  {
    auto store = store_test::OpenStore(dir, clock_);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->HeadPosition(), 0u);
    EXPECT_TRUE(store->Verify().ok);
    ASSERT_OK(store->Append(One("s", ExpectedVersion::Any(), {Ev("E")})));
  }
  auto store = store_test::OpenStore(dir, clock_);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->HeadPosition(), 1u);
  EXPECT_EQ(store->StreamVersion("s"), 1u);
  auto r = store->Append(One("s", ExpectedVersion::Exact(1), {Ev("E")}));
  ASSERT_OK(r);
  EXPECT_EQ(r->positions[0], 2u);
}

TEST_F(OpenTest, WritesTheFormatMarker) {
  std::string dir = tmp_.Sub("s");
  { ASSERT_NE(store_test::OpenStore(dir, clock_), nullptr); }
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : store::kCfNames) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  ASSERT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir, families, &handles, &db).ok());
  std::string format, version, created;
  ASSERT_TRUE(db->Get({}, handles[store::kCfMeta], store::kMetaFormat, &format).ok());
  ASSERT_TRUE(db->Get({}, handles[store::kCfMeta], store::kMetaFormatVersion, &version).ok());
  ASSERT_TRUE(db->Get({}, handles[store::kCfMeta], store::kMetaCreatedAt, &created).ok());
  EXPECT_EQ(format, "mrtrack-event-store");
  EXPECT_EQ(version, std::string("\0\0\0\0\0\0\0\1", 8));
  EXPECT_EQ(created, "2025-06-30T08:00:00.000000Z");
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  delete db;
}

TEST_F(OpenTest, EmptyDirectoryName) {
  ExpectOpenFails("", StatusCode::kInvalidArgument, "the event store directory is empty");
}

TEST_F(OpenTest, PathIsAFile) {
  std::string file = tmp_.Sub("file");
  std::ofstream(file) << "x";
  ExpectOpenFails(file, StatusCode::kFailedPrecondition, "'" + file + "' is not a directory");
}

TEST_F(OpenTest, ParentIsAFile) {
  std::string file = tmp_.Sub("file");
  std::ofstream(file) << "x";
  auto r = EventStore::Open(file + "/store", clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  EXPECT_EQ(r.status().message().rfind("cannot create the event store directory '" + file + "/store': ", 0), 0u)
      << r.status().message();
}

TEST_F(OpenTest, RefusesADirectoryWithOtherFiles) {
  std::ofstream(tmp_.Sub("notes.txt")) << "mine";
  ExpectOpenFails(tmp_.path(), StatusCode::kFailedPrecondition,
                  "'" + tmp_.path() + "' is not empty and holds no event store (found 'notes.txt'); give the store a "
                  "directory of its own");
}

TEST_F(OpenTest, RefusesARocksDbThatIsNotAStore) {
  std::string dir = tmp_.Sub("other");
  MakeRocksDb(dir, {"things"}, {});
  ExpectOpenFails(dir, StatusCode::kFailedPrecondition,
                  "'" + dir + "' holds a RocksDB database that is not an mrtrack event store (no 'meta' column family)");
}

TEST_F(OpenTest, RefusesAPlainRocksDbWithData) {
  std::string dir = tmp_.Sub("other");
  MakeRocksDb(dir, {}, {{"some", "data"}});  // Into "default".
  ExpectOpenFails(dir, StatusCode::kFailedPrecondition,
                  "'" + dir + "' holds a RocksDB database that is not an mrtrack event store (no 'meta' column family)");
}

TEST_F(OpenTest, CompletesAnInterruptedCreation) {
  // What a crash leaves while RocksDB creates the families one by one.
  std::string dir = tmp_.Sub("half");
  MakeRocksDb(dir, {"events", "chain"}, {});
  ExpectOpenFails(dir, StatusCode::kFailedPrecondition,
                  "the event store in '" + dir + "' lacks column family 'streams'; open it writable once to complete it",
                  {.read_only = true});
  auto store = store_test::OpenStore(dir, clock_);
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->Append(One("s", ExpectedVersion::Any(), {Ev("E")})));
  EXPECT_TRUE(store->Verify().ok);
}

TEST_F(OpenTest, RefusesAnotherFormatMarker) {
  std::string dir = tmp_.Sub("other");
  MakeRocksDb(dir, {"meta"}, {{"format", "something-else"}});
  ExpectOpenFails(dir, StatusCode::kFailedPrecondition,
                  "'" + dir + "' is not an mrtrack event store (its format marker is 'something-else')");
}

TEST_F(OpenTest, RefusesANewerFormat) {
  std::string dir = tmp_.Sub("newer");
  MakeRocksDb(dir, {"meta"}, {{"format", "mrtrack-event-store"}, {"format_version", std::string("\0\0\0\0\0\0\0\2", 8)}});
  ExpectOpenFails(dir, StatusCode::kFailedPrecondition,
                  "'" + dir + "' holds event store format version 2, newer than this build reads (up to 1); upgrade "
                  "mrtrack");
}

TEST_F(OpenTest, ReadOnlyNeedsAnExistingStore) {
  ExpectOpenFails(tmp_.Sub("missing"), StatusCode::kNotFound,
                  "no event store at '" + tmp_.Sub("missing") + "': the directory does not exist", {.read_only = true});
  ExpectOpenFails(tmp_.path(), StatusCode::kNotFound, "no event store in '" + tmp_.path() + "'", {.read_only = true});
}

TEST_F(OpenTest, SecondWritableOpenIsUnavailable) {
  auto first = store_test::OpenStore(tmp_.path(), clock_);
  ASSERT_NE(first, nullptr);
  auto second = EventStore::Open(tmp_.path(), clock_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("the store is in use"), std::string::npos) << second.status().message();
}

TEST_F(OpenTest, ReadOnlyOpenBesideAWriter) {
  auto writer = store_test::OpenStore(tmp_.path(), clock_);
  ASSERT_NE(writer, nullptr);
  ASSERT_OK(writer->Append(One("s", ExpectedVersion::Any(), {Ev("E"), Ev("E")})));
  auto reader = store_test::OpenStore(tmp_.path(), clock_, {.read_only = true});
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->HeadPosition(), 2u);
  EXPECT_EQ(reader->ReadAll(1, 10)->size(), 2u);
  EXPECT_TRUE(reader->Verify().ok);
  EXPECT_EQ(reader->Stats().appends, 0u);
}

}  // namespace
}  // namespace mrtrack::events
