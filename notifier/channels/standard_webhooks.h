// Signing per the Standard Webhooks specification (standardwebhooks.com):
//
//   webhook-id:        the message id (stable across retries)
//   webhook-timestamp: unix seconds of this attempt
//   webhook-signature: "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))
//
// where key is the base64-decoded part of the secret after "whsec_".
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace mrtrack::notifier {

// The HMAC key of a "whsec_<base64>" secret. Errors: kInvalidArgument when
// the secret is not of that form (the message never contains the secret).
Result<std::string> DecodeWebhookSecret(const std::string& secret);

// "v1,<base64 signature>".
std::string SignStandardWebhook(const std::string& key, const std::string& id, std::int64_t timestamp,
                                const std::string& body);

}  // namespace mrtrack::notifier
