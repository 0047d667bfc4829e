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
#include <vector>

#include "common/status.h"
#include "daemon/server/json_io.h"
#include "daemon/server/route_table.h"
#include "daemon/server/services.h"
#include "events/domain/commands.h"
#include "events/domain/workflow_state.h"

namespace mrtrack::daemon {

// The JSON Schema of a command body: `properties` plus expected_version and event_id.
nlohmann::json CommandSchema(nlohmann::json properties, std::vector<std::string> required);
// The error statuses every command documents.
inline const std::vector<int> kCommandErrors = {400, 404, 409, 413, 422};

// The evidence hashes of a command body ("evidence": [sha256, ...]) resolved
// in the evidence store; an unknown file is kInvalidArgument naming
// "evidence[i]".
Result<std::vector<events::EvidenceRef>> ResolveEvidence(const Services& services,
                                                         const std::vector<std::string>& hashes);

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
// error (409 with actual_version on a version conflict). With
// `answers_request_id` (the routes that open a request) the answer also has
// "request_id": the id of the event written.
using CommandCall = std::function<Result<events::CommandResult>(const events::CommandContext&, events::ConflictInfo*)>;
Result<Reply> RunCommand(const Services& services, const RequestContext& ctx, const CommandOptions& options,
                         const CommandCall& call, bool answers_request_id = false);

}  // namespace mrtrack::daemon
