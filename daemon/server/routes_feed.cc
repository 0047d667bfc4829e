// The event feed: the log from a position, as long-poll JSON pages
// (GET /v1/events) or as Server-Sent Events (GET /v1/events/stream).
//
// Both wait on EventStore::WaitForPositionAfter in short slices so that a
// shutdown ends them promptly: a long-poll answers what it has, a stream ends
// (clients reconnect with Last-Event-ID).
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
using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

// How long one wait on the store blocks: bounds how late a shutdown is seen.
constexpr milliseconds kWaitSlice{200};
constexpr std::chrono::seconds kKeepAlive{15};
constexpr std::size_t kStreamBatch = 100;

Result<std::vector<events::RecordedEvent>> LongPoll(const Services& services, std::uint64_t from, std::size_t limit,
                                                    std::chrono::seconds wait) {
  auto deadline = SteadyClock::now() + wait;
  while (services.store->HeadPosition() < from && !services.health->stopping()) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) break;
    services.store->WaitForPositionAfter(from - 1, std::min(left, kWaitSlice));
  }
  return services.store->ReadAll(from, limit);
}

// The state of one SSE connection, owned by its producer.
struct StreamState {
  bool started = false;
  std::uint64_t next = 1;
  SteadyClock::time_point last_write = SteadyClock::now();
};

bool ProduceStream(const Services& services, StreamState& state, const StreamWriter& write) {
  if (services.health->stopping()) return false;
  if (!state.started) {
    // A first line at once tells the client (and any proxy) the stream is live.
    state.started = true;
    return write(": mrtrack event stream from position " + std::to_string(state.next) + "\n\n");
  }
  auto events = services.store->ReadAll(state.next, kStreamBatch);
  if (!events.ok()) {
    write("event: error\ndata: " + json({{"message", events.status().ToString()}}).dump() + "\n\n");
    return false;
  }
  if (events->empty()) {
    services.store->WaitForPositionAfter(state.next - 1, kWaitSlice);
    if (SteadyClock::now() - state.last_write >= kKeepAlive) {
      if (!write(": keepalive\n\n")) return false;
      state.last_write = SteadyClock::now();
    }
    return true;
  }
  std::string chunk;
  for (const auto& event : *events) {
    chunk += "id: " + std::to_string(event.position) + "\nevent: " + event.type +
             "\ndata: " + EventToJson(event).dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
    state.next = event.position + 1;
  }
  if (!write(chunk)) return false;
  state.last_write = SteadyClock::now();
  return true;
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
         MRTRACK_ASSIGN_OR_RETURN(auto events, LongPoll(services, first, static_cast<std::size_t>(limit.value_or(100)),
                                                        std::chrono::seconds(wait.value_or(0))));
         json items = json::array();
         for (const auto& event : events) items.push_back(EventToJson(event));
         std::uint64_t next = events.empty() ? first : events.back().position + 1;
         return Reply::Json({{"events", std::move(items)}, {"next", next}, {"head", services.store->HeadPosition()}});
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
               reply.stream = [&services, state](const StreamWriter& write) {
                 return ProduceStream(services, *state, write);
               };
               return reply;
             }});
}

}  // namespace mrtrack::daemon
