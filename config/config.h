// The configuration model: one TOML file (see config/mrtrack.example.toml and
// README "Configuration") parsed into these structs. Every field has an
// in-class default and a `Default:` comment; validation happens at load, so a
// Config that exists is a valid one.
//
// Thread safety: plain values. The daemon swaps whole Config objects on SIGHUP
// (shared_ptr<const Config>); nothing mutates a Config after load.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace mrtrack::config {

// One entry of the unit directory: who is responsible for key actions.
struct Unit {
  std::string id;                       // Required. Stable id, [a-z0-9-]+.
  std::string name;                     // Default: the id. Display name.
  std::vector<std::string> aliases;     // Default: none. Spellings used in published texts.
  std::vector<std::string> emails;      // Default: none. Reminder recipients.
  std::vector<std::string> webhooks;    // Default: none. Names of [webhooks.*] channels.
  std::string escalation;               // Default: none. Unit id to escalate overdue actions to.
  std::string language;                 // Default: the organisation's. en|fr|es, of its reminders
                                        // and of the web app for those signed in by their links.
};

struct ServerOptions {
  std::string listen = "127.0.0.1:8420";   // Default: 127.0.0.1:8420. host:port.
  // Default: none: http(s):// + listen. The address people reach mrtrack at
  // ("https://mrtrack.example.org", behind a proxy), for the links in
  // reminders and the addresses of calendar feeds (PublicBaseUrl).
  std::string public_url;
  std::string tls_certificate;             // Default: none (plain HTTP). PEM file.
  std::string tls_private_key;             // Default: none. PEM file; required with a certificate.
  std::size_t max_body_bytes = 4 << 20;    // Default: 4 MiB. Larger request bodies get 413 (a route may allow more).
  std::size_t max_header_bytes = 16384;    // Default: 16 KiB. Request line and headers; larger get 431.
  std::chrono::seconds header_timeout{10};  // Default: 10s. To receive a request's whole header.
  std::chrono::seconds body_timeout{60};    // Default: 60s. To receive a whole body; also bounds each write.
  std::chrono::seconds idle_timeout{15};    // Default: 15s. Between requests on a keep-alive connection.
  std::size_t max_connections = 1024;            // Default: 1024 open connections in all.
  std::size_t max_connections_per_address = 256;  // Default: 256 from one client address.
  std::size_t max_streams = 256;           // Default: 256 event streams and long-polls waiting in all.
  std::size_t max_streams_per_token = 4;   // Default: 4 per token (a web session counts as one).
  int io_threads = 2;                      // Default: 2. Threads running the network event loop.
  int worker_threads = 8;                  // Default: 8. Threads running request handlers.
  std::chrono::seconds drain_timeout{10};  // Default: 10s. On SIGTERM, for requests in flight to finish.
  std::string log_format = "text";         // Default: text. "text" or "json".
  std::string log_level = "info";          // Default: info. trace|debug|info|warn|error.
};

struct StorageOptions {
  std::string data_dir = "/var/lib/mrtrack";  // Default: /var/lib/mrtrack (StateDirectory).
};

struct OrganisationOptions {
  std::string name = "mrtrack";       // Default: mrtrack. Shown in messages.
  std::string time_zone = "UTC";      // Default: UTC. IANA zone; deadlines end at midnight here.
  std::string language;               // Default: none: the web app follows each browser, reminders
                                      // are in English. en|fr|es.
};

// admin: everything. validator (the evaluation office): reads everything,
// accepts or rejects completion and extension requests, sets recommendation
// priorities. editor: changes and requests for its units. auditor: reads
// everything incl. history and export. reader: views only.
enum class Role { kAdmin, kEditor, kAuditor, kReader, kValidator };

struct Token {
  std::string name;                 // Required. Recorded as the actor of every event.
  Role role = Role::kReader;        // Default: reader.
  std::string sha256;               // Hex SHA-256 of the bearer token (from `sha256` or hashed from `token_file`).
  std::vector<std::string> units;   // Default: none. For editors: the units they may change.
};

// A person who signs in to the web app (docs/WEB.md "Signing in").
struct User {
  std::string email;                // Required. Signs in with it; recorded as the actor of their events.
  std::string name;                 // Default: the e-mail. Shown beside the e-mail in timelines.
  Role role = Role::kReader;        // Default: reader.
  std::vector<std::string> units;   // Default: none. For editors: the units they may change.
  std::string password_hash;        // Default: none (no password sign-in). From `mrtrackd --hash-password`.
  std::string language;             // Default: the organisation's, else the browser's. en|fr|es.
};

// Signing in through the organisation's OpenID Connect provider ([web.oidc],
// docs/WEB.md "OpenID Connect"). Off while `issuer` is empty.
struct OidcOptions {
  std::string issuer;          // Default: none (off). The provider's issuer: https://, or http:// on loopback.
  std::string name;            // Default: the issuer's host. The button says "Sign in with <name>".
  std::string client_id;       // Required with an issuer.
  std::string client_secret;   // From `client_secret_file` (required with an issuer). Never shown or logged.
  std::string redirect_uri;    // Default: the address the browser reached mrtrackd at + /sign-in/oidc/callback.
  std::vector<std::string> scopes{"openid", "email", "profile"};  // Default: openid, email, profile.
  std::string email_claim = "email";         // Default: email. The person's e-mail: their actor.
  std::string name_claim = "name";           // Default: name. Shown beside the e-mail.
  std::string role_claim = "mrtrack_role";   // Default: mrtrack_role. A role name (or a list holding one).
  std::string units_claim = "mrtrack_units"; // Default: mrtrack_units. Unit ids (a list or one string).
  std::chrono::seconds timeout{10};          // Default: 10s. Each call mrtrackd makes to the provider.

