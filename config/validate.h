// Cross-field validation of a loaded Config (internal to config/).
#pragma once

#include "common/status.h"
#include "config/config.h"

namespace mrtrack::config {

// Checks values and references: time zone, listen address, unit ids and
// aliases unique, escalation/webhook/token unit references resolve, token
// hashes well-formed. The error's field is the key path.
Status Validate(const Config& config);

// A configured language: none ("") or en, fr, es.
Status ValidateLanguage(const std::string& code, const std::string& at);

// "HH:MM" -> minutes since midnight.
Result<int> ParseClockTime(const std::string& text);

}  // namespace mrtrack::config
