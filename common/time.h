// Text forms of instants and calendar dates used in events, the API and the CLI.
#pragma once

#include <string>
#include <string_view>

#include <date/date.h>

#include "common/clock.h"
#include "common/status.h"

namespace mrtrack {

// "2025-06-30T08:15:02.123456Z": always UTC, always six fractional digits, so
// the text sorts like the instant.
std::string FormatTimestamp(Timestamp t);

// Accepts "YYYY-MM-DD" (midnight UTC), "YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH:MM)".
Result<Timestamp> ParseTimestamp(std::string_view text);

// "YYYY-MM-DD".
std::string FormatDate(date::year_month_day d);
// Strict "YYYY-MM-DD" with a real calendar day.
Result<date::year_month_day> ParseDate(std::string_view text);

}  // namespace mrtrack
