// The route groups. Each Add*Routes appends its routes to the table with
// their handlers, access and documentation; BuildRouteTable assembles them all
// in the order they are documented in docs/API.md.
//
// Thread safety: build once at start-up; see route_table.h.
#pragma once

#include "daemon/server/route_table.h"
#include "daemon/server/services.h"

namespace mrtrack::daemon {

void AddImportRoutes(RouteTable& table, Services& services);
void AddActionRoutes(RouteTable& table, Services& services);
void AddWorkflowRoutes(RouteTable& table, Services& services);
void AddRecommendationRoutes(RouteTable& table, Services& services);
void AddReportRoutes(RouteTable& table, Services& services);
void AddEvidenceRoutes(RouteTable& table, Services& services);
void AddEvaluationRoutes(RouteTable& table, Services& services);
void AddHistoryRoutes(RouteTable& table, Services& services);
void AddSummaryRoutes(RouteTable& table, Services& services);
void AddCalendarRoutes(RouteTable& table, Services& services);
void AddFeedRoutes(RouteTable& table, Services& services);
void AddReminderRoutes(RouteTable& table, Services& services);
void AddAuditRoutes(RouteTable& table, Services& services);
void AddAdminRoutes(RouteTable& table, Services& services);
// Needs the finished table for the OpenAPI document: add last.
void AddOpsRoutes(RouteTable& table, Services& services);

// Every route mrtrackd serves: the API, then the web app (daemon/web/web_routes.h).
std::unique_ptr<RouteTable> BuildRouteTable(Services& services);

}  // namespace mrtrack::daemon
