#include "notifier/channels/webhook_channel.h"

#include <httplib.h>

#include "notifier/channels/retry_after.h"
#include "notifier/channels/standard_webhooks.h"
#include "notifier/channels/webhook_payloads.h"

namespace mrtrack::notifier {
namespace {

struct Target {
  std::string origin;  // scheme://host[:port]
  std::string path;    // /path?query
};

bool SplitUrl(const std::string& url, Target& out) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  const auto path_start = url.find('/', scheme_end + 3);
  out.origin = url.substr(0, path_start);
  out.path = path_start == std::string::npos ? "/" : url.substr(path_start);
  return out.origin.size() > scheme_end + 3;
}

std::string Snippet(const std::string& body) {
  std::string s = body.substr(0, 200);
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

}  // namespace

WebhookChannel::WebhookChannel(config::WebhookChannel options, const Clock& clock)
    : options_(std::move(options)), clock_(clock) {}

DeliveryResult WebhookChannel::Deliver(const OutgoingMessage& message, int /*attempt*/) {
  const std::string& who = options_.name;
  Target target;
  if (!SplitUrl(options_.url, target)) {
    return DeliveryResult::Permanent(who, "webhook " + who + ": url is not http(s)://host/path");
  }
  const Timestamp now = clock_.Now();
  auto body = WebhookBody(options_.kind, message, now);
  if (!body.ok()) return DeliveryResult::Permanent(who, "webhook " + who + ": " + body.status().message());

  httplib::Headers headers;
  if (options_.kind == "generic") {
    const auto timestamp = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    headers.emplace("webhook-id", message.id);
    headers.emplace("webhook-timestamp", std::to_string(timestamp));
    if (!options_.secret.empty()) {
      auto key = DecodeWebhookSecret(options_.secret);
      if (!key.ok()) return DeliveryResult::Permanent(who, "webhook " + who + ": " + key.status().message());
      headers.emplace("webhook-signature", SignStandardWebhook(*key, message.id, timestamp, *body));
    }
  }

  httplib::Client client(target.origin);
  const auto timeout = options_.timeout.count();
  client.set_connection_timeout(static_cast<time_t>(timeout), 0);
  client.set_read_timeout(static_cast<time_t>(timeout), 0);
  client.set_write_timeout(static_cast<time_t>(timeout), 0);
  client.set_keep_alive(false);
  auto res = client.Post(target.path, headers, *body, "application/json");
  if (!res) {
    return DeliveryResult::Retryable(who, "webhook " + who + ": request failed (" + httplib::to_string(res.error()) + ")");
  }
  const int status = res->status;
  const std::string answer = "HTTP " + std::to_string(status);
  if (status >= 200 && status < 300) return DeliveryResult::Delivered(who, answer);
  const std::string error = "webhook " + who + ": " + answer + (res->body.empty() ? "" : ": " + Snippet(res->body));
  if (status == 408 || status == 429 || status >= 500) {
    return DeliveryResult::Retryable(who, error, ParseRetryAfter(res->get_header_value("Retry-After"), now));
  }
  return DeliveryResult::Permanent(who, error);
}

}  // namespace mrtrack::notifier
