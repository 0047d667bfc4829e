// Webhooks against real HTTP receivers on loopback: the Standard Webhooks
// signature checked with the receiver's own HMAC code, the payload of every
// kind, and receivers that fail (500, 429 with Retry-After, hanging past the
// timeout, closing the connection, 400). Nothing is lost and every retry
// carries the same webhook-id.
#include "notifier/channels/webhook_channel.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "notifier/channels/retry_after.h"
#include "notifier/notifier.h"
#include "http_receiver.h"
#include "notifier_test_util.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;
using notifier_test::HttpReceiver;
using notifier_test::ReceivedRequest;
using namespace std::chrono_literals;

namespace types = events::types;

// "whsec_" + base64 of the 24 bytes "mrtrack-test-secret-key!".
const char kSecret[] = "whsec_bXJ0cmFjay10ZXN0LXNlY3JldC1rZXkh";

// The receiver's own verification, straight from the spec with OpenSSL.
std::string ExpectedSignature(const ReceivedRequest& r) {
  unsigned char key[64];
  const std::string b64 = std::string(kSecret).substr(6);
  const int key_len = EVP_DecodeBlock(key, reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  const std::string content = r.Header("webhook-id") + "." + r.Header("webhook-timestamp") + "." + r.body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  // EVP_DecodeBlock pads to whole 3-byte groups: the key is 24 bytes.
  HMAC(EVP_sha256(), key, key_len, reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac,
       &mac_len);
  unsigned char b64mac[128];
  const int n = EVP_EncodeBlock(b64mac, mac, static_cast<int>(mac_len));
  return "v1," + std::string(reinterpret_cast<char*>(b64mac), static_cast<std::size_t>(n));
}

class WebhookTest : public ::testing::Test {
 protected:
  WebhookTest() : w_(At("2025-03-24T08:00:00Z")) {
    notifier_test::AddEvaluation(*w_.store, "ev-1", "Evaluation of the umbrella programme");
    action_ = notifier_test::AddAction(*w_.store, "ev-1", 1, "Develop <a> strategy & plan", {"kaz-co"}, "2025-03-31");
  }

  std::unique_ptr<Notifier> Open(const std::string& kind, const std::string& url, const std::string& extra = "") {
    // E-mail off for kaz-co: only the webhook is a channel.
    std::string toml = notifier_test::BaseToml(w_.dir.path(), "[\"hook\"]");
    toml.replace(toml.find("emails = [\"co@example.org\"]"), 27, "emails = []");
    toml += "[webhooks.hook]\nkind = \"" + kind + "\"\nurl = \"" + url + "\"\ntimeout = \"1s\"\n";
    if (kind == "generic") toml += std::string("secret = \"") + kSecret + "\"\n";
    toml += extra;
    NotifierOptions options;
    options.jitter_seed = 3;
    auto n = Notifier::Open(*w_.store, *w_.projections, notifier_test::MakeConfig(toml), w_.clock, options);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? std::move(*n) : nullptr;
  }

  std::string Id() const { return ReminderId(action_, "before-7d", *ParseDate("2025-03-31"), "kaz-co", "webhook:hook"); }

  nlohmann::json Last() {
    auto e = w_.store->ReadStream(events::ReminderStream(Id()), UINT64_MAX, events::Direction::kBackward, 1);
    return e.ok() && !e->empty() ? e->front().data : nlohmann::json();
  }
  std::string LastType() {
    auto e = w_.store->ReadStream(events::ReminderStream(Id()), UINT64_MAX, events::Direction::kBackward, 1);
    return e.ok() && !e->empty() ? e->front().type : std::string();
  }

  // Moves the clock to the recorded retry time and runs a pass.
  void TickAtRetry(Notifier& n) {
    auto t = ParseTimestamp(Last()["retry_at"].get<std::string>());
    ASSERT_OK(t);
    w_.clock.Set(*t);
    ASSERT_OK(n.Tick());
  }

  notifier_test::World w_;
  std::string action_;
};

TEST_F(WebhookTest, GenericIsSignedPerStandardWebhooks) {
  HttpReceiver receiver;
  auto n = Open("generic", receiver.Url("/in?team=kaz"));
  ASSERT_OK(n->Tick());
  const auto reqs = receiver.Requests();
  ASSERT_EQ(reqs.size(), 1u);
  const auto& r = reqs[0];
  EXPECT_EQ(r.path, "/in");
  EXPECT_EQ(r.Header("webhook-id"), Id());
  EXPECT_EQ(r.Header("webhook-timestamp"), "1742803200");  // 2025-03-24T08:00:00Z
  EXPECT_EQ(r.Header("webhook-signature"), ExpectedSignature(r));
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["type"], "mrtrack.reminder");
  EXPECT_EQ(body["timestamp"], "2025-03-24T08:00:00.000000Z");
  EXPECT_EQ(body["data"]["id"], Id());
  EXPECT_EQ(body["data"]["unit"]["id"], "kaz-co");
  EXPECT_EQ(body["data"]["items"][0]["action_id"], action_);
  EXPECT_EQ(body["data"]["items"][0]["deadline"], "2025-03-31");
  EXPECT_EQ(body["data"]["items"][0]["rule"], "before-7d");
  EXPECT_EQ(w_.ReminderTypes(Id()).back(), types::kReminderDelivered);
  EXPECT_EQ(Last()["recipient"], "hook");
}

