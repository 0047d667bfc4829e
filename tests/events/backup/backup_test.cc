// Backups of a real RocksDB store: made while appends go on, checked against
// their manifest, restored only when intact.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/crypto.h"
#include "events/backup/backup.h"
#include "events/store_checkpoint.h"
#include "tests/events/store/store_test_util.h"

namespace mrtrack::events {
namespace {

namespace fs = std::filesystem;
using store_test::Ev;
using store_test::One;
using store_test::OpenStore;
using store_test::TempDir;

constexpr Timestamp kNow{std::chrono::seconds(1767225600)};  // 2026-01-01

void AppendN(EventStore& store, const std::string& stream, int n) {
  for (int i = 0; i < n; ++i) {
    ASSERT_OK(store.Append(One(stream, ExpectedVersion::Any(), {Ev("Noted", {{"i", i}})})));
  }
}

TEST(BackupTest, ABackupMadeWhileAppendsGoOnHoldsAPrefixOfTheLogThatVerifies) {
  TempDir dir;
  ManualClock clock(kNow);
  auto store = OpenStore(dir.Sub("events"), clock);
  ASSERT_NE(store, nullptr);
  AppendN(*store, "before", 50);

  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    while (!stop) {
      if (store->Append(One("during", ExpectedVersion::Any(), {Ev("Noted")})).ok()) ++written;
    }
  });
  while (written < 20) std::this_thread::yield();
  auto manifest = WriteBackup(*store, dir.Sub("backup"), kNow);
  stop = true;
  writer.join();
  ASSERT_OK(manifest);
  EXPECT_GE(manifest->position, 70u);
  EXPECT_LE(manifest->position, store->HeadPosition());
  EXPECT_EQ(manifest->created_at, "2026-01-01T00:00:00.000000Z");
  EXPECT_FALSE(manifest->files.empty());
  // The chain head of the manifest is that of the live log at its position.
  auto at = store->ReadAll(manifest->position, 1);
  ASSERT_OK(at);
  ASSERT_EQ(at->size(), 1u);
  EXPECT_EQ(manifest->chain_head, HexEncode(at->front().chain_hash));

  ASSERT_OK(CheckBackup(dir.Sub("backup")));
  auto restored = RestoreBackup(dir.Sub("backup"), dir.Sub("restored/events"));
  ASSERT_OK(restored);
  EXPECT_EQ(restored->events_verified, manifest->position);
  auto copy = OpenStore(dir.Sub("restored/events"), clock);
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(copy->HeadPosition(), manifest->position);
  auto all = copy->ReadAll(1, 1000);
  ASSERT_OK(all);
  auto live = store->ReadAll(1, manifest->position);
  ASSERT_OK(live);
  ASSERT_EQ(all->size(), live->size());
  for (std::size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].chain_hash, (*live)[i].chain_hash) << i;
  // The restored store takes appends after its head.
  ASSERT_OK(copy->Append(One("after", ExpectedVersion::Any(), {Ev("Noted")})));
  EXPECT_EQ(copy->HeadPosition(), manifest->position + 1);
}

TEST(BackupTest, AnEmptyLogBacksUpAndRestores) {
  TempDir dir;
  ManualClock clock(kNow);
  auto store = OpenStore(dir.Sub("events"), clock);
  ASSERT_NE(store, nullptr);
  auto manifest = WriteBackup(*store, dir.Sub("backup"), kNow);
  ASSERT_OK(manifest);
  EXPECT_EQ(manifest->position, 0u);
  EXPECT_EQ(manifest->chain_head, std::string(64, '0'));
  ASSERT_OK(RestoreBackup(dir.Sub("backup"), dir.Sub("restored")));
}

TEST(BackupTest, ABackupIsRefusedIntoAnExistingDirectoryAndFromAReadOnlyStore) {
  TempDir dir;
  ManualClock clock(kNow);
  {
    auto store = OpenStore(dir.Sub("events"), clock);
    ASSERT_NE(store, nullptr);
    fs::create_directories(dir.Sub("taken"));
    auto refused = WriteBackup(*store, dir.Sub("taken"), kNow);
    EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_TRUE(fs::is_empty(dir.Sub("taken")));
  }
  StoreOptions read_only;
  read_only.read_only = true;
  auto store = OpenStore(dir.Sub("events"), clock, read_only);
  ASSERT_NE(store, nullptr);
  auto refused = WriteBackup(*store, dir.Sub("backup"), kNow);
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition) << refused.status().ToString();
  EXPECT_FALSE(fs::exists(dir.Sub("backup")));
}

class DamagedBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ManualClock clock(kNow);
    auto store = OpenStore(dir_.Sub("events"), clock);
    ASSERT_NE(store, nullptr);
    AppendN(*store, "s", 30);
    auto manifest = WriteBackup(*store, dir_.Sub("backup"), kNow);
    ASSERT_OK(manifest);
    manifest_ = *manifest;
  }

  // The restore is refused with `code`, naming `field`, and leaves nothing.
  void ExpectRefused(StatusCode code, const std::string& field_part) {
    auto restored = RestoreBackup(dir_.Sub("backup"), dir_.Sub("restored/events"));
    ASSERT_FALSE(restored.ok());
    EXPECT_EQ(restored.status().code(), code) << restored.status().ToString();
    EXPECT_NE(restored.status().field().find(field_part), std::string::npos) << restored.status().ToString();
    EXPECT_FALSE(fs::exists(dir_.Sub("restored/events")));
    EXPECT_FALSE(fs::exists(dir_.Sub("restored/events.restoring")));
  }

  const BackupFile& Largest() const {
    return *std::max_element(manifest_.files.begin(), manifest_.files.end(),
                             [](const auto& a, const auto& b) { return a.size < b.size; });
  }

  TempDir dir_;
  BackupManifest manifest_;
};

TEST_F(DamagedBackupTest, AFlippedByteIsFoundByItsHash) {
  const BackupFile& file = Largest();
  std::fstream f(dir_.Sub("backup/" + file.path), std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(file.size / 2));
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ 0x20);
  f.seekp(static_cast<std::streamoff>(file.size / 2));
  f.write(&c, 1);
  f.close();
  ExpectRefused(StatusCode::kCorruption, file.path);
}

TEST_F(DamagedBackupTest, AMissingOrExtraFileIsFound) {
  fs::remove(dir_.Sub("backup/" + Largest().path));
  ExpectRefused(StatusCode::kCorruption, Largest().path);
  std::ofstream(dir_.Sub("backup/" + Largest().path)) << "x";
  ExpectRefused(StatusCode::kCorruption, Largest().path);
}

TEST_F(DamagedBackupTest, AFileNotInTheManifestIsFound) {
  std::ofstream(dir_.Sub("backup/events/000999.sst")) << "planted";
  ExpectRefused(StatusCode::kCorruption, "events/000999.sst");
}

TEST_F(DamagedBackupTest, AManifestWhoseHeadDisagreesWithTheChainIsRefused) {
  // A consistent set of files, but the manifest claims another head: the
  // chain is recomputed on restore, not taken on trust.
  BackupManifest lying = manifest_;
  lying.chain_head = std::string(64, 'a');
  std::ofstream(dir_.Sub("backup/manifest.json"), std::ios::trunc) << ManifestToJson(lying);
  ExpectRefused(StatusCode::kCorruption, "chain_head");
}

TEST_F(DamagedBackupTest, AManifestOfANewerFormatOrAnotherProgramIsRefused) {
  std::ofstream(dir_.Sub("backup/manifest.json"), std::ios::trunc) << R"({"format":"mrtrack-backup","version":9})";
  ExpectRefused(StatusCode::kInvalidArgument, "version");
  std::ofstream(dir_.Sub("backup/manifest.json"), std::ios::trunc) << R"({"format":"other"})";
  ExpectRefused(StatusCode::kInvalidArgument, "format");
  fs::remove(dir_.Sub("backup/manifest.json"));
  ExpectRefused(StatusCode::kNotFound, "backup");
}

TEST_F(DamagedBackupTest, ARestoreOverAnExistingLogIsRefused) {
  ManualClock clock(kNow);
  {
    auto other = OpenStore(dir_.Sub("restored/events"), clock);
    ASSERT_NE(other, nullptr);
  }
  auto restored = RestoreBackup(dir_.Sub("backup"), dir_.Sub("restored/events"));
  EXPECT_EQ(restored.status().code(), StatusCode::kFailedPrecondition) << restored.status().ToString();
  EXPECT_TRUE(fs::exists(dir_.Sub("restored/events/CURRENT")));
}

}  // namespace
}  // namespace mrtrack::events
