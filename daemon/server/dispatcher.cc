#include "daemon/server/dispatcher.h"

#include "daemon/server/auth.h"
#include "daemon/server/error_mapping.h"
#include "daemon/server/json_io.h"
#include "daemon/server/logging.h"
#include "daemon/server/runtime_config.h"

namespace mrtrack::daemon {
namespace {

Reply MethodNotAllowed(const RequestContext& ctx, const std::vector<std::string>& allowed) {
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  Reply reply =
      Reply::Json({{"error",
                    {{"code", "method_not_allowed"},
                     {"message", ctx.method + " is not served on " + ctx.path + " (allowed: " + allow + ")"}}}},
                  405);
  reply.headers.emplace_back("Allow", allow);
  return reply;
}

}  // namespace

namespace {

Dispatched DispatchToRoute(const RouteTable& routes, RequestContext ctx) {
  Dispatched out;
  RouteTable::Match match = routes.Find(ctx.method, ctx.path);
  if (match.route == nullptr) {
    out.reply = match.allowed_methods.empty()
                    ? Reply::Error(NotFound("no route " + ctx.path + " (see /v1/openapi.json)", "path"))
                    : MethodNotAllowed(ctx, match.allowed_methods);
    return out;
  }
  const Route& route = *match.route;
  out.route = route.name;
  ctx.path_params = std::move(match.params);

  const bool web = IsWebAccess(route.access);
  // The web app answers its errors with pages; without its hooks, as the API does.
  auto fail = [&](const Status& status) {
    return web && routes.web().error_page ? routes.web().error_page(ctx, status) : Reply::Error(status);
  };
  if (route.access == Access::kWebSession && !ctx.principal) {
    auto principal = routes.web().authenticate
                         ? routes.web().authenticate(ctx)
                         : Result<Principal>(Status(StatusCode::kUnauthenticated, "not signed in"));
    if (!principal.ok()) {
      out.reply = fail(principal.status());
      return out;
    }
    ctx.principal = std::move(*principal);
  }
  if (route.access != Access::kPublic && route.access != Access::kWebPublic) {
    if (!ctx.principal) {
      auto principal = ctx.runtime->auth().Authenticate(ctx.Header("authorization"));
      if (!principal.ok()) {
        out.reply = Reply::Error(principal.status());
        out.reply.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"mrtrack\"");
        return out;
      }
      ctx.principal = std::move(*principal);
    }
    out.actor = ctx.principal->name;
    if (!RoleAllows(ctx.principal->role, route.access)) {
      out.reply = Reply::Error(
          Status(StatusCode::kPermissionDenied, std::string("role ") + config::RoleName(ctx.principal->role) +
                                                    " may not use " + route.method + " " + route.path));
      return out;
    }
  }
  if (Status s = CheckQueryParams(ctx, route.doc.query); !s.ok()) {
    out.reply = fail(s);
    return out;
  }

  Result<Reply> reply = Internal("no reply");
  try {
    reply = route.handler(ctx);
  } catch (const std::exception& e) {
    // Handlers return statuses; an exception here is a bug, kept out of the transport.
    Log(spdlog::level::err, "handler threw",
        {{"request_id", ctx.request_id}, {"route", route.name}, {"what", e.what()}});
    reply = Internal("unexpected error; see the server log for request " + ctx.request_id);
  }
  if (!reply.ok()) {
    const Status& s = reply.status();
    if (HttpStatusFor(s.code()) >= 500) {
      Log(spdlog::level::err, "request failed",
          {{"request_id", ctx.request_id}, {"route", route.name}, {"error", s.ToString()}});
    }
    out.reply = fail(s);
    return out;
  }
  out.reply = std::move(*reply);
  return out;
}

}  // namespace

Dispatched Dispatch(const RouteTable& routes, RequestContext ctx) {
  const bool wants_json_value = ctx.wants_json_value;
  Dispatched out = DispatchToRoute(routes, std::move(ctx));
  if (!wants_json_value) out.reply.SerializeJson();
  return out;
}

}  // namespace mrtrack::daemon
