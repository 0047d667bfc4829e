// The event feed: the log from a position, as long-poll JSON pages
// (GET /v1/events) or as Server-Sent Events (GET /v1/events/stream).
//
// Neither blocks while it waits: a long-poll that has nothing yet returns a
// Reply::long_poll, a stream a Reply::follow, and the transport waits on the
// log's position without a thread. On shutdown a long-poll answers what it
// has and a stream ends (clients reconnect with Last-Event-ID).
#include <algorithm>
#include <charconv>
#include <chrono>

#include "daemon/server/event_json.h"
#include "daemon/server/json_io.h"
#include "daemon/server/routes.h"
#include "events/store.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr std::chrono::seconds kKeepAlive{15};
constexpr std::size_t kStreamBatch = 100;

Result<Reply> EventsPage(const Services& services, std::uint64_t first, std::size_t limit) {
  MRTRACK_ASSIGN_OR_RETURN(auto events, services.store->ReadAll(first, limit));
  json items = json::array();
  for (const auto& event : events) items.push_back(EventToJson(event));
  std::uint64_t next = events.empty() ? first : events.back().position + 1;
  return Reply::Json({{"events", std::move(items)}, {"next", next}, {"head", services.store->HeadPosition()}});
}

// The state of one SSE connection, owned by its Follow.
struct StreamState {
  bool started = false;
  std::uint64_t next = 1;
  SteadyClock::time_point last_write = SteadyClock::now();
};

FollowStep StreamStep(const Services& services, StreamState& state, bool stopping) {
  FollowStep step;
  if (!state.started) {
    // A first line at once tells the client (and any proxy) the stream is live.
    state.started = true;
    step.data = ": mrtrack event stream from position " + std::to_string(state.next) + "\n\n";
  }
  auto events = services.store->ReadAll(state.next, kStreamBatch);
  if (!events.ok()) {
    step.data += "event: error\ndata: " + json({{"message", events.status().ToString()}}).dump() + "\n\n";
    step.done = true;
    return step;
  }
  for (const auto& event : *events) {
    step.data += "id: " + std::to_string(event.position) + "\nevent: " + event.type +
                 "\ndata: " + EventToJson(event).dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
    state.next = event.position + 1;
  }
  if (step.data.empty() && SteadyClock::now() - state.last_write >= kKeepAlive) step.data = ": keepalive\n\n";
  if (!step.data.empty()) state.last_write = SteadyClock::now();
  // A full batch: more may be waiting already, and the wait returns at once.
  step.wait_after = state.next - 1;
  step.done = stopping;
  return step;
}

}  // namespace

void AddFeedRoutes(RouteTable& table, Services& services) {
  table.Add(
      {"GET", "/v1/events", "listEvents", Access::kHistory,
       RouteDoc::Summary("The log from a position; with wait, a long-poll that answers as soon as an event arrives.")
           .Query(
               {{"from", "integer", "First position wanted. Default: 1."},
                {"limit", "integer", "At most this many events, 1-1000. Default: 100."},
                {"wait", "integer", "Seconds (0-60) to wait when nothing at or after `from` exists yet. Default: 0."}}),
       [&services](const RequestContext& ctx) -> Result<Reply> {
         MRTRACK_ASSIGN_OR_RETURN(auto from, QueryUint(ctx, "from", 0, UINT64_MAX - 1));
         MRTRACK_ASSIGN_OR_RETURN(auto limit, QueryUint(ctx, "limit", 1, 1000));
         MRTRACK_ASSIGN_OR_RETURN(auto wait, QueryUint(ctx, "wait", 0, 60));
         std::uint64_t first = std::max<std::uint64_t>(1, from.value_or(1));
         auto max = static_cast<std::size_t>(limit.value_or(100));
         std::chrono::seconds patience(wait.value_or(0));
         if (patience.count() == 0 || services.store->HeadPosition() >= first || services.health->stopping()) {
           return EventsPage(services, first, max);
         }
         Reply reply;
         reply.long_poll = std::make_shared<LongPoll>();
         reply.long_poll->after = first - 1;
         reply.long_poll->wait = patience;
         reply.long_poll->answer = [&services, first, max] {
           auto page = EventsPage(services, first, max);
           return page.ok() ? std::move(*page) : Reply::Error(page.status());
         };
         return reply;
       }});

  table.Add({"GET", "/v1/events/stream", "streamEvents", Access::kHistory,
             RouteDoc::Summary("Server-Sent Events of the log: from `from`, after Last-Event-ID, or only new events.")
                 .Query({{"from", "integer", "First position wanted. Default: the next event (or Last-Event-ID + 1)."}})
                 .Produces("text/event-stream"),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(auto from, QueryUint(ctx, "from", 0, UINT64_MAX - 1));
               auto state = std::make_shared<StreamState>();
               state->next = services.store->HeadPosition() + 1;
               if (from) state->next = std::max<std::uint64_t>(1, *from);
               std::string last_id = ctx.Header("last-event-id");
               if (!last_id.empty()) {
                 std::uint64_t id = 0;
                 auto [end, ec] = std::from_chars(last_id.data(), last_id.data() + last_id.size(), id);
                 if (ec != std::errc() || end != last_id.data() + last_id.size() || id == UINT64_MAX) {
                   return InvalidArgument("must be the position of the last event received", "Last-Event-ID");
                 }
                 state->next = id + 1;
               }
               Reply reply;
               reply.content_type = "text/event-stream";
               reply.headers = {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
               reply.follow = std::make_shared<Follow>();
               reply.follow->idle = kKeepAlive;
               reply.follow->next = [&services, state](bool stopping) {
                 return StreamStep(services, *state, stopping);
               };
               return reply;
             }});
}

}  // namespace mrtrack::daemon
