#include "daemon/server/routes.h"

#include "daemon/web/web_routes.h"

namespace mrtrack::daemon {

std::unique_ptr<RouteTable> BuildRouteTable(Services& services) {
  auto table = std::make_unique<RouteTable>();
  AddImportRoutes(*table, services);
  AddActionRoutes(*table, services);
  AddWorkflowRoutes(*table, services);
  AddRecommendationRoutes(*table, services);
  AddReportRoutes(*table, services);
  AddEvidenceRoutes(*table, services);
  AddEvaluationRoutes(*table, services);
  AddHistoryRoutes(*table, services);
  AddSummaryRoutes(*table, services);
  AddCalendarRoutes(*table, services);
  AddFeedRoutes(*table, services);
  AddReminderRoutes(*table, services);
  AddAuditRoutes(*table, services);
  AddAdminRoutes(*table, services);
  AddOpsRoutes(*table, services);
  AddWebRoutes(*table, services);
  return table;
}

}  // namespace mrtrack::daemon
