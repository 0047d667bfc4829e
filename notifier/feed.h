// FeedPublisher: the team-chat feed. A webhook with `feed_units` receives
// every KeyActionStatusChanged of actions of those units, in log order.
//
// Durability: each feed webhook has a cursor — the last log position it has
// dealt with — in the file <state_dir>/feed-<name>.cursor, replaced
// atomically (write, fsync, rename) after each delivered post. A crash
// between a post and its cursor write resends that one post with the same
// webhook-id ("fd-" + the event id), which receivers can drop. A cursor file
// rather than events: feed posts are chat chatter, not part of the
// accountability record, and writing one event per post per channel would
// multiply the log for nothing an auditor asks about. A webhook seen for the
// first time starts at the head of the log (no replay of history into chat).
//
// A post that fails retryably is retried with the same backoff as reminders
// and holds back later posts for that webhook (order is kept); after
// rules.max_attempts or a permanent failure the post is dropped, logged and
// counted.
//
// Thread safety: none; the Notifier calls it under its own mutex.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "config/config.h"
#include "events/store.h"
#include "notifier/backoff.h"
#include "notifier/channel.h"
#include "notifier/metrics.h"
#include "notifier/templates.h"

namespace mrtrack::notifier {

// What the feed needs to know about the action of a status change.
struct FeedActionInfo {
  std::vector<std::string> units;
  std::string label;
  std::string description;
  std::string evaluation_title;
};
// Looks up an action as of (at least) log position `position`.
using FeedActionLookup = std::function<std::optional<FeedActionInfo>(const std::string& action_id,
                                                                     std::uint64_t position)>;

class FeedPublisher {
 public:
  // `store` must outlive the publisher; cursors live in `state_dir`.
  FeedPublisher(const events::EventStore& store, std::string state_dir);

  // Posts what is due for every feed webhook of `config`.
  Status Pass(const config::Config& config, const Templates& templates, ChannelDirectory& channels,
              const FeedActionLookup& lookup, Timestamp now, Backoff& backoff, NotifierMetrics& metrics);

  // The cursor of webhook `name` (0 when it has none yet).
  std::uint64_t Cursor(const std::string& name) const;

 private:
  struct WebhookState {
    std::uint64_t cursor = 0;
    bool loaded = false;
    int attempts = 0;
    std::optional<Timestamp> retry_at;
  };
  Status Load(const std::string& name, WebhookState& state);
  Status Save(const std::string& name, std::uint64_t cursor);
  Status PassOne(const config::Config& config, const config::WebhookChannel& webhook, const Templates& templates,
                 Channel& channel, const FeedActionLookup& lookup, Timestamp now, Backoff& backoff,
                 NotifierMetrics& metrics);
  std::string CursorPath(const std::string& name) const;

  const events::EventStore& store_;
  const std::string state_dir_;
  std::map<std::string, WebhookState> webhooks_;
};

}  // namespace mrtrack::notifier
