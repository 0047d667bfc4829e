#include "config/validate.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <date/tz.h>

#include "common/language.h"
#include "config/load_web.h"

namespace mrtrack::config {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool IsId(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool IsHex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

Status ValidateServer(const ServerOptions& s) {
  auto colon = s.listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return InvalidArgument("must be host:port", "server.listen");
  std::string port = s.listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit) || std::stoi(port) > 65535) {
    return InvalidArgument("port '" + port + "' is not a number from 0 to 65535", "server.listen");
  }
  if (s.tls_certificate.empty() != s.tls_private_key.empty()) {
    return InvalidArgument("tls_certificate and tls_private_key go together", "server.tls_certificate");
  }
  if (!s.public_url.empty()) {
    const std::string& u = s.public_url;
    const std::size_t scheme = u.rfind("https://", 0) == 0 ? 8 : u.rfind("http://", 0) == 0 ? 7 : 0;
    if (scheme == 0 || u.size() == scheme || u[scheme] == '/') {
      return InvalidArgument("must be an http:// or https:// address such as https://mrtrack.example.org",
                             "server.public_url");
    }
    if (u.find_first_of("?# \t\r\n") != std::string::npos) {
      return InvalidArgument("must be a plain address (no query, fragment or spaces): links are made by appending "
                             "paths to it",
                             "server.public_url");
    }
  }
  if (s.log_format != "text" && s.log_format != "json") return InvalidArgument("must be \"text\" or \"json\"", "server.log_format");
  static const std::set<std::string> kLevels{"trace", "debug", "info", "warn", "error", "critical", "off"};
  if (kLevels.count(s.log_level) == 0) return InvalidArgument("must be one of trace, debug, info, warn, error", "server.log_level");
  return Status::Ok();
}

Status ValidateUnits(const Config& c) {
  std::set<std::string> ids;
  std::map<std::string, std::string> alias_owner;
  std::set<std::string> webhook_names;
  for (const auto& w : c.webhooks) webhook_names.insert(w.name);
  for (std::size_t i = 0; i < c.units.size(); ++i) {
    const Unit& u = c.units[i];
    std::string at = "units[" + std::to_string(i) + "]";
    if (!IsId(u.id)) return InvalidArgument("id '" + u.id + "' must be 1-64 characters of a-z, 0-9 and -", at + ".id");
    MRTRACK_RETURN_IF_ERROR(ValidateLanguage(u.language, at + ".language"));
    if (!ids.insert(u.id).second) return InvalidArgument("duplicate unit id '" + u.id + "'", at + ".id");
    for (const std::string& alias : u.aliases) {
      if (alias.empty()) return InvalidArgument("empty alias", at + ".aliases");
      auto [it, fresh] = alias_owner.emplace(Lower(alias), u.id);
      if (!fresh && it->second != u.id) {
        return InvalidArgument("alias '" + alias + "' is also an alias of unit '" + it->second + "'", at + ".aliases");
      }
    }
    for (const std::string& e : u.emails) {
      if (e.find('@') == std::string::npos) return InvalidArgument("'" + e + "' is not an e-mail address", at + ".emails");
    }
    for (const std::string& w : u.webhooks) {
      if (webhook_names.count(w) == 0) return InvalidArgument("no [webhooks." + w + "] is configured", at + ".webhooks");
    }
  }
  for (std::size_t i = 0; i < c.units.size(); ++i) {
    const Unit& u = c.units[i];
    std::string at = "units[" + std::to_string(i) + "].escalation";
    if (u.escalation.empty()) continue;
    if (u.escalation == u.id) return InvalidArgument("a unit cannot escalate to itself", at);
    if (ids.count(u.escalation) == 0) return InvalidArgument("unknown unit '" + u.escalation + "'", at);
  }
  return Status::Ok();
}

Status ValidateTokens(const Config& c) {
  std::set<std::string> names, hashes;
  for (std::size_t i = 0; i < c.tokens.size(); ++i) {
    const Token& t = c.tokens[i];
    std::string at = "tokens[" + std::to_string(i) + "]";
    if (t.name.empty()) return InvalidArgument("a token needs a name (it is recorded as the actor)", at + ".name");
    if (t.name == "import" || t.name == "system") return InvalidArgument("'" + t.name + "' is reserved for mrtrack's own events", at + ".name");
    if (!names.insert(t.name).second) return InvalidArgument("duplicate token name '" + t.name + "'", at + ".name");
    if (!IsHex64(t.sha256)) return InvalidArgument("needs sha256 (64 hex digits of the token's SHA-256) or token_file", at + ".sha256");
    if (!hashes.insert(Lower(t.sha256)).second) return InvalidArgument("two tokens have the same hash", at + ".sha256");
    if (t.role == Role::kEditor && t.units.empty()) return InvalidArgument("an editor token needs the units it may change", at + ".units");
    for (const auto& u : t.units) {
      if (c.FindUnit(u) == nullptr) return InvalidArgument("unknown unit '" + u + "'", at + ".units");
    }
  }
  return Status::Ok();
}

