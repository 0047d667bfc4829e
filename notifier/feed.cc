#include "notifier/feed.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <spdlog/spdlog.h>

#include "common/time.h"
#include "events/domain/event_types.h"
#include "notifier/message_builder.h"
#include "notifier/texts.h"

namespace mrtrack::notifier {
namespace {

constexpr std::size_t kReadBatch = 256;

bool Intersects(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

Result<OutgoingMessage> FeedMessage(const events::RecordedEvent& e, const FeedActionInfo& info,
                                    const config::Config& config, const config::WebhookChannel& webhook,
                                    const Templates& templates) {
  const std::string action_id = e.data.value("action_id", "");
  // A team's channel speaks the language of the action's (first) unit.
  const Language language = UnitLanguage(info.units.empty() ? "" : info.units.front(), config);
  kainjow::mustache::data d;
  AddTexts(d, language);
  std::vector<std::string> names;
  for (const auto& u : info.units) names.push_back(UnitName(u, config));
  std::string unit_names;
  for (const auto& n : names) unit_names += (unit_names.empty() ? "" : ", ") + n;
  d.set("organisation", config.organisation.name);
  d.set("unit_names", unit_names);
  d.set("action_id", action_id);
  d.set("ref", info.label.empty() ? action_id : info.label);
  d.set("label", info.label);
  d.set("description", info.description);
  d.set("short_description", ShortText(info.description, 60));
  d.set("evaluation_title", info.evaluation_title);
  d.set("from", StatusText(language, e.data.value("from", "")));
  d.set("to", StatusText(language, e.data.value("to", "")));
  d.set("reason", e.data.value("reason", ""));
  d.set("actor", e.actor);
  d.set("at", FormatTimestamp(e.recorded_at));
  OutgoingMessage m;
  m.id = "fd-" + e.event_id;
  m.kind = "status_changed";
  m.channel = kWebhookChannelPrefix + webhook.name;
  if (!info.units.empty()) {
    m.unit_id = info.units.front();
    m.unit_name = names.front();
  }
  MRTRACK_ASSIGN_OR_RETURN(m.subject, templates.Render("feed_subject", d, Escape::kNone));
  const auto nl = m.subject.find_last_not_of(" \r\n");
  m.subject = nl == std::string::npos ? "" : m.subject.substr(0, nl + 1);
  MRTRACK_ASSIGN_OR_RETURN(m.chat_text, templates.Render("feed_text", d, ChatEscape(m.channel, config)));
  const auto end = m.chat_text.find_last_not_of(" \r\n");
  m.chat_text = end == std::string::npos ? "" : m.chat_text.substr(0, end + 1);
  m.text = m.chat_text;
  m.data = {{"kind", m.kind},
            {"action_id", action_id},
            {"units", info.units},
            {"from", e.data.value("from", "")},
            {"to", e.data.value("to", "")},
            {"reason", e.data.value("reason", "")},
            {"actor", e.actor},
            {"position", e.position},
            {"event_id", e.event_id},
            {"recorded_at", FormatTimestamp(e.recorded_at)}};
  return m;
}

}  // namespace

FeedPublisher::FeedPublisher(const events::EventStore& store, std::string state_dir)
    : store_(store), state_dir_(std::move(state_dir)) {}

std::string FeedPublisher::CursorPath(const std::string& name) const {
  return (std::filesystem::path(state_dir_) / ("feed-" + name + ".cursor")).string();
}

std::uint64_t FeedPublisher::Cursor(const std::string& name) const {
  auto it = webhooks_.find(name);
  return it == webhooks_.end() ? 0 : it->second.cursor;
}

Status FeedPublisher::Load(const std::string& name, WebhookState& state) {
  std::ifstream in(CursorPath(name));
  if (in) {
    std::uint64_t cursor = 0;
    if (!(in >> cursor)) return Corruption("feed cursor " + CursorPath(name) + " is not a number");
    state.cursor = cursor;
  } else {
    state.cursor = store_.HeadPosition();
    MRTRACK_RETURN_IF_ERROR(Save(name, state.cursor));
    spdlog::info("notifier: feed {} starts at log position {}", name, state.cursor);
  }
  state.loaded = true;
  return Status::Ok();
}

Status FeedPublisher::Save(const std::string& name, std::uint64_t cursor) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir_, ec);
  if (ec) return IoError("cannot create " + state_dir_ + ": " + ec.message());
  const std::string path = CursorPath(name);
  const std::string tmp = path + ".tmp";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return IoError("cannot write " + tmp);
  const std::string text = std::to_string(cursor) + "\n";
  const bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
  close(fd);
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) return IoError("cannot write feed cursor " + path);
  return Status::Ok();
}