TEST_F(WebhookTest, ChatKindsGetTheirOwnPayloads) {
  HttpReceiver receiver;
  for (const std::string kind : {"slack", "mattermost", "googlechat", "teams"}) {
    SCOPED_TRACE(kind);
    notifier_test::World w(At("2025-03-24T08:00:00Z"));
    notifier_test::AddEvaluation(*w.store, "ev-1", "Evaluation");
    notifier_test::AddAction(*w.store, "ev-1", 1, "Tell <users/all> <https://x|y> & plan", {"kaz-co"}, "2025-03-31");
    std::string toml = notifier_test::BaseToml(w.dir.path(), "[\"hook\"]");
    toml += "[webhooks.hook]\nkind = \"" + kind + "\"\nurl = \"" + receiver.Url() + "\"\ntimeout = \"1s\"\n";
    auto n = Notifier::Open(*w.store, *w.projections, notifier_test::MakeConfig(toml), w.clock);
    ASSERT_OK(n);
    ASSERT_OK((*n)->Tick());
    const auto body = nlohmann::json::parse(receiver.Requests().back().body);
    EXPECT_TRUE(receiver.Requests().back().Header("webhook-signature").empty());
    if (kind == "teams") {
      EXPECT_EQ(body["type"], "message");
      const auto& a = body["attachments"][0];
      EXPECT_EQ(a["contentType"], "application/vnd.microsoft.card.adaptive");
      EXPECT_EQ(a["content"]["type"], "AdaptiveCard");
      EXPECT_EQ(a["content"]["version"], "1.4");
      // Markdown: neither a link nor a mention; the subject is escaped as well.
      EXPECT_EQ(a["content"]["body"][0]["text"],
                "\\[UN Women Kazakhstan\\] key action 1.1 is due in 7 days, by 31 March 2025: Tell \\<users/all\\> "
                "\\<https://x\\|y\\> & plan");
      const std::string text = a["content"]["body"][1]["text"];
      EXPECT_NE(text.find("Tell \\<users/all\\> \\<https://x\\|y\\> & plan"), std::string::npos) << text;
      EXPECT_EQ(text.find("<users/all>"), std::string::npos) << text;
    } else {
      // Slack, Mattermost and Google Chat: &, < and > as entities, so no <!channel>,
      // <users/all> or <url|text>.
      ASSERT_TRUE(body["text"].is_string());
      const std::string text = body["text"];
      EXPECT_NE(text.find("Tell &lt;users/all&gt; &lt;https://x|y&gt; &amp; plan"), std::string::npos) << text;
      EXPECT_EQ(text.find("<users/all>"), std::string::npos) << text;
      EXPECT_EQ(text.find("<https://x|y>"), std::string::npos) << text;
      EXPECT_EQ(text.find("signin="), std::string::npos) << "a chat channel gets no sign-in link: " << text;
    }
  }
  EXPECT_EQ(receiver.Requests().size(), 4u);
}

