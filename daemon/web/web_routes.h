// The web app's routes (docs/WEB.md): the pages people use in a browser,
// served by mrtrackd at / beside the API. They are ordinary entries of the
// route table with the access kinds Access::kWebPublic and kWebSession, and
// the table's WebHooks authenticate them by session cookie and answer their
// errors with pages.
//
// Thread safety: build once at start-up (route_table.h); the handlers and the
// session store they share are safe for concurrent use.
#pragma once

#include "daemon/server/route_table.h"
#include "daemon/server/services.h"

namespace mrtrack::daemon {

// Adds every page, form and static asset, and sets the table's WebHooks.
void AddWebRoutes(RouteTable& table, Services& services);

}  // namespace mrtrack::daemon
