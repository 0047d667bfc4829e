// GET /live: the changes a page listens to (docs/WEB.md "Live"). A
// Server-Sent Events stream, authorised by the session, that says `changed`
// each time the log gains an event the page shows — once the views have
// applied it, so that the page fetched again shows it — and `ended` when the
// session ends. It carries positions only, nothing of the events themselves:
// every role may follow it, and what a page shows is still read through the
// API. Like the API's stream it holds no thread while it waits (a
// Reply::follow) and counts against server.max_streams_per_token.
#include <chrono>

#include "daemon/server/json_io.h"
#include "events/domain/ids.h"
#include "events/store.h"
#include "projections/projections.h"
#include "daemon/web/web_app.h"

namespace mrtrack::daemon::web {
namespace {

using SteadyClock = std::chrono::steady_clock;

// The transport learns that a client has gone only when a write fails, and
// until then the stream holds one of the person's max_streams_per_token: a
// comment every 2 s frees the slot of a page left within seconds.
constexpr std::chrono::seconds kKeepAlive{2};
constexpr std::size_t kBatch = 200;
// How long a step waits for the views to apply an event before saying it changed.
constexpr std::chrono::milliseconds kViewsWait{2000};

struct LiveState {
  std::string session_id;
  SessionLimits limits;
  std::string action_id;  // Only changes of this action (and its reminders); empty: of any action or evaluation.
  std::uint64_t next = 1;
  bool started = false;
  SteadyClock::time_point last_write = SteadyClock::now();
};

bool Shows(const LiveState& state, const events::RecordedEvent& event) {
  if (state.action_id.empty()) {
    return event.stream.rfind("action-", 0) == 0 || event.stream.rfind("evaluation-", 0) == 0;
  }
  if (event.stream == events::ActionStream(state.action_id)) return true;
  return event.stream.rfind("reminder-", 0) == 0 && event.data.is_object() &&
         event.data.value("action_id", "") == state.action_id;
}

FollowStep Step(const WebContext& web, LiveState& state, bool stopping) {
  FollowStep step;
  if (!state.started) {
    state.started = true;
    step.data = ": mrtrack live changes after position " + std::to_string(state.next - 1) + "\n\n";
  }
  if (!web.state->sessions.Peek(state.session_id, state.limits)) {
    step.data += "event: ended\ndata: {}\n\n";
    step.done = true;
    return step;
  }
  auto events = web.services->store->ReadAll(state.next, kBatch);
  std::uint64_t changed = 0;
  if (events.ok()) {
    for (const auto& event : *events) {
      if (Shows(state, event)) changed = event.position;
      state.next = event.position + 1;
    }
  }
  if (changed > 0) {
    web.services->projections->WaitForPosition(changed, kViewsWait);
    step.data += "id: " + std::to_string(changed) + "\nevent: changed\ndata: {\"position\":" + std::to_string(changed) +
                 "}\n\n";
  }
  if (step.data.empty() && SteadyClock::now() - state.last_write >= kKeepAlive) step.data = ": keepalive\n\n";
  if (!step.data.empty()) state.last_write = SteadyClock::now();
  step.wait_after = state.next - 1;
  step.done = stopping || !events.ok();
  return step;
}

Result<Reply> Live(const WebContext& web, const RequestContext& ctx) {
  MRTRACK_ASSIGN_OR_RETURN(auto after, QueryUint(ctx, "after", 0, UINT64_MAX - 1));
  auto state = std::make_shared<LiveState>();
  state->session_id = CookieValue(ctx, kSessionCookie).value_or("");
  state->limits = LimitsOf(ctx);
  state->action_id = QueryValue(ctx, "action").value_or("");
  state->next = (after ? *after : web.services->store->HeadPosition()) + 1;
  Reply reply;
  reply.content_type = "text/event-stream";
  reply.headers = {{"X-Accel-Buffering", "no"}};
  AddSecurityHeaders(reply);
  reply.follow = std::make_shared<Follow>();
  reply.follow->idle = kKeepAlive;
  reply.follow->next = [web, state](bool stopping) { return Step(web, *state, stopping); };
  return reply;
}

}  // namespace

void AddLiveRoute(RouteTable& table, const WebContext& web) {
  table.Add({"GET", "/live", "webLive", Access::kWebSession,
             RouteDoc::Summary("Server-Sent Events: `changed` when the log gains what a page shows.")
                 .Query({{"after", "integer", "The log position the page reflects. Default: the head."},
                         {"action", "string", "Only changes of this action and its reminders."}})
                 .Produces("text/event-stream"),
             [web](const RequestContext& ctx) { return Live(web, ctx); }});
}

}  // namespace mrtrack::daemon::web
