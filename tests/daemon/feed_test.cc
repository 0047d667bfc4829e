// End to end: the event feed — long-poll and Server-Sent Events receive new
// events as they are written, resume after Last-Event-ID, and end cleanly on
// shutdown.
#include <signal.h>

#include <future>
#include <mutex>
#include <thread>

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

class FeedTest : public DaemonTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartDaemon());
    ASSERT_NO_FATAL_FAILURE(ImportSeed());
    head_ = GetJson(*Admin(), "/v1/events?limit=1").body["head"];
  }
  void Comment(const std::string& text) {
    ASSERT_EQ(PostJson(*Admin(), "/v1/actions/" + own_action_ + "/comments", {{"text", text}}).status, 200);
  }
  std::uint64_t head_ = 0;
};

TEST_F(FeedTest, PagesThroughTheLog) {
  auto auditor = daemon_->Client(kAuditorToken);
  JsonResponse first = GetJson(*auditor, "/v1/events?limit=10");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.body["events"].size(), 10u);
  EXPECT_EQ(first.body["events"][0]["position"], 1);
  EXPECT_EQ(first.body["events"][0]["type"], "EvaluationRegistered");
  EXPECT_EQ(first.body["events"][0]["hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(first.body["next"], 11);
  EXPECT_EQ(first.body["head"], head_);
  EXPECT_EQ(GetJson(*auditor, "/v1/events?wait=61").status, 400);
}

TEST_F(FeedTest, LongPollAnswersWhenAnEventArrives) {
  auto editor = daemon_->Client(kEditorToken);
  std::string from = std::to_string(head_ + 1);
  auto poll = std::async(std::launch::async, [&] { return GetJson(*editor, "/v1/events?wait=60&from=" + from); });
  // Whether the poll is already parked or arrives after the write, `from`
  // names the position the write will take.
  Comment("long-poll wake-up");
  ASSERT_EQ(poll.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  JsonResponse r = poll.get();
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_EQ(r.body["events"].size(), 1u);
  EXPECT_EQ(r.body["events"][0]["type"], "KeyActionCommentAdded");
  EXPECT_EQ(r.body["events"][0]["data"]["text"], "long-poll wake-up");
  EXPECT_EQ(r.body["events"][0]["actor"], kAdminName);
  EXPECT_EQ(r.body["next"], head_ + 2);
}

TEST_F(FeedTest, LongPollWithNothingNewAnswersEmpty) {
  JsonResponse r = GetJson(*daemon_->Client(kAdminToken), "/v1/events?wait=1&from=" + std::to_string(head_ + 1));
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.body["events"].empty());
  EXPECT_EQ(r.body["next"], head_ + 1);
}

// Reads an SSE stream on its own thread until `until` is in what arrived.
class SseReader {
 public:
  SseReader(const DaemonProcess& daemon, const std::string& path, httplib::Headers headers, std::string until)
      : client_(daemon.Client(kAuditorToken)), until_(std::move(until)) {
    thread_ = std::thread([this, path, headers] {
      auto res = client_->Get(path, headers, [this](const char* data, std::size_t n) {
        std::lock_guard<std::mutex> lock(mu_);
        text_.append(data, n);
        started_.notify_all();
        return text_.find(until_) == std::string::npos;
      });
      std::lock_guard<std::mutex> lock(mu_);
      finished_ = true;
      started_.notify_all();
    });
  }
  ~SseReader() {
    if (thread_.joinable()) thread_.join();
  }
  // Waits for the stream's first line (it is live) or its end.
  bool WaitStarted() {
    std::unique_lock<std::mutex> lock(mu_);
    return started_.wait_for(lock, std::chrono::seconds(30), [this] { return !text_.empty() || finished_; });
  }
  bool WaitFinished() {
    std::unique_lock<std::mutex> lock(mu_);
    return started_.wait_for(lock, std::chrono::seconds(30), [this] { return finished_; });
  }
  std::string text() {
    std::lock_guard<std::mutex> lock(mu_);
    return text_;
  }

 private:
  std::unique_ptr<httplib::Client> client_;
  std::string until_;
  std::mutex mu_;
  std::condition_variable started_;
  std::string text_;
  bool finished_ = false;
  std::thread thread_;
};

TEST_F(FeedTest, ServerSentEventsDeliverNewEvents) {
  SseReader reader(*daemon_, "/v1/events/stream", {}, "sse hello");
  ASSERT_TRUE(reader.WaitStarted());
  EXPECT_EQ(reader.text().rfind(": mrtrack event stream from position " + std::to_string(head_ + 1), 0), 0u)
      << reader.text();
  Comment("sse hello");
  ASSERT_TRUE(reader.WaitFinished());
  std::string text = reader.text();
  std::string expected_head = "id: " + std::to_string(head_ + 1) + "\nevent: KeyActionCommentAdded\ndata: ";
  auto at = text.find(expected_head);
  ASSERT_NE(at, std::string::npos) << text;
  json data = json::parse(
      text.substr(at + expected_head.size(), text.find('\n', at + expected_head.size()) - at - expected_head.size()));
  EXPECT_EQ(data["data"]["text"], "sse hello");
  EXPECT_EQ(data["position"], head_ + 1);
}

TEST_F(FeedTest, ServerSentEventsResumeAfterLastEventId) {
  Comment("written before reconnecting");
  SseReader reader(*daemon_, "/v1/events/stream", {{"Last-Event-ID", std::to_string(head_)}},
                   "written before reconnecting");
  ASSERT_TRUE(reader.WaitFinished());
  EXPECT_NE(reader.text().find("id: " + std::to_string(head_ + 1) + "\n"), std::string::npos) << reader.text();
  EXPECT_EQ(reader.text().find("id: " + std::to_string(head_) + "\n"), std::string::npos);
  EXPECT_EQ(GetJson(*daemon_->Client(kAuditorToken), "/v1/events/stream", {{"Last-Event-ID", "x"}}).status, 400);
}

TEST_F(FeedTest, ShutdownEndsOpenStreams) {
  SseReader reader(*daemon_, "/v1/events/stream", {}, "never written");
  ASSERT_TRUE(reader.WaitStarted());
  auto poll = std::async(std::launch::async, [&] {
    return GetJson(*daemon_->Client(kAdminToken), "/v1/events?wait=60&from=" + std::to_string(head_ + 1));
  });
  daemon_->Signal(SIGTERM);
  EXPECT_EQ(daemon_->WaitExit(std::chrono::seconds(20)), 0) << daemon_->Log();
  EXPECT_TRUE(reader.WaitFinished());
  ASSERT_EQ(poll.wait_for(std::chrono::seconds(20)), std::future_status::ready);
}

}  // namespace
}  // namespace mrtrack::daemon::testing