Status FeedPublisher::Pass(const config::Config& config, const Templates& templates, ChannelDirectory& channels,
                           const FeedActionLookup& lookup, Timestamp now, Backoff& backoff,
                           NotifierMetrics& metrics) {
  for (const auto& webhook : config.webhooks) {
    if (webhook.feed_units.empty()) continue;
    Channel* channel = channels.Find(kWebhookChannelPrefix + webhook.name);
    if (channel == nullptr) continue;
    MRTRACK_RETURN_IF_ERROR(PassOne(config, webhook, templates, *channel, lookup, now, backoff, metrics));
  }
  return Status::Ok();
}

Status FeedPublisher::PassOne(const config::Config& config, const config::WebhookChannel& webhook,
                              const Templates& templates, Channel& channel, const FeedActionLookup& lookup,
                              Timestamp now, Backoff& backoff, NotifierMetrics& metrics) {
  WebhookState& state = webhooks_[webhook.name];
  if (!state.loaded) MRTRACK_RETURN_IF_ERROR(Load(webhook.name, state));
  if (state.retry_at && *state.retry_at > now) return Status::Ok();
  const std::string channel_name = kWebhookChannelPrefix + webhook.name;
  const std::uint64_t saved = state.cursor;
  while (state.cursor < store_.HeadPosition()) {
    MRTRACK_ASSIGN_OR_RETURN(auto batch, store_.ReadAll(state.cursor + 1, kReadBatch));
    if (batch.empty()) break;
    for (const auto& e : batch) {
      if (e.type != events::types::kKeyActionStatusChanged) {
        state.cursor = e.position;
        continue;
      }
      // Malformed data (not an object, no string action_id) is logged,
      // counted and passed over: one bad event never stops the feed.
      const auto id = e.data.is_object() ? e.data.find("action_id") : e.data.end();
      if (!e.data.is_object() || id == e.data.end() || !id->is_string()) {
        spdlog::error("notifier: feed {} passes over the malformed event at position {} ({}): no action_id",
                      webhook.name, e.position, e.type);
        ++metrics.errors;
        metrics.last_error = "feed: malformed " + e.type + " at position " + std::to_string(e.position);
        state.cursor = e.position;
        continue;
      }
      const auto info = lookup(id->get<std::string>(), e.position);
      if (!info || !Intersects(info->units, webhook.feed_units)) {
        state.cursor = e.position;
        continue;
      }
      Result<OutgoingMessage> message = Internal("unbuilt");
      try {
        message = FeedMessage(e, *info, config, webhook, templates);
      } catch (const std::exception& ex) {
        message = Corruption(std::string("malformed event data: ") + ex.what());
        ++metrics.errors;
        metrics.last_error = "feed: position " + std::to_string(e.position) + ": " + message.status().message();
      }
      ChannelCounters& counters = metrics.channels[channel_name];
      DeliveryResult result = message.ok() ? (++counters.attempts, channel.Deliver(*message, state.attempts + 1))
                                           : DeliveryResult::Permanent(webhook.name, message.status().ToString());
      if (result.delivered()) {
        ++counters.delivered;
        ++metrics.feed_posted;
      } else {
        ++state.attempts;
        const bool give_up = result.outcome == DeliveryResult::Outcome::kPermanent ||
                             state.attempts >= config.reminders.max_attempts;
        if (!give_up) {
          ++counters.retryable_failures;
          state.retry_at = now + backoff.Delay(state.attempts, result.retry_after);
          spdlog::warn("notifier: feed {} post of position {} failed (attempt {}): {}", webhook.name, e.position,
                       state.attempts, result.detail);
          if (state.cursor != saved) MRTRACK_RETURN_IF_ERROR(Save(webhook.name, state.cursor));
          return Status::Ok();
        }
        ++counters.permanent_failures;
        ++metrics.feed_dropped;
        spdlog::error("notifier: feed {} dropped the post of position {} after {} attempt(s): {}", webhook.name,
                      e.position, state.attempts, result.detail);
      }
      state.attempts = 0;
      state.retry_at.reset();
      state.cursor = e.position;
      MRTRACK_RETURN_IF_ERROR(Save(webhook.name, state.cursor));
    }
  }
  if (state.cursor != saved) MRTRACK_RETURN_IF_ERROR(Save(webhook.name, state.cursor));
  return Status::Ok();
}

}  // namespace mrtrack::notifier
