#include "notifier/dispatcher.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <spdlog/spdlog.h>

#include "common/time.h"

namespace mrtrack::notifier {
namespace {

// One message to send in this pass.
struct Pending {
  std::vector<Reminder> group;
  std::string message_id;   // Fixed by an earlier attempt, else "" (fixed now).
  Timestamp built_at{};
  int attempt = 1;          // This attempt's number.
  int in_budget = 0;        // Failed attempts since (re)queued.
};

std::vector<Pending> Group(std::vector<ReadyReminder> ready, const MessageContext& ctx) {
  std::map<std::string, Pending> fixed;                                // By message id.
  std::map<std::tuple<std::string, std::string, std::string>, Pending> fresh;  // unit, channel, id
  for (auto& r : ready) {
    Pending* p = nullptr;
    if (!r.message_id.empty()) {
      p = &fixed[r.message_id];
      p->message_id = r.message_id;
      p->built_at = r.message_built_at;
    } else {
      // Calendar cancellations go in a message of their own, and each notice
      // alone: a rejection is news about one request, not a state to list.
      const bool alone = r.reminder.chain == Chain::kNotice || !ctx.config.reminders.digest;
      const std::string apart = r.reminder.rule == kCancelRule ? std::string(kCancelRule)
                                : alone                        ? r.reminder.id
                                                               : std::string();
      p = &fresh[{r.reminder.unit, r.reminder.channel, apart}];
    }
    p->attempt = std::max(p->attempt, r.attempts + 1);
    p->in_budget = std::max(p->in_budget, r.attempts_in_budget);
    p->group.push_back(std::move(r.reminder));
  }
  std::vector<Pending> out;
  for (auto& [key, p] : fixed) out.push_back(std::move(p));
  for (auto& [key, p] : fresh) out.push_back(std::move(p));
  for (auto& p : out) SortForMessage(p.group);
  return out;
}

std::vector<std::string> Ids(const std::vector<Reminder>& g) {
  std::vector<std::string> ids;
  for (const auto& r : g) ids.push_back(r.id);
  return ids;
}

}  // namespace

Result<DeliveryReport> DeliverReady(Outbox& outbox, ChannelDirectory& channels, const MessageContext& ctx,
                                    Backoff& backoff, Timestamp now, NotifierMetrics& metrics) {
  DeliveryReport report;
  const auto& rules = ctx.config.reminders;
  std::vector<ReadyReminder> ready = outbox.Ready(now);
  if (ready.empty() || ctx.schedule.InQuietHours(now)) return report;

  for (Pending& p : Group(std::move(ready), ctx)) {
    const std::vector<Reminder>& group = p.group;
    const std::string& channel_name = group.front().channel;
    Channel* channel = channels.Find(channel_name);
    if (channel == nullptr) {
      MRTRACK_RETURN_IF_ERROR(outbox.RecordSkipped(Ids(group), "channel " + channel_name + " is not configured"));
      report.skipped += group.size();
      continue;
    }
    const std::string recipient = RecipientOf(group.front().unit, channel_name, ctx.config);
    const bool first = p.message_id.empty();
    const Timestamp built_at = first ? now : p.built_at;
    auto message = BuildReminderMessage(group, ctx, built_at);
    ChannelCounters& counters = metrics.channels[channel_name];
    ++report.messages;
    if (message.ok() && !first) message->id = p.message_id;  // Its first attempt's id, whatever is left of it.
    const std::string message_id = message.ok() ? message->id : p.message_id;
    if (!message.ok()) {
      MRTRACK_RETURN_IF_ERROR(
          outbox.RecordParked(group, recipient, p.attempt, message.status().ToString(), message_id));
      ++counters.permanent_failures;
      ++report.parked;
      spdlog::error("notifier: cannot render message for {} via {}, parked: {}", group.front().unit, channel_name,
                    message.status().ToString());
      continue;
    }
    if (first) MRTRACK_RETURN_IF_ERROR(outbox.FixMessage(group, message_id, built_at));
    ++counters.attempts;
    DeliveryResult result = channel->Deliver(*message, p.attempt);
    const std::string who = result.recipient.empty() ? recipient : result.recipient;
    if (result.delivered()) {
      MRTRACK_RETURN_IF_ERROR(outbox.RecordDelivered(group, who, p.attempt, message_id));
      ++counters.delivered;
      ++report.delivered;
      spdlog::info("notifier: delivered {} ({} reminder(s), attempt {}) to {} via {}", message_id, group.size(),
                   p.attempt, group.front().unit, channel_name);
      continue;
    }
    const bool park = result.outcome == DeliveryResult::Outcome::kPermanent || p.in_budget + 1 >= rules.max_attempts;
    std::string error = result.detail;
    if (park) {
      if (result.outcome == DeliveryResult::Outcome::kRetryable) {
        error += " (parked after " + std::to_string(p.in_budget + 1) + " attempts)";
      }
      MRTRACK_RETURN_IF_ERROR(outbox.RecordParked(group, who, p.attempt, error, message_id));
      ++counters.permanent_failures;
      ++report.parked;
      spdlog::error("notifier: {} to {} via {} parked (attempt {}): {}; it is sent again after a reload that "
                    "changes the channel's configuration, or an operator's retry",
                    message_id, group.front().unit, channel_name, p.attempt, error);
    } else {
      const Timestamp retry_at = now + backoff.Delay(p.in_budget + 1, result.retry_after);
      MRTRACK_RETURN_IF_ERROR(outbox.RecordFailed(group, who, p.attempt, error, retry_at, message_id));
      ++counters.retryable_failures;
      ++report.retrying;
      spdlog::warn("notifier: {} to {} via {} failed (attempt {}), retrying at {}: {}", message_id,
                   group.front().unit, channel_name, p.attempt, FormatTimestamp(retry_at), error);
    }
  }
  return report;
}

}  // namespace mrtrack::notifier
