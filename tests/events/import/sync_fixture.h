// The fixture of the sync tests: a real RocksDB store in a temporary
// directory, a ManualClock, the example unit directory, and helpers to import
// texts and look at what was appended.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/time.h"
#include "events/import/import.h"
#include "events/store.h"
#include "tests/events/import/test_support.h"

namespace mrtrack::events::import::testing {

class SyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = ::testing::TempDir() + "mrtrack-import-XXXXXX";
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    auto store = EventStore::Open(dir_ + "/store", clock_, StoreOptions{.sync = false});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  Result<ImportReport> Import(const std::string& text, const ImportOptions& options = {},
                              ImportFormat format = ImportFormat::kGate) {
    return ImportDocument(*store_, ExampleConfig(), text, format, "focal-point", options);
  }
  ImportReport ImportOk(const std::string& text, const ImportOptions& options = {},
                        ImportFormat format = ImportFormat::kGate) {
    auto r = Import(text, options, format);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ImportReport{};
  }

  // Every stored event from `from` on.
  std::vector<RecordedEvent> Events(std::uint64_t from = 1) {
    auto all = store_->ReadAll(from, 100000);
    EXPECT_TRUE(all.ok()) << all.status().ToString();
    return all.ok() ? *all : std::vector<RecordedEvent>{};
  }
  static std::map<std::string, std::size_t> CountByType(const std::vector<RecordedEvent>& events) {
    std::map<std::string, std::size_t> counts;
    for (const auto& e : events) ++counts[e.type];
    return counts;
  }

  // The seed with `from` replaced by `to` (exactly once).
  static std::string SeedWith(const std::string& from, const std::string& to) {
    std::string text = SeedText();
    std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "not unique: " << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }

  ManualClock clock_{ParseTimestamp("2025-01-10T09:00:00Z").value()};
  std::string dir_;
  std::unique_ptr<EventStore> store_;
};

// Forwards to a real store; runs `before_append` (once) just before the
// first Append, as a concurrent writer would.
class RacingStore final : public EventStore {
 public:
  RacingStore(EventStore& inner, std::function<void()> before_append)
      : inner_(inner), before_append_(std::move(before_append)) {}

  Result<AppendResult> Append(std::vector<AppendPart> parts, ConflictInfo* conflict) override {
    if (before_append_) std::exchange(before_append_, nullptr)();
    return inner_.Append(std::move(parts), conflict);
  }
  Result<std::vector<RecordedEvent>> ReadStream(const std::string& stream, std::uint64_t from, Direction direction,
                                                std::size_t max) const override {
    return inner_.ReadStream(stream, from, direction, max);
  }
  Result<std::vector<RecordedEvent>> ReadAll(std::uint64_t from_position, std::size_t max) const override {
    return inner_.ReadAll(from_position, max);
  }
  Status Scan(std::uint64_t from_position, const std::function<bool(const RecordedEvent&)>& visit) const override {
    return inner_.Scan(from_position, visit);
  }
  Result<std::vector<RecordedEvent>> ReadByTime(Timestamp from, Timestamp to, std::size_t max) const override {
    return inner_.ReadByTime(from, to, max);
  }
  std::uint64_t StreamVersion(const std::string& stream) const override { return inner_.StreamVersion(stream); }
  std::uint64_t HeadPosition() const override { return inner_.HeadPosition(); }
  std::uint64_t WaitForPositionAfter(std::uint64_t after, std::chrono::milliseconds timeout) const override {
    return inner_.WaitForPositionAfter(after, timeout);
  }
  std::uint64_t AddCommitListener(std::function<void(std::uint64_t head)> listener) override {
    return inner_.AddCommitListener(std::move(listener));
  }
  void RemoveCommitListener(std::uint64_t id) override { inner_.RemoveCommitListener(id); }
  VerifyReport Verify() const override { return inner_.Verify(); }
  StoreStats Stats() const override { return inner_.Stats(); }

 private:
  EventStore& inner_;
  std::function<void()> before_append_;
};

}  // namespace mrtrack::events::import::testing
