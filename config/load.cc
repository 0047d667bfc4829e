#include "config/load.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto.h"
#include "config/load_web.h"
#include "config/toml_reader.h"
#include "config/validate.h"

namespace mrtrack::config {
namespace {

Status ReadDuration(TomlReader& r, const char* key, std::chrono::seconds& out) {
  return ReadDurationKey(r, key, out);
}

template <typename D>
Status ReadDurationAs(TomlReader& r, const char* key, D& out) {
  std::chrono::seconds s = std::chrono::duration_cast<std::chrono::seconds>(out);
  MRTRACK_RETURN_IF_ERROR(ReadDuration(r, key, s));
  if (s % D(1) != std::chrono::seconds(0)) {
    return InvalidArgument("must be a whole number of " + std::string(std::is_same_v<D, std::chrono::days> ? "days" : "hours"), r.PathOf(key));
  }
  out = std::chrono::duration_cast<D>(s);
  return Status::Ok();
}

// An integer key that must lie in [min, max].
Status ReadCount(TomlReader& r, const char* key, std::int64_t min, std::int64_t max, std::size_t& out) {
  std::int64_t value = static_cast<std::int64_t>(out);
  MRTRACK_RETURN_IF_ERROR(r.Int(key, value));
  if (value < min || value > max) {
    return InvalidArgument("must be between " + std::to_string(min) + " and " + std::to_string(max), r.PathOf(key));
  }
  out = static_cast<std::size_t>(value);
  return Status::Ok();
}

// A network timeout: from 1s to 1h.
Status ReadTimeout(TomlReader& r, const char* key, std::chrono::seconds& out) {
  MRTRACK_RETURN_IF_ERROR(ReadDuration(r, key, out));
  if (out < std::chrono::seconds(1) || out > std::chrono::hours(1)) {
    return InvalidArgument("must be between 1s and 1h", r.PathOf(key));
  }
  return Status::Ok();
}

// A delivery timeout (SMTP, webhooks): from 1s to kMaxDeliveryTimeout.
Status ReadDeliveryTimeout(TomlReader& r, const char* key, std::chrono::seconds& out) {
  MRTRACK_RETURN_IF_ERROR(ReadDuration(r, key, out));
  if (out < std::chrono::seconds(1) || out > kMaxDeliveryTimeout) {
    return InvalidArgument("must be between 1s and " + std::to_string(kMaxDeliveryTimeout.count()) +
                               "s: a delivery must end within half of the service's watchdog interval "
                               "(WatchdogSec of mrtrackd.service)",
                           r.PathOf(key));
  }
  return Status::Ok();
}

Status LoadServer(TomlReader& r, ServerOptions& s) {
  MRTRACK_RETURN_IF_ERROR(r.String("listen", s.listen));
  MRTRACK_RETURN_IF_ERROR(r.String("public_url", s.public_url));
  MRTRACK_RETURN_IF_ERROR(r.String("tls_certificate", s.tls_certificate));
  MRTRACK_RETURN_IF_ERROR(r.String("tls_private_key", s.tls_private_key));
  MRTRACK_RETURN_IF_ERROR(ReadCount(r, "max_body_bytes", 1024, 1LL << 30, s.max_body_bytes));
  MRTRACK_RETURN_IF_ERROR(ReadCount(r, "max_header_bytes", 1024, 1LL << 20, s.max_header_bytes));
  MRTRACK_RETURN_IF_ERROR(ReadTimeout(r, "header_timeout", s.header_timeout));
  MRTRACK_RETURN_IF_ERROR(ReadTimeout(r, "body_timeout", s.body_timeout));
  MRTRACK_RETURN_IF_ERROR(ReadTimeout(r, "idle_timeout", s.idle_timeout));
  MRTRACK_RETURN_IF_ERROR(ReadCount(r, "max_connections", 1, 1000000, s.max_connections));
  MRTRACK_RETURN_IF_ERROR(ReadCount(r, "max_connections_per_address", 1, 1000000, s.max_connections_per_address));
  MRTRACK_RETURN_IF_ERROR(ReadCount(r, "max_streams", 0, 1000000, s.max_streams));
  MRTRACK_RETURN_IF_ERROR(ReadCount(r, "max_streams_per_token", 0, 1000000, s.max_streams_per_token));
  std::size_t io = static_cast<std::size_t>(s.io_threads), workers = static_cast<std::size_t>(s.worker_threads);
  MRTRACK_RETURN_IF_ERROR(ReadCount(r, "io_threads", 1, 64, io));
  MRTRACK_RETURN_IF_ERROR(ReadCount(r, "worker_threads", 1, 256, workers));
  s.io_threads = static_cast<int>(io);
  s.worker_threads = static_cast<int>(workers);
  MRTRACK_RETURN_IF_ERROR(ReadTimeout(r, "drain_timeout", s.drain_timeout));
  MRTRACK_RETURN_IF_ERROR(r.String("log_format", s.log_format));
  MRTRACK_RETURN_IF_ERROR(r.String("log_level", s.log_level));
  return r.CheckNoUnknownKeys();
}

Status LoadUnit(TomlReader& r, Unit& u) {
  MRTRACK_RETURN_IF_ERROR(r.String("id", u.id));
  MRTRACK_RETURN_IF_ERROR(r.String("name", u.name));
  MRTRACK_RETURN_IF_ERROR(r.StringList("aliases", u.aliases));
  MRTRACK_RETURN_IF_ERROR(r.StringList("emails", u.emails));
  MRTRACK_RETURN_IF_ERROR(r.StringList("webhooks", u.webhooks));
  MRTRACK_RETURN_IF_ERROR(r.String("escalation", u.escalation));
  MRTRACK_RETURN_IF_ERROR(r.String("language", u.language));
  if (u.name.empty()) u.name = u.id;
  return r.CheckNoUnknownKeys();
}

Status LoadToken(TomlReader& r, const std::string& base_dir, Token& t) {
  MRTRACK_RETURN_IF_ERROR(r.String("name", t.name));
  std::string role = "reader", token_file;
  MRTRACK_RETURN_IF_ERROR(r.String("role", role));
  MRTRACK_RETURN_IF_ERROR(r.String("sha256", t.sha256));
  MRTRACK_RETURN_IF_ERROR(r.String("token_file", token_file));
  MRTRACK_RETURN_IF_ERROR(r.StringList("units", t.units));
  auto parsed_role = ParseRole(role);
  if (!parsed_role.ok()) return InvalidArgument(parsed_role.status().message(), r.PathOf("role"));
  t.role = *parsed_role;
  if (!token_file.empty() && !t.sha256.empty()) return InvalidArgument("give either sha256 or token_file, not both", r.path());
  if (!token_file.empty()) {
    MRTRACK_ASSIGN_OR_RETURN(std::string token, ReadSecretFile(base_dir, token_file, r.PathOf("token_file")));
    t.sha256 = HexEncode(Sha256(token));
  }
  return r.CheckNoUnknownKeys();
}

Status LoadSmtp(TomlReader& r, const std::string& base_dir, SmtpOptions& s) {
  std::string password_file;
  MRTRACK_RETURN_IF_ERROR(r.String("url", s.url));
  MRTRACK_RETURN_IF_ERROR(r.String("username", s.username));
  MRTRACK_RETURN_IF_ERROR(r.String("password", s.password));
  MRTRACK_RETURN_IF_ERROR(r.String("password_file", password_file));
  MRTRACK_RETURN_IF_ERROR(r.String("from", s.from));
  MRTRACK_RETURN_IF_ERROR(r.Bool("starttls", s.starttls));
  MRTRACK_RETURN_IF_ERROR(ReadDeliveryTimeout(r, "timeout", s.timeout));
  if (!password_file.empty() && !s.password.empty()) return InvalidArgument("give either password or password_file, not both", r.path());
  if (!password_file.empty()) {
    MRTRACK_ASSIGN_OR_RETURN(s.password, ReadSecretFile(base_dir, password_file, r.PathOf("password_file")));
  }
  return r.CheckNoUnknownKeys();
}

Status LoadWebhook(TomlReader& r, const std::string& base_dir, WebhookChannel& w) {
  std::string secret_file;
  MRTRACK_RETURN_IF_ERROR(r.String("kind", w.kind));
  MRTRACK_RETURN_IF_ERROR(r.String("url", w.url));
  MRTRACK_RETURN_IF_ERROR(r.String("secret", w.secret));
  MRTRACK_RETURN_IF_ERROR(r.String("secret_file", secret_file));
  MRTRACK_RETURN_IF_ERROR(r.StringList("feed_units", w.feed_units));
  MRTRACK_RETURN_IF_ERROR(ReadDeliveryTimeout(r, "timeout", w.timeout));
  if (!secret_file.empty()) {
    MRTRACK_ASSIGN_OR_RETURN(w.secret, ReadSecretFile(base_dir, secret_file, r.PathOf("secret_file")));
  }
  return r.CheckNoUnknownKeys();
}

Status LoadReminders(TomlReader& r, ReminderRules& rules) {
  if (r.Has("before")) {
    std::vector<std::string> before;
    MRTRACK_RETURN_IF_ERROR(r.StringList("before", before));
    rules.before.clear();
    for (std::size_t i = 0; i < before.size(); ++i) {
      auto d = ParseDuration(before[i]);
      std::string where = r.PathOf("before") + "[" + std::to_string(i) + "]";
      if (!d.ok()) return InvalidArgument(d.status().message(), where);
      if (*d % std::chrono::days(1) != std::chrono::seconds(0) || *d == std::chrono::seconds(0)) {
        return InvalidArgument("must be a positive whole number of days", where);
      }
      rules.before.push_back(std::chrono::duration_cast<std::chrono::days>(*d));
    }
  }
  std::int64_t attempts = rules.max_attempts;
  MRTRACK_RETURN_IF_ERROR(r.Bool("on_deadline", rules.on_deadline));
  MRTRACK_RETURN_IF_ERROR(ReadDurationAs(r, "overdue_every", rules.overdue_every));
  MRTRACK_RETURN_IF_ERROR(ReadDurationAs(r, "escalate_after", rules.escalate_after));
  MRTRACK_RETURN_IF_ERROR(r.String("send_time", rules.send_time));
  MRTRACK_RETURN_IF_ERROR(r.String("quiet_start", rules.quiet_start));
  MRTRACK_RETURN_IF_ERROR(r.String("quiet_end", rules.quiet_end));
  MRTRACK_RETURN_IF_ERROR(r.Bool("digest", rules.digest));
  MRTRACK_RETURN_IF_ERROR(ReadDurationAs(r, "catch_up_window", rules.catch_up_window));
  MRTRACK_RETURN_IF_ERROR(r.Int("max_attempts", attempts));
  MRTRACK_RETURN_IF_ERROR(ReadDuration(r, "initial_backoff", rules.initial_backoff));
  if (attempts < 1 || attempts > 100) return InvalidArgument("must be between 1 and 100", r.PathOf("max_attempts"));
  rules.max_attempts = static_cast<int>(attempts);
  return r.CheckNoUnknownKeys();
}

Status LoadWorkflow(TomlReader& r, WorkflowOptions& w) {
  MRTRACK_RETURN_IF_ERROR(r.Bool("closure_validation", w.closure_validation));
  std::int64_t max_evidence = static_cast<std::int64_t>(w.max_evidence_bytes), max_extensions = w.max_extensions;
  MRTRACK_RETURN_IF_ERROR(r.Int("max_evidence_bytes", max_evidence));
  MRTRACK_RETURN_IF_ERROR(r.Int("max_extensions", max_extensions));
  if (max_evidence < 1024 || max_evidence > (1LL << 32)) {
    return InvalidArgument("must be between 1024 and 4294967296", r.PathOf("max_evidence_bytes"));
  }
  if (max_extensions < 0 || max_extensions > 100) return InvalidArgument("must be between 0 and 100", r.PathOf("max_extensions"));
  w.max_evidence_bytes = static_cast<std::size_t>(max_evidence);
  w.max_extensions = static_cast<int>(max_extensions);
  MRTRACK_RETURN_IF_ERROR(ReadDurationAs(r, "update_request_every", w.update_request_every));
  return r.CheckNoUnknownKeys();
}

Status LoadReport(TomlReader& r, ReportSchedule& report) {
  std::string every = "monthly";
  std::int64_t day = report.day;
  MRTRACK_RETURN_IF_ERROR(r.String("name", report.name));
  MRTRACK_RETURN_IF_ERROR(r.StringList("recipients", report.recipients));
  MRTRACK_RETURN_IF_ERROR(r.String("every", every));
  MRTRACK_RETURN_IF_ERROR(r.Int("day", day));
  MRTRACK_RETURN_IF_ERROR(r.StringList("units", report.units));
  MRTRACK_RETURN_IF_ERROR(r.String("language", report.language));
  if (every == "monthly") {
    report.every = ReportSchedule::Every::kMonthly;
    if (day < 1 || day > 28) return InvalidArgument("must be a day of the month from 1 to 28", r.PathOf("day"));
  } else if (every == "weekly") {
    report.every = ReportSchedule::Every::kWeekly;
    if (day < 1 || day > 7) return InvalidArgument("must be a day of the week from 1 (Monday) to 7 (Sunday)", r.PathOf("day"));
  } else {
    return InvalidArgument("must be \"monthly\" or \"weekly\"", r.PathOf("every"));
  }
  report.day = static_cast<int>(day);
  return r.CheckNoUnknownKeys();
}

// Reads an optional [section] with `load(reader, ...)`.
template <typename F>
Status Section(TomlReader& root, const char* key, F&& load) {
  MRTRACK_ASSIGN_OR_RETURN(const toml::table* t, root.Table(key));
  if (t == nullptr) return Status::Ok();
  TomlReader r(*t, key);
  return load(r);
}

Status LoadRoot(const toml::table& table, const std::string& base_dir, Config& c) {
  TomlReader root(table, "");
  MRTRACK_RETURN_IF_ERROR(Section(root, "server", [&](TomlReader& r) { return LoadServer(r, c.server); }));
  MRTRACK_RETURN_IF_ERROR(Section(root, "storage", [&](TomlReader& r) {
    MRTRACK_RETURN_IF_ERROR(r.String("data_dir", c.storage.data_dir));
    if (!c.storage.data_dir.empty() && std::filesystem::path(c.storage.data_dir).is_relative()) {
      c.storage.data_dir = (std::filesystem::path(base_dir) / c.storage.data_dir).lexically_normal().string();
    }
    return r.CheckNoUnknownKeys();
  }));
  MRTRACK_RETURN_IF_ERROR(Section(root, "organisation", [&](TomlReader& r) {
    MRTRACK_RETURN_IF_ERROR(r.String("name", c.organisation.name));
    MRTRACK_RETURN_IF_ERROR(r.String("time_zone", c.organisation.time_zone));
    MRTRACK_RETURN_IF_ERROR(r.String("language", c.organisation.language));
    return r.CheckNoUnknownKeys();
  }));
  MRTRACK_ASSIGN_OR_RETURN(auto units, root.TableArray("units"));
  for (std::size_t i = 0; i < units.size(); ++i) {
    TomlReader r(*units[i], "units[" + std::to_string(i) + "]");
    Unit u;
    MRTRACK_RETURN_IF_ERROR(LoadUnit(r, u));
    c.units.push_back(std::move(u));
  }
  MRTRACK_ASSIGN_OR_RETURN(auto tokens, root.TableArray("tokens"));
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    TomlReader r(*tokens[i], "tokens[" + std::to_string(i) + "]");
    Token t;
    MRTRACK_RETURN_IF_ERROR(LoadToken(r, base_dir, t));
    c.tokens.push_back(std::move(t));
  }
  MRTRACK_ASSIGN_OR_RETURN(auto users, root.TableArray("users"));
  for (std::size_t i = 0; i < users.size(); ++i) {
    TomlReader r(*users[i], "users[" + std::to_string(i) + "]");
    User u;
    MRTRACK_RETURN_IF_ERROR(LoadUser(r, u));
    c.users.push_back(std::move(u));
  }
  MRTRACK_RETURN_IF_ERROR(Section(root, "web", [&](TomlReader& r) { return LoadWeb(r, base_dir, c.web); }));
  MRTRACK_RETURN_IF_ERROR(Section(root, "smtp", [&](TomlReader& r) { return LoadSmtp(r, base_dir, c.smtp); }));
  MRTRACK_ASSIGN_OR_RETURN(const toml::table* hooks, root.Table("webhooks"));
  if (hooks != nullptr) {
    for (const auto& [name, node] : *hooks) {
      std::string path = "webhooks." + std::string(name.str());
      if (!node.is_table()) return InvalidArgument("must be a table [" + path + "]", path);
      TomlReader r(*node.as_table(), path);
      WebhookChannel w;
      w.name = std::string(name.str());
      MRTRACK_RETURN_IF_ERROR(LoadWebhook(r, base_dir, w));
      c.webhooks.push_back(std::move(w));
    }
  }
  MRTRACK_RETURN_IF_ERROR(Section(root, "reminders", [&](TomlReader& r) { return LoadReminders(r, c.reminders); }));
  MRTRACK_RETURN_IF_ERROR(Section(root, "workflow", [&](TomlReader& r) { return LoadWorkflow(r, c.workflow); }));
  MRTRACK_ASSIGN_OR_RETURN(auto reports, root.TableArray("reports"));
  for (std::size_t i = 0; i < reports.size(); ++i) {
    TomlReader r(*reports[i], "reports[" + std::to_string(i) + "]");
    ReportSchedule report;
    MRTRACK_RETURN_IF_ERROR(LoadReport(r, report));
    c.reports.push_back(std::move(report));
  }
  MRTRACK_RETURN_IF_ERROR(Section(root, "templates", [&](TomlReader& r) {
    MRTRACK_RETURN_IF_ERROR(r.String("dir", c.templates_dir));
    return r.CheckNoUnknownKeys();
  }));
  return root.CheckNoUnknownKeys();
}

}  // namespace

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  std::string bad = "'" + std::string(text) + "' is not a duration: expected a whole number and a unit, like 30d, 12h, 15m or 90s";
  if (text.size() < 2) return InvalidArgument(bad);
  std::int64_t n = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9' || n > 100000000) return InvalidArgument(bad);
    n = n * 10 + (text[i] - '0');
  }
  switch (text.back()) {
    case 's': return std::chrono::seconds(n);
    case 'm': return std::chrono::seconds(n * 60);
    case 'h': return std::chrono::seconds(n * 3600);
    case 'd': return std::chrono::seconds(n * 86400);
    default: return InvalidArgument(bad);
  }
}

Result<Config> LoadConfigString(std::string_view text, const std::string& source, const std::string& base_dir) {
  Config c;
  c.source = source;
  toml::table table;
  try {
    table = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(std::string(e.description()), source + " line " + std::to_string(e.source().begin.line) +
                                                             ", column " + std::to_string(e.source().begin.column));
  }
  Status s = LoadRoot(table, base_dir, c);
  if (!s.ok()) return Status(s.code(), s.message(), source + ": " + s.field());
  s = Validate(c);
  if (!s.ok()) return Status(s.code(), s.message(), source + ": " + s.field());
  return c;
}

Result<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open config file '" + path + "'", path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string base = std::filesystem::absolute(path).parent_path().string();
  return LoadConfigString(ss.str(), path, base);
}

}  // namespace mrtrack::config