TEST_F(WebhookTest, A500IsRetriedWithBackoffUnderTheSameId) {
  HttpReceiver receiver([](std::size_t i, const httplib::Request&, httplib::Response& res) {
    if (i == 0) res.status = 500;
  });
  auto n = Open("generic", receiver.Url());
  ASSERT_OK(n->Tick());
  EXPECT_EQ(Last()["error"], "webhook hook: HTTP 500: ok");
  EXPECT_EQ(LastType(), types::kReminderFailed);
  TickAtRetry(*n);
  const auto reqs = receiver.Requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].Header("webhook-id"), Id());
  EXPECT_EQ(reqs[1].Header("webhook-id"), Id());
  EXPECT_EQ(reqs[1].Header("webhook-signature"), ExpectedSignature(reqs[1]));
  EXPECT_EQ(w_.ReminderTypes(Id()),
            (std::vector<std::string>{types::kReminderDue, types::kReminderMessageFixed, types::kReminderFailed,
                                      types::kReminderDelivered}));
  const auto m = n->Metrics().channels.at("webhook:hook");
  EXPECT_EQ(m.attempts, 2u);
  EXPECT_EQ(m.retryable_failures, 1u);
  EXPECT_EQ(m.delivered, 1u);
}

TEST_F(WebhookTest, A429WaitsExactlyForRetryAfter) {
  HttpReceiver receiver([](std::size_t i, const httplib::Request&, httplib::Response& res) {
    if (i == 0) {
      res.status = 429;
      res.set_header("Retry-After", "120");
    }
  });
  auto n = Open("slack", receiver.Url());
  ASSERT_OK(n->Tick());
  EXPECT_EQ(Last()["retry_at"], "2025-03-24T08:02:00.000000Z");
  w_.clock.Set(At("2025-03-24T08:01:59Z"));
  ASSERT_OK(n->Tick());
  EXPECT_EQ(receiver.Requests().size(), 1u);
  w_.clock.Set(At("2025-03-24T08:02:00Z"));
  ASSERT_OK(n->Tick());
  EXPECT_EQ(receiver.Requests().size(), 2u);
  EXPECT_EQ(w_.ReminderTypes(Id()).back(), types::kReminderDelivered);
}

TEST_F(WebhookTest, RetryAfterAsAnHttpDate) {
  EXPECT_EQ(ParseRetryAfter("Mon, 24 Mar 2025 08:05:00 GMT", At("2025-03-24T08:00:00Z")), 300s);
  EXPECT_EQ(ParseRetryAfter("Mon, 24 Mar 2025 07:00:00 GMT", At("2025-03-24T08:00:00Z")), 0s);
  EXPECT_EQ(ParseRetryAfter(" 42 ", At("2025-03-24T08:00:00Z")), 42s);
  EXPECT_EQ(ParseRetryAfter("soon", At("2025-03-24T08:00:00Z")), std::nullopt);
}

TEST_F(WebhookTest, AReceiverHangingPastTheTimeoutIsRetried) {
  HttpReceiver* self = nullptr;
  HttpReceiver receiver([&self](std::size_t i, const httplib::Request&, httplib::Response&) {
    if (i == 0) self->Hang(5s);
  });
  self = &receiver;
  auto n = Open("generic", receiver.Url());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_OK(n->Tick());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);  // The 1 s timeout, not the 5 s hang.
  EXPECT_EQ(Last()["error"], "webhook hook: request failed (Read)");
  TickAtRetry(*n);
  const auto reqs = receiver.Requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].Header("webhook-id"), reqs[1].Header("webhook-id"));
  EXPECT_EQ(w_.ReminderTypes(Id()).back(), types::kReminderDelivered);
}

TEST_F(WebhookTest, AReceiverClosingTheConnectionIsRetried) {
  // A raw TCP receiver: it reads the first request and closes without a
  // word, then answers the second one with 200.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);
  std::vector<std::string> requests;
  std::thread receiver([fd, &requests] {
    for (int i = 0; i < 2; ++i) {
      const int c = ::accept(fd, nullptr, nullptr);
      std::string request;
      char buf[8192];
      // Headers and the (small) body arrive together on loopback; read until
      // the blank line plus Content-Length bytes.
      while (true) {
        const ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        request.append(buf, static_cast<std::size_t>(n));
        const auto head_end = request.find("\r\n\r\n");
        if (head_end == std::string::npos) continue;
        const auto cl = request.find("Content-Length: ");
        const std::size_t body = cl == std::string::npos ? 0 : std::stoul(request.substr(cl + 16));
        if (request.size() >= head_end + 4 + body) break;
      }
      requests.push_back(request);
      if (i == 1) {
        const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        (void)::write(c, ok.data(), ok.size());
      }
      ::close(c);
    }
  });
  auto n = Open("generic", "http://127.0.0.1:" + std::to_string(port) + "/hook");
  ASSERT_OK(n->Tick());
  EXPECT_EQ(LastType(), types::kReminderFailed);
  EXPECT_FALSE(Last()["error"].get<std::string>().empty());
  TickAtRetry(*n);
  receiver.join();
  ::close(fd);
  ASSERT_EQ(requests.size(), 2u);
  for (const auto& r : requests) EXPECT_NE(r.find("webhook-id: " + Id() + "\r\n"), std::string::npos) << r;
  EXPECT_EQ(w_.ReminderTypes(Id()).back(), types::kReminderDelivered);
}

