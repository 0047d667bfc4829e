// Logging: spdlog to stderr, one line per record, text or JSON
// (server.log_format). Under journald (JOURNAL_STREAM names our stderr) text
// lines carry a "<N>" syslog priority prefix and no timestamp: journald adds
// its own.
//
// Structured records go through Log(message, fields): in text the fields follow
// the message as key=value, in JSON they are members of the line's object.
// Callers must never pass a token, password or secret as a field or message;
// the access log strips query strings for the same reason.
//
// Thread safety: Log() is safe from any thread; ConfigureLogging() may run
// concurrently with Log() (a SIGHUP reload), records then use either setting.
#pragma once

#include <spdlog/common.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace mrtrack::daemon {

struct LogOptions {
  std::string format = "text";  // Default: text. "text" or "json".
  std::string level = "info";   // Default: info. trace|debug|info|warn|error|critical|off.
  bool journald = false;        // Default: false. Drop timestamps, add <N> priorities.
};

// True when stderr is connected to the systemd journal (JOURNAL_STREAM matches it).
bool StderrIsJournal();

// Installs (or reconfigures) the process-wide stderr logger.
Status ConfigureLogging(const LogOptions& options);

using LogFields = std::vector<std::pair<std::string, std::string>>;
// Before ConfigureLogging() (a program using the Core in process), records
// below warn are dropped and the rest go to spdlog's default logger.
void Log(spdlog::level::level_enum level, std::string_view message, const LogFields& fields = {});

}  // namespace mrtrack::daemon
