#include "notifier/dispatcher.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <spdlog/spdlog.h>

#include "common/time.h"
#include "notifier/reminder_events.h"

namespace mrtrack::notifier {
namespace {

using GroupKey = std::tuple<std::string, std::string, long, std::string>;  // unit, channel, day, id

std::vector<std::vector<Reminder>> Group(std::vector<Reminder> ready, const MessageContext& ctx) {
  std::map<GroupKey, std::vector<Reminder>> groups;
  for (auto& r : ready) {
    const long day = ctx.schedule.LocalDay(r.due_at).time_since_epoch().count();
    GroupKey key{r.unit, r.channel, day, ctx.config.reminders.digest ? std::string() : r.id};
    groups[key].push_back(std::move(r));
  }
  std::vector<std::vector<Reminder>> out;
  for (auto& [key, g] : groups) {
    std::sort(g.begin(), g.end(), [](const Reminder& a, const Reminder& b) {
      return std::tie(a.deadline, a.action_id, a.id) < std::tie(b.deadline, b.action_id, b.id);
    });
    out.push_back(std::move(g));
  }
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
  const std::size_t before = outbox.state().counts().skipped;
  MRTRACK_ASSIGN_OR_RETURN(std::vector<Reminder> ready, outbox.Ready(now, rules.catch_up_window));
  report.skipped += outbox.state().counts().skipped - before;
  if (ready.empty() || ctx.schedule.InQuietHours(now)) return report;

  for (auto& group : Group(std::move(ready), ctx)) {
    const std::string& channel_name = group.front().channel;
    Channel* channel = channels.Find(channel_name);
    if (channel == nullptr) {
      MRTRACK_RETURN_IF_ERROR(outbox.RecordSkipped(Ids(group), "channel " + channel_name + " is not configured"));
      report.skipped += group.size();
      continue;
    }
    int attempt = 1;
    for (const auto& r : group) attempt = std::max(attempt, outbox.Attempts(r.id) + 1);
    const std::string recipient = RecipientOf(group.front().unit, channel_name, ctx.config);
    auto message = BuildReminderMessage(group, ctx, now);
    ChannelCounters& counters = metrics.channels[channel_name];
    ++report.messages;
    if (!message.ok()) {
      MRTRACK_RETURN_IF_ERROR(
          outbox.RecordFailed(group, recipient, attempt, message.status().ToString(), true, std::nullopt));
      ++counters.permanent_failures;
      ++report.failed;
      spdlog::error("notifier: cannot render message for {} via {}: {}", group.front().unit, channel_name,
                    message.status().ToString());
      continue;
    }
    ++counters.attempts;
    DeliveryResult result = channel->Deliver(*message, attempt);
    const std::string who = result.recipient.empty() ? recipient : result.recipient;
    if (result.delivered()) {
      MRTRACK_RETURN_IF_ERROR(outbox.RecordDelivered(group, who, attempt, message->id));
      ++counters.delivered;
      ++report.delivered;
      spdlog::info("notifier: delivered {} ({} reminder(s), attempt {}) to {} via {}", message->id, group.size(),
                   attempt, group.front().unit, channel_name);
      continue;
    }
    const bool give_up = result.outcome == DeliveryResult::Outcome::kPermanent || attempt >= rules.max_attempts;
    std::string error = result.detail;
    if (result.outcome == DeliveryResult::Outcome::kRetryable && give_up) {
      error += " (giving up after " + std::to_string(attempt) + " attempts)";
    }
    std::optional<Timestamp> retry_at;
    if (!give_up) retry_at = now + backoff.Delay(attempt, result.retry_after);
    MRTRACK_RETURN_IF_ERROR(outbox.RecordFailed(group, who, attempt, error, give_up, retry_at));
    if (give_up) {
      ++counters.permanent_failures;
      ++report.failed;
      spdlog::error("notifier: {} to {} via {} failed for good (attempt {}): {}", message->id, group.front().unit,
                    channel_name, attempt, error);
    } else {
      ++counters.retryable_failures;
      ++report.retrying;
      spdlog::warn("notifier: {} to {} via {} failed (attempt {}), retrying at {}: {}", message->id,
                   group.front().unit, channel_name, attempt, FormatTimestamp(*retry_at), error);
    }
  }
  return report;
}

}  // namespace mrtrack::notifier