TEST_F(WebhookTest, A400ParksTheReminderWithItsReasonAndNothingIsRetriedUntilAsked) {
  HttpReceiver receiver([](std::size_t, const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content("invalid_payload", "text/plain");
  });
  auto n = Open("slack", receiver.Url());
  ASSERT_OK(n->Tick());
  EXPECT_EQ(LastType(), types::kReminderParked);
  EXPECT_EQ(Last()["reason"], "webhook hook: HTTP 400: invalid_payload");
  EXPECT_EQ(Last()["message_id"], Id());
  w_.clock.Set(At("2025-03-25T08:00:00Z"));
  ASSERT_OK(n->Tick());
  EXPECT_EQ(receiver.Requests().size(), 1u);
  EXPECT_EQ(n->Metrics().outbox_depth, 0u);
  EXPECT_EQ(n->Metrics().parked, 1u);
  // An operator's retry queues it again: one more attempt.
  auto retried = n->RetryParked({}, "ops-admin");
  ASSERT_OK(retried);
  EXPECT_EQ(*retried, std::vector<std::string>{Id()});
  ASSERT_OK(n->Tick());
  EXPECT_EQ(receiver.Requests().size(), 2u);
  EXPECT_EQ(LastType(), types::kReminderParked);
  EXPECT_EQ(w_.ReminderTypes(Id()), (std::vector<std::string>{types::kReminderDue, types::kReminderMessageFixed,
                                                             types::kReminderParked, types::kReminderRequeued,
                                                             types::kReminderParked}));
}

TEST_F(WebhookTest, RetryableFailuresParkAfterMaxAttempts) {
  HttpReceiver receiver([](std::size_t, const httplib::Request&, httplib::Response& res) { res.status = 503; });
  auto n = Open("generic", receiver.Url(), "[reminders]\nmax_attempts = 3\n");
  ASSERT_OK(n->Tick());
  TickAtRetry(*n);
  TickAtRetry(*n);
  EXPECT_EQ(receiver.Requests().size(), 3u);
  EXPECT_EQ(LastType(), types::kReminderParked);
  EXPECT_EQ(Last()["attempt"], 3);
  EXPECT_EQ(Last()["reason"], "webhook hook: HTTP 503: ok (parked after 3 attempts)");
  for (const auto& r : receiver.Requests()) EXPECT_EQ(r.Header("webhook-id"), Id());
}

// Three 500s then a 200: one delivery, every attempt under the one webhook-id.
TEST_F(WebhookTest, ThreeServerErrorsThenSuccessIsOneDeliveryUnderOneId) {
  HttpReceiver receiver([](std::size_t i, const httplib::Request&, httplib::Response& res) {
    if (i < 3) res.status = 500;
  });
  auto n = Open("generic", receiver.Url());
  ASSERT_OK(n->Tick());
  for (int i = 0; i < 3; ++i) TickAtRetry(*n);
  w_.clock.Set(At("2025-03-25T08:00:00Z"));
  ASSERT_OK(n->Tick());  // Nothing more to send.
  const auto reqs = receiver.Requests();
  ASSERT_EQ(reqs.size(), 4u);
  for (const auto& r : reqs) EXPECT_EQ(r.Header("webhook-id"), Id());
  const auto stream = w_.ReminderTypes(Id());
  EXPECT_EQ(std::count(stream.begin(), stream.end(), types::kReminderDelivered), 1);
  EXPECT_EQ(std::count(stream.begin(), stream.end(), types::kReminderFailed), 3);
  EXPECT_EQ(n->Metrics().channels.at("webhook:hook").delivered, 1u);
}

}  // namespace
}  // namespace mrtrack::notifier
