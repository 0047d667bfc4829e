#include "daemon/server/logging.h"

#include <spdlog/formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/time.h"

namespace mrtrack::daemon {
namespace {

std::atomic<bool> g_configured{false};
std::atomic<bool> g_json{false};
std::atomic<bool> g_journald{false};

// Marks a payload that is already a JSON object of fields (JSON mode only).
constexpr char kJsonPayloadMark = '\x1e';

int SyslogPriority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return 7;
    case spdlog::level::info:
      return 6;
    case spdlog::level::warn:
      return 4;
    case spdlog::level::err:
      return 3;
    case spdlog::level::critical:
      return 2;
    default:
      return 6;
  }
}

std::string LevelName(spdlog::level::level_enum level) {
  auto name = spdlog::level::to_string_view(level);
  return std::string(name.data(), name.size());
}

// The C1 control characters U+0080..U+009F in UTF-8: C2 80 .. C2 9F.
bool IsC1At(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
         static_cast<unsigned char>(s[i + 1]) >= 0x80 && static_cast<unsigned char>(s[i + 1]) <= 0x9F;
}

// Every control character of a line as a visible escape, so that no logged
// value can end the line, forge another record or send terminal escapes.
// Text: \n \r \t, \xHH for the rest of C0 and DEL, \u00HH for C1. JSON:
// nlohmann already wrote C0 as JSON escapes; DEL and C1, which JSON allows
// raw, become \u00HH (raw, they can only be inside strings).
std::string EscapeControls(std::string_view s, bool json) {
  static constexpr char kHex[] = "0123456789abcdef";
  auto hex = [&](std::string& out, const char* prefix, unsigned char c) {
    out += prefix;
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (IsC1At(s, i)) {
      hex(out, "\\u00", static_cast<unsigned char>(s[++i]));
    } else if (c == 0x7F) {
      hex(out, json ? "\\u00" : "\\x", c);
    } else if (json || c >= 0x20) {
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      hex(out, "\\x", c);
    }
  }
  return out;
}

// Every record passes here, also those logged with spdlog directly (the
// notifier's), so escaping here covers every message and field.
class LineFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string_view payload(msg.payload.data(), msg.payload.size());
    auto time = FormatTimestamp(std::chrono::time_point_cast<std::chrono::microseconds>(msg.time));
    std::string line;
    if (g_json.load()) {
      nlohmann::json head = {{"time", time}, {"level", LevelName(msg.level)}};
      line = head.dump();
      line.pop_back();  // Reopen the object to append the payload's members.
      if (!payload.empty() && payload.front() == kJsonPayloadMark) {
        line += "," + std::string(payload.substr(2));  // Skip the mark and '{'.
      } else {
        line += ",\"msg\":" +
                nlohmann::json(std::string(payload)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                "}";
      }
      line = EscapeControls(line, /*json=*/true);
    } else if (g_journald.load()) {
      line = "<" + std::to_string(SyslogPriority(msg.level)) + ">" + EscapeControls(payload, /*json=*/false);
    } else {
      line = time + " " + LevelName(msg.level) + " " + EscapeControls(payload, /*json=*/false);
    }
    line += '\n';
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<LineFormatter>(); }
};

bool NeedsQuotes(std::string_view v) {
  if (v.empty()) return true;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || c < 0x20 || c == 0x7F || IsC1At(v, i)) return true;
  }
  return false;
}

// Quotes and backslashes escaped here; control characters by the formatter.
std::string Quote(std::string_view v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

bool StderrIsJournal() {
  const char* env = std::getenv("JOURNAL_STREAM");
  if (env == nullptr) return false;
  struct stat st {};
  if (fstat(fileno(stderr), &st) != 0) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(env, "%llu:%llu", &dev, &ino) != 2) return false;
  return dev == static_cast<unsigned long long>(st.st_dev) && ino == static_cast<unsigned long long>(st.st_ino);
}

Status ConfigureLogging(const LogOptions& options) {
  if (options.format != "text" && options.format != "json") {
    return InvalidArgument("must be \"text\" or \"json\"", "server.log_format");
  }
  auto level = spdlog::level::from_str(options.level);
  if (level == spdlog::level::off && options.level != "off") {
    return InvalidArgument("unknown log level '" + options.level + "'", "server.log_level");
  }
  g_json.store(options.format == "json");
  g_journald.store(options.journald);
  auto logger = spdlog::get("mrtrackd");
  if (!logger) {
    logger = std::make_shared<spdlog::logger>("mrtrackd", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    logger->set_formatter(std::make_unique<LineFormatter>());
    spdlog::register_logger(logger);
    spdlog::set_default_logger(logger);
  }
  logger->set_level(level);
  logger->flush_on(spdlog::level::trace);
  g_configured.store(true);
  return Status::Ok();
}

void Log(spdlog::level::level_enum level, std::string_view message, const LogFields& fields) {
  if (!g_configured.load() && level < spdlog::level::warn) {
    // Used in process by a program that did not set up logging (the command
    // line): its stdout is for its own output, so only problems are told.
    return;
  }
  auto logger = spdlog::default_logger_raw();
  if (logger == nullptr || !logger->should_log(level)) return;
  std::string payload;
  if (g_json.load()) {
    nlohmann::json object = {{"msg", std::string(message)}};
    for (const auto& [key, value] : fields) object[key] = value;
    payload = std::string(1, kJsonPayloadMark) + object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    payload = std::string(message);
    for (const auto& [key, value] : fields) payload += " " + key + "=" + (NeedsQuotes(value) ? Quote(value) : value);
  }
  logger->log(level, spdlog::string_view_t(payload.data(), payload.size()));
}

}  // namespace mrtrack::daemon
