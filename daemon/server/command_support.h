// What the write routes share: reading a JSON command body, building the
// domain's CommandContext for the caller (actor, request id, editor units),
// and answering with the action as the views show it after the change.
//
// Thread safety: pure functions over thread-safe services.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/status.h"
#include "daemon/server/json_io.h"
#include "daemon/server/route_table.h"
#include "daemon/server/services.h"
#include "events/domain/commands.h"

namespace mrtrack::daemon {

// The body must be a JSON object (Content-Type application/json or none).
Result<nlohmann::json> ParseCommandBody(const RequestContext& ctx);

// A CommandContext for the caller: actor = token name, correlation id = the
// request id, the config's unit directory, and the editor's unit check.
events::CommandContext MakeCommandContext(const Services& services, const RequestContext& ctx,
                                          const CommandOptions& options);

// Read-your-writes: returns once the views reflect `position` (true), or
// after a bounded wait (false). Catches up itself rather than waiting for a
// follower, so it also works where none runs (the command line in process).
bool AwaitViews(const Services& services, std::uint64_t position);

// Runs a command and answers 200 {"action", "event", "deduplicated"}, or the
// error (409 with actual_version on a version conflict).
using CommandCall = std::function<Result<events::CommandResult>(const events::CommandContext&, events::ConflictInfo*)>;
Result<Reply> RunCommand(const Services& services, const RequestContext& ctx, const CommandOptions& options,
                         const CommandCall& call);

}  // namespace mrtrack::daemon
