// Channel: where a rendered message goes. Planning and the outbox know only
// this interface; the e-mail and webhook implementations live in
// notifier/channels/ and are built from the config by channel_directory.h.
//
// A delivery either succeeds, fails in a way worth retrying (timeouts,
// connection errors, HTTP 408/429/5xx, SMTP 4xx), or fails permanently
// (other HTTP 4xx, SMTP 5xx, a misconfiguration). A retryable failure may say
// how long the receiver asked to wait (Retry-After).
//
// Thread safety: Deliver() may be called from one thread at a time per
// channel object; implementations hold no state between calls beyond their
// configuration.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>
#include <nlohmann/json.hpp>

namespace mrtrack::notifier {

// One VEVENT of the iCalendar attachment: an all-day event on a deadline.
struct CalendarEntry {
  std::string uid;          // Stable: one per action (events::ActionCalendarUid).
  int sequence = 0;         // RFC 5545 SEQUENCE: grows with each revision.
  date::year_month_day date{};
  std::string summary;
  std::string description;
};

// A file attached to an e-mail (the CSV of a report).
struct Attachment {
  std::string name;        // File name: [A-Za-z0-9._-] only (it is quoted in headers as is).
  std::string media_type;  // e.g. "text/csv".
  std::string content;
};

struct OutgoingMessage {
  // Stable across retries and restarts: the reminder id, the digest id
  // ("dg-..."), or the feed id ("fd-..."). Used as the e-mail Message-ID's
  // local part and as the Standard Webhooks webhook-id.
  std::string id;
  std::string kind;     // "reminder", "digest", "cancel", "status_changed" or "report".
  std::string channel;  // "email" or "webhook:<name>".
  std::string unit_id, unit_name;
  std::vector<std::string> to;  // E-mail addresses (the e-mail channel).
  std::string subject;
  std::string text;       // Plain-text body.
  std::string html;       // HTML body.
  std::string chat_text;  // Short text for chat channels.
  std::vector<CalendarEntry> calendar;
  // "PUBLISH" (deadlines to add or update) or "CANCEL" (deadlines to remove:
  // the action was completed, or it lost its deadline).
  std::string calendar_method = "PUBLISH";
  std::vector<Attachment> attachments;  // E-mail only.
  // The structured content, sent as "data" by the generic webhook.
  nlohmann::json data = nlohmann::json::object();
};

struct DeliveryResult {
  enum class Outcome { kDelivered, kRetryable, kPermanent };
  Outcome outcome = Outcome::kDelivered;
  std::string detail;  // The error, or what the receiver answered.
  std::optional<std::chrono::seconds> retry_after;  // The receiver's Retry-After.
  std::string recipient;  // Who got it: the addresses, or the webhook's name.

  bool delivered() const { return outcome == Outcome::kDelivered; }
  static DeliveryResult Delivered(std::string recipient, std::string detail = {}) {
    return {Outcome::kDelivered, std::move(detail), std::nullopt, std::move(recipient)};
  }
  static DeliveryResult Retryable(std::string recipient, std::string error,
                                  std::optional<std::chrono::seconds> retry_after = std::nullopt) {
    return {Outcome::kRetryable, std::move(error), retry_after, std::move(recipient)};
  }
  static DeliveryResult Permanent(std::string recipient, std::string error) {
    return {Outcome::kPermanent, std::move(error), std::nullopt, std::move(recipient)};
  }
};

class Channel {
 public:
  virtual ~Channel() = default;
  // Sends `message`; `attempt` counts from 1.
  virtual DeliveryResult Deliver(const OutgoingMessage& message, int attempt) = 0;
};

// Finds the channel object for a channel name ("email", "webhook:<name>").
class ChannelDirectory {
 public:
  virtual ~ChannelDirectory() = default;
  // nullptr when no such channel is configured.
  virtual Channel* Find(const std::string& channel) = 0;
};

}  // namespace mrtrack::notifier