  bool enabled() const { return !issuer.empty(); }
};

// The web app served at / (docs/WEB.md).
struct WebOptions {
  std::chrono::seconds session_idle{30 * 60};        // Default: 30m. A session unused this long ends.
  std::chrono::seconds session_max{12 * 3600};       // Default: 12h. A session ends this long after sign-in.
  int link_days = 14;                                // Default: 14. Validity of sign-in links in reminders.
  OidcOptions oidc;                                  // Default: off.
};

struct SmtpOptions {
  std::string url;                  // Default: none: mail goes to a Maildir under the data dir. smtp:// or smtps://
  std::string username;             // Default: none.
  std::string password;             // Default: none. Prefer password_file.
  std::string from = "mrtrack@localhost";  // Default: mrtrack@localhost.
  bool starttls = true;             // Default: true. Require STARTTLS on smtp:// URLs.
  std::chrono::seconds timeout{10}; // Default: 10s. Whole delivery; at most kMaxDeliveryTimeout.
};

struct WebhookChannel {
  std::string name;                 // The key under [webhooks.NAME].
  std::string kind = "generic";     // Default: generic. slack|mattermost|teams|googlechat|generic.
  std::string url;                  // Required.
  std::string secret;               // Default: none. whsec_<base64>, for kind = generic.
  std::vector<std::string> feed_units;  // Default: none. Units whose status changes are posted.
  std::chrono::seconds timeout{10}; // Default: 10s. Connect, each read, each write; at most kMaxDeliveryTimeout.
};

// The longest delivery timeout (smtp.timeout, webhooks.*.timeout) a config
// may set: below half of the systemd unit's WatchdogSec (checked by
// tests/daemon/systemd_unit_test.cc), so a hanging receiver costs less than
// a watchdog period however the daemon waits on it (a pass, Stop()).
inline constexpr std::chrono::seconds kMaxDeliveryTimeout{15};

struct ReminderRules {
  std::vector<std::chrono::days> before{std::chrono::days(30), std::chrono::days(7), std::chrono::days(1)};  // Default: 30d, 7d, 1d.
  bool on_deadline = true;                      // Default: true.
  std::chrono::days overdue_every{7};           // Default: 7d. 0 disables overdue repeats.
  std::chrono::days escalate_after{30};         // Default: 30d overdue. 0 disables escalation.
  std::string send_time = "09:00";              // Default: 09:00 organisation time.
  std::string quiet_start;                      // Default: none. "HH:MM".
  std::string quiet_end;                        // Default: none. "HH:MM".
  bool digest = true;                           // Default: true. One message per unit and day.
  std::chrono::hours catch_up_window{48};       // Default: 48h. Older missed reminders are skipped.
  int max_attempts = 8;                         // Default: 8 delivery attempts.
  std::chrono::seconds initial_backoff{30};     // Default: 30s, doubled each attempt, with jitter.
};

// The follow-up workflow: validated closure, evidence, extensions.
struct WorkflowOptions {
  bool closure_validation = true;               // Default: true. Editors request Completed / No Longer
                                                // Applicable and a validator or admin accepts it.
  std::size_t max_evidence_bytes = 20 << 20;    // Default: 20 MiB. Larger evidence uploads get 413.
  int max_extensions = 2;                       // Default: 2. Approved extensions beyond which only
                                                // admin may move the deadline.
  std::chrono::days update_request_every{0};    // Default: 0 (off). "90d": open actions without an update
                                                // (comment, request, status change) for this long are
                                                // marked stale and their units asked for one.
};

// A periodic report to a governing body ([[reports]]), e-mailed by the
// notifier with its CSV attached; `mrtrack report --period` prints the same.
struct ReportSchedule {
  enum class Every { kMonthly, kWeekly };
  std::string name;                     // Required. [a-z0-9-]{1,64}; names the report's stream.
  std::vector<std::string> recipients;  // Required. E-mail addresses.
  Every every = Every::kMonthly;        // Default: monthly. "monthly" | "weekly".
  int day = 1;                          // Default: 1. monthly: day of the month (1-28) the report of the
                                        // month before is sent; weekly: day of the week (1 = Monday ... 7)
                                        // the report of the week before is sent. At reminders.send_time.
  std::vector<std::string> units;       // Default: every unit.
  std::string language;                 // Default: the organisation's.
};

struct Config {
  ServerOptions server;
  WorkflowOptions workflow;
  StorageOptions storage;
  OrganisationOptions organisation;
  std::vector<Unit> units;
  std::vector<Token> tokens;
  std::vector<User> users;
  WebOptions web;
  SmtpOptions smtp;
  std::vector<WebhookChannel> webhooks;
  ReminderRules reminders;
  std::vector<ReportSchedule> reports;
  std::string templates_dir;        // Default: none: built-in templates.
  std::string source;               // Where this config came from (file path or "<embedded default>").

  const Unit* FindUnit(const std::string& id) const;
};

// The address people reach mrtrack at, without a trailing slash: `[server]
// public_url`, else "http://" (or "https://" with a certificate) + listen.
// The base of every link mrtrack hands out (reminders, calendar feeds).
std::string PublicBaseUrl(const Config& config);

const char* RoleName(Role role);
// "admin", "editor", ... to a Role; kInvalidArgument naming the roles otherwise.
Result<Role> ParseRole(std::string_view name);

}  // namespace mrtrack::config
