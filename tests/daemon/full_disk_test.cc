// A real full disk under the real mrtrackd: its data directory on a small
// tmpfs mounted by the test (root only; skipped otherwise), filled by a filler
// file while the daemon runs. Writes answer 507 naming the disk, reads go on,
// nothing acknowledged is lost, and once the filler is removed writes succeed
// again without a restart, the views follow and the chain verifies.
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/daemon/daemon_harness.h"
#include "tests/support/wait_for.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;
using test_support::WaitFor;

// Big enough for RocksDB's preallocated WAL and manifest of both databases
// (the store's and the views'), small enough to fill in a moment.
constexpr char kDiskSize[] = "size=256m";

class FullDiskTest : public DaemonTest {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root (CI runs as root)";
    disk_ = dir_.Sub("disk");
    std::filesystem::create_directories(disk_);
    if (::mount("tmpfs", disk_.c_str(), "tmpfs", 0, kDiskSize) != 0) {
      GTEST_SKIP() << "mount -t tmpfs -o " << kDiskSize << " " << disk_ << " failed: " << std::strerror(errno);
    }
    mounted_ = true;
    TestConfig config;
    config.data_dir = disk_ + "/data";
    ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
    ASSERT_NO_FATAL_FAILURE(ImportSeed());
  }
  void TearDown() override {
    daemon_.reset();  // SIGKILLs a daemon the test left running: nothing may hold the mount.
    if (mounted_ && ::umount2(disk_.c_str(), MNT_DETACH) != 0) {
      ADD_FAILURE() << "umount " << disk_ << ": " << std::strerror(errno);
    }
  }

  // Writes a filler file until the filesystem refuses (ENOSPC); its size.
  std::size_t Fill() {
    const std::string path = disk_ + "/filler";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    EXPECT_GE(fd, 0) << path << ": " << std::strerror(errno);
    if (fd < 0) return 0;
    std::size_t total = 0;
    const std::vector<char> chunk(1 << 20, 'x');
    for (std::size_t size = chunk.size(); size > 0; size /= 2) {  // Then smaller pieces, to the last byte.
      while (true) {
        const ssize_t n = ::write(fd, chunk.data(), size);
        if (n <= 0) break;
        total += static_cast<std::size_t>(n);
      }
    }
    EXPECT_EQ(errno, ENOSPC) << std::strerror(errno);
    ::close(fd);
    return total;
  }
  void RemoveFiller() { std::filesystem::remove(disk_ + "/filler"); }

  JsonResponse Comment(const std::string& text) {
    return PostJson(*Admin(), "/v1/actions/" + own_action_ + "/comments", {{"text", text}});
  }
  JsonResponse SetStatus(const std::string& status) {
    return PostJson(*Admin(), "/v1/actions/" + own_action_ + "/status", {{"status", status}, {"reason", "fault test"}});
  }
  json Action() { return GetJson(*Admin(), "/v1/actions/" + own_action_).body; }
  // Every write acknowledged is in the view: the count of comments and the last one.
  void ExpectComments(std::size_t count, const std::string& last) {
    json a = Action();
    EXPECT_EQ(a["comment_count"], count);
    EXPECT_EQ(a["last_comment"]["text"], last);
  }

  std::string disk_;
  bool mounted_ = false;
};

// 507, naming the full disk and where the store lives on it.
void ExpectDiskFull(const JsonResponse& r, const std::string& data_dir) {
  ASSERT_EQ(r.status, 507) << r.raw.substr(0, 2000);
  EXPECT_EQ(r.body["error"]["code"], "resource_exhausted") << r.raw;
  EXPECT_EQ(r.body["error"]["field"], "storage") << r.raw;
  EXPECT_NE(r.raw.find("the disk is full; nothing was written"), std::string::npos) << r.raw;
  EXPECT_NE(r.raw.find(data_dir), std::string::npos) << r.raw;
}

TEST_F(FullDiskTest, WritesAnswer507ReadsGoOnAndWritesResumeOnceTheFillerIsRemoved) {
  ASSERT_EQ(Comment("before the disk filled").status, 200);
  ASSERT_EQ(SetStatus("Ongoing").status, 200);
  ASSERT_EQ(Action()["status"], "Ongoing");
  const std::size_t before = Action()["comment_count"];  // The seed's comment and ours.

  ASSERT_GT(Fill(), 0u);
  // RocksDB may still have room in what it preallocated; the first write
  // that needs a block of its own is refused, and every one after it.
  std::vector<std::string> acknowledged;
  JsonResponse full;
  const std::string bulk(9000, 'f');  // Near the longest comment: the WAL's room goes quickly.
  for (int i = 0; i < 20000; ++i) {
    const std::string text = "while the disk is full " + std::to_string(i) + " " + bulk;
    full = Comment(text);
    if (full.status != 200) break;
    acknowledged.push_back(text);
  }

  ExpectDiskFull(full, disk_ + "/data");
  ExpectDiskFull(Comment("still full"), disk_ + "/data");
  ExpectDiskFull(SetStatus("Initiated"), disk_ + "/data");

  // Reads go on, with everything acknowledged.
  JsonResponse list = GetJson(*Admin(), "/v1/actions");
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(list.body["total"], 23);
  JsonResponse one = GetJson(*Admin(), "/v1/actions/" + own_action_);
  ASSERT_EQ(one.status, 200) << one.raw;
  EXPECT_EQ(one.body["status"], "Ongoing");
  ExpectComments(before + acknowledged.size(), acknowledged.empty() ? "before the disk filled" : acknowledged.back());

  // Space returns; no restart. RocksDB recovers at once or after its own
  // check of the free space: until then 507 again, never anything else.
  RemoveFiller();
  JsonResponse again;
  ASSERT_TRUE(WaitFor(
      [&] {
        again = Comment("once space returned");
        return again.status != 507;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(100)))
      << again.raw << "\n" << daemon_->Log();
  ASSERT_EQ(again.status, 200) << again.raw << "\n" << daemon_->Log();
  ASSERT_EQ(SetStatus("Initiated").status, 200);

  // The views follow again: the action's view shows the new writes.
  ASSERT_TRUE(WaitFor(
      [&] {
        json a = Action();
        return a["status"] == "Initiated" && a["last_comment"]["text"] == "once space returned";
      },
      std::chrono::seconds(10)))
      << Action().dump() << "\n" << daemon_->Log();
  ExpectComments(before + 1 + acknowledged.size(), "once space returned");
  EXPECT_EQ(GetJson(*Admin(), "/readyz").status, 200);
  JsonResponse verify = GetJson(*Admin(), "/v1/audit/verify");
  ASSERT_EQ(verify.status, 200) << verify.raw;
  EXPECT_EQ(verify.body["ok"], true) << verify.raw;

  // And a restart finds it all.
  ASSERT_NO_FATAL_FAILURE(StopDaemon());
  daemon_ = std::make_unique<DaemonProcess>(config_path_, dir_.Sub("mrtrackd-restart.log"));
  ASSERT_TRUE(daemon_->WaitReady()) << daemon_->Log();
  ExpectComments(before + 1 + acknowledged.size(), "once space returned");
  EXPECT_EQ(Action()["status"], "Initiated");
  ASSERT_NO_FATAL_FAILURE(StopDaemon());
}

}  // namespace
}  // namespace mrtrack::daemon::testing
