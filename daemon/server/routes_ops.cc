// Operations routes: health, readiness, metrics, the OpenAPI document.
#include "daemon/server/openapi.h"
#include "daemon/server/routes.h"
#include "events/store.h"
#include "projections/projections.h"

namespace mrtrack::daemon {

void AddOpsRoutes(RouteTable& table, Services& services) {
  table.Add({"GET", "/healthz", "getHealth", Access::kPublic, RouteDoc::Summary("The process serves requests."),
             [](const RequestContext&) -> Result<Reply> {
               return Reply::Json({{"status", "ok"}});
             }});

  table.Add(
      {"GET", "/readyz", "getReadiness", Access::kPublic,
       RouteDoc::Summary("Ready: the store is open and writable, the views follow the log, the notifier runs, "
                         "the listener is bound; \"status\": \"degraded\" (still 200) with \"reasons\" when a "
                         "component works but reports errors (e.g. exceptions caught in the notifier); 503 with the "
                         "reason when a component has stopped.")
           .Errors({503}),
       [&services](const RequestContext&) -> Result<Reply> {
         switch (services.health->phase()) {
           case Health::Phase::kStarting:
             return Reply::Json({{"status", "starting"}}, 503);
           case Health::Phase::kStopping:
             return Reply::Json({{"status", "stopping"}}, 503);
           case Health::Phase::kReady:
             break;
         }
         const auto states = services.health->Check();
         nlohmann::json components = nlohmann::json::object();
         for (const auto& state : states) {
           components[state.name] = !state.status.ok() ? "stopped" : state.degraded.empty() ? "ok" : "degraded";
         }
         if (std::string reason = StoppedReason(states); !reason.empty()) {
           return Reply::Json({{"status", "unavailable"}, {"reason", reason}, {"components", components}}, 503);
         }
         // Degraded: serving (a load balancer keeps sending), but an operator should read the reasons.
         const std::vector<std::string> degraded = DegradedReasons(states);
         nlohmann::json body = {{"status", degraded.empty() ? "ready" : "degraded"}, {"components", components}};
         if (!degraded.empty()) body["reasons"] = degraded;
         if (services.store != nullptr) body["position"] = services.store->HeadPosition();
         if (services.projections != nullptr) body["projection_position"] = services.projections->Position();
         return Reply::Json(body);
       }});

  table.Add({"GET", "/metrics", "getMetrics", Access::kPublic,
             RouteDoc::Summary("Prometheus metrics (text format 0.0.4).").Produces("text/plain"),
             [&services](const RequestContext&) -> Result<Reply> {
               Reply reply;
               reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
               reply.body = services.metrics->Render();
               return reply;
             }});

  const RouteTable* routes = &table;
  table.Add({"GET", "/v1/openapi.json", "getOpenApi", Access::kPublic,
             RouteDoc::Summary("This API as an OpenAPI 3.1 document."),
             [routes, &services](const RequestContext&) -> Result<Reply> {
               return Reply::Json(BuildOpenApi(*routes, services.version));
             }});
}

}  // namespace mrtrack::daemon
