// The JSON bodies of each webhook kind:
//
//   slack, mattermost  {"text": chat_text}
//   googlechat         {"text": chat_text}
//   teams              the Workflows ("When a Teams webhook request is
//                      received") envelope: {"type": "message", "attachments":
//                      [{"contentType": "application/vnd.microsoft.card.adaptive",
//                        "contentUrl": null, "content": <AdaptiveCard 1.4 with
//                        the subject as title and the chat text>}]}
//   generic            {"type": "mrtrack.<kind>", "timestamp": "<instant>",
//                       "data": {"id", "channel", "unit": {id, name},
//                                "subject", "text", ...message data}}
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "notifier/channel.h"

namespace mrtrack::notifier {

// The body for webhook `kind`; kInvalidArgument for an unknown kind.
Result<std::string> WebhookBody(const std::string& kind, const OutgoingMessage& message, Timestamp now);

}  // namespace mrtrack::notifier