Status ValidateChannels(const Config& c) {
  if (!c.smtp.url.empty() && c.smtp.url.rfind("smtp://", 0) != 0 && c.smtp.url.rfind("smtps://", 0) != 0) {
    return InvalidArgument("must start with smtp:// or smtps://", "smtp.url");
  }
  if (c.smtp.from.find('@') == std::string::npos) return InvalidArgument("'" + c.smtp.from + "' is not an e-mail address", "smtp.from");
  static const std::set<std::string> kKinds{"slack", "mattermost", "teams", "googlechat", "generic"};
  for (const auto& w : c.webhooks) {
    std::string at = "webhooks." + w.name;
    if (kKinds.count(w.kind) == 0) return InvalidArgument("unknown kind '" + w.kind + "': expected slack, mattermost, teams, googlechat or generic", at + ".kind");
    if (w.url.rfind("http://", 0) != 0 && w.url.rfind("https://", 0) != 0) return InvalidArgument("must be an http:// or https:// URL", at + ".url");
    if (!w.secret.empty() && w.secret.rfind("whsec_", 0) != 0) return InvalidArgument("must be whsec_<base64>", at + ".secret");
    for (const auto& u : w.feed_units) {
      if (c.FindUnit(u) == nullptr) return InvalidArgument("unknown unit '" + u + "'", at + ".feed_units");
    }
  }
  return Status::Ok();
}

Status ValidateReminders(const ReminderRules& r) {
  if (auto t = ParseClockTime(r.send_time); !t.ok()) return InvalidArgument(t.status().message(), "reminders.send_time");
  if (r.quiet_start.empty() != r.quiet_end.empty()) return InvalidArgument("quiet_start and quiet_end go together", "reminders.quiet_start");
  if (!r.quiet_start.empty()) {
    if (auto t = ParseClockTime(r.quiet_start); !t.ok()) return InvalidArgument(t.status().message(), "reminders.quiet_start");
    if (auto t = ParseClockTime(r.quiet_end); !t.ok()) return InvalidArgument(t.status().message(), "reminders.quiet_end");
  }
  return Status::Ok();
}

Status ValidateReports(const Config& c) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < c.reports.size(); ++i) {
    const ReportSchedule& r = c.reports[i];
    std::string at = "reports[" + std::to_string(i) + "]";
    if (!IsId(r.name)) return InvalidArgument("name '" + r.name + "' must be 1-64 characters of a-z, 0-9 and -", at + ".name");
    if (!names.insert(r.name).second) return InvalidArgument("duplicate report name '" + r.name + "'", at + ".name");
    if (r.recipients.empty()) return InvalidArgument("a report needs its recipients' e-mail addresses", at + ".recipients");
    for (const auto& e : r.recipients) {
      if (e.find('@') == std::string::npos) return InvalidArgument("'" + e + "' is not an e-mail address", at + ".recipients");
    }
    for (const auto& u : r.units) {
      if (c.FindUnit(u) == nullptr) return InvalidArgument("unknown unit '" + u + "'", at + ".units");
    }
    MRTRACK_RETURN_IF_ERROR(ValidateLanguage(r.language, at + ".language"));
  }
  return Status::Ok();
}

}  // namespace

Status ValidateLanguage(const std::string& code, const std::string& at) {
  if (code.empty()) return Status::Ok();
  auto language = ParseLanguage(code);
  if (!language || code != LanguageCode(*language)) {
    return InvalidArgument("unknown language '" + code + "': expected en, fr or es", at);
  }
  return Status::Ok();
}

Result<int> ParseClockTime(const std::string& text) {
  if (text.size() != 5 || text[2] != ':' || !std::isdigit(static_cast<unsigned char>(text[0])) ||
      !std::isdigit(static_cast<unsigned char>(text[1])) || !std::isdigit(static_cast<unsigned char>(text[3])) ||
      !std::isdigit(static_cast<unsigned char>(text[4]))) {
    return InvalidArgument("'" + text + "' is not a time of day: expected HH:MM");
  }
  int h = std::stoi(text.substr(0, 2)), m = std::stoi(text.substr(3, 2));
  if (h > 23 || m > 59) return InvalidArgument("'" + text + "' is not a time of day: expected HH:MM");
  return h * 60 + m;
}

Status Validate(const Config& c) {
  MRTRACK_RETURN_IF_ERROR(ValidateServer(c.server));
  if (c.storage.data_dir.empty()) return InvalidArgument("must not be empty", "storage.data_dir");
  try {
    (void)date::locate_zone(c.organisation.time_zone);
  } catch (const std::exception&) {
    return InvalidArgument("unknown time zone '" + c.organisation.time_zone + "' (expected an IANA name like Asia/Almaty)",
                           "organisation.time_zone");
  }
  MRTRACK_RETURN_IF_ERROR(ValidateLanguage(c.organisation.language, "organisation.language"));
  MRTRACK_RETURN_IF_ERROR(ValidateUnits(c));
  MRTRACK_RETURN_IF_ERROR(ValidateTokens(c));
  MRTRACK_RETURN_IF_ERROR(ValidateWeb(c));
  MRTRACK_RETURN_IF_ERROR(ValidateChannels(c));
  MRTRACK_RETURN_IF_ERROR(ValidateReports(c));
  return ValidateReminders(c.reminders);
}

}  // namespace mrtrack::config
