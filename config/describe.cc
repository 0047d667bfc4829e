#include <sstream>

#include "config/load.h"

namespace mrtrack::config {
namespace {

// An SMTP URL as it may be shown: a password in it ("smtp://user:pw@host")
// and any query are replaced, the rest kept so the operator sees which
// server and account are configured.
std::string ShownUrl(const std::string& url) {
  const std::size_t scheme = url.find("://");
  std::size_t host = scheme == std::string::npos ? 0 : scheme + 3;
  std::string shown = url.substr(0, host);
  // The last '@': a password may hold an unencoded '/', '?' or '#'.
  const std::size_t at = url.rfind('@');
  if (at != std::string::npos && at >= host) {
    const std::string userinfo = url.substr(host, at - host);
    const std::size_t colon = userinfo.find(':');
    shown += (colon == std::string::npos ? userinfo : userinfo.substr(0, colon) + ":<redacted>") + "@";
    host = at + 1;
  }
  const std::size_t query = url.find('?', host);
  return shown + (query == std::string::npos ? url.substr(host) : url.substr(host, query - host) + "?<redacted>");
}

}  // namespace

// Never prints a secret: passwords, token hashes, webhook URLs and secrets
// (the OIDC client secret too) stay out; the SMTP URL is shown without its password.
std::string DescribeConfig(const Config& c) {
  std::ostringstream out;
  out << "config " << c.source << " is valid\n";
  out << "  listen:        " << c.server.listen << (c.server.tls_certificate.empty() ? " (plain HTTP)" : " (TLS)") << "\n";
  out << "  links:         " << PublicBaseUrl(c)
      << (c.server.public_url.empty() ? " (from listen; set server.public_url to the address people reach)" : "")
      << "\n";
  const ServerOptions& s = c.server;
  out << "  limits:        header " << s.max_header_bytes << " bytes in " << s.header_timeout.count() << "s, body "
      << s.max_body_bytes << " bytes in " << s.body_timeout.count() << "s, idle " << s.idle_timeout.count()
      << "s; connections " << s.max_connections << " (" << s.max_connections_per_address << " per address), streams "
      << s.max_streams << " (" << s.max_streams_per_token << " per token)\n";
  out << "  threads:       " << s.io_threads << " network, " << s.worker_threads << " workers; drain "
      << s.drain_timeout.count() << "s on SIGTERM\n";
  out << "  data dir:      " << c.storage.data_dir << "\n";
  out << "  organisation:  " << c.organisation.name << ", time zone " << c.organisation.time_zone << "\n";
  out << "  units:         " << c.units.size() << "\n";
  for (const auto& u : c.units) {
    out << "    " << u.id << " (" << u.name << "): " << u.aliases.size() << " aliases, " << u.emails.size() << " e-mail, "
        << u.webhooks.size() << " webhooks" << (u.escalation.empty() ? "" : ", escalates to " + u.escalation) << "\n";
  }
  out << "  tokens:        " << c.tokens.size() << "\n";
  for (const auto& t : c.tokens) {
    out << "    " << t.name << ": " << RoleName(t.role);
    if (!t.units.empty()) {
      out << " of";
      for (const auto& u : t.units) out << " " << u;
    }
    out << "\n";
  }
  out << "  people:        " << c.users.size() << " (web sessions: idle " << c.web.session_idle.count() / 60
      << "m, at most " << c.web.session_max.count() / 60 << "m; sign-in links " << c.web.link_days << "d)\n";
  for (const auto& u : c.users) {
    out << "    " << u.email << ": " << RoleName(u.role);
    for (const auto& unit : u.units) out << " " << unit;
    out << (u.password_hash.empty() ? ", no password" : "") << "\n";
  }
  if (const OidcOptions& o = c.web.oidc; o.enabled()) {
    out << "  OpenID Connect: " << o.name << " (" << o.issuer << "), client " << o.client_id << ", scopes";
    for (const auto& scope : o.scopes) out << " " << scope;
    out << "; role from claim " << o.role_claim << ", units from " << o.units_claim << ", e-mail from "
        << o.email_claim << "; redirect "
        << (o.redirect_uri.empty() ? "<address reached>/sign-in/oidc/callback" : o.redirect_uri) << "\n";
  }
  out << "  mail:          " << (c.smtp.url.empty() ? "Maildir " + c.storage.data_dir + "/maildir (no SMTP server)" : "SMTP " + ShownUrl(c.smtp.url))
      << ", from " << c.smtp.from << (c.smtp.url.empty() ? "" : ", timeout " + std::to_string(c.smtp.timeout.count()) + "s")
      << "\n";
  out << "  webhooks:      " << c.webhooks.size() << "\n";
  for (const auto& w : c.webhooks) {
    out << "    " << w.name << ": " << w.kind << ", timeout " << w.timeout.count() << "s"
        << (w.feed_units.empty() ? "" : ", event feed") << "\n";
  }
  out << "  workflow:      " << (c.workflow.closure_validation ? "closure validated by a validator or admin" : "direct closure by editors")
      << ", evidence up to " << c.workflow.max_evidence_bytes << " bytes, " << c.workflow.max_extensions
      << " extensions before only admin may move a deadline"
      << (c.workflow.update_request_every.count() > 0
              ? ", updates asked after " + std::to_string(c.workflow.update_request_every.count()) + "d without one"
              : std::string())
      << "\n";
  out << "  reports:       " << c.reports.size() << "\n";
  for (const auto& report : c.reports) {
    const bool monthly = report.every == ReportSchedule::Every::kMonthly;
    out << "    " << report.name << ": " << (monthly ? "monthly, on day " : "weekly, on weekday ") << report.day
        << ", to " << report.recipients.size() << " recipient(s), "
        << (report.units.empty() ? std::string("every unit") : std::to_string(report.units.size()) + " unit(s)") << "\n";
  }
  const auto& r = c.reminders;
  out << "  reminders:     before";
  for (auto d : r.before) out << " " << d.count() << "d";
  out << (r.on_deadline ? ", on the deadline" : "");
  if (r.overdue_every.count() > 0) out << ", every " << r.overdue_every.count() << "d overdue";
  if (r.escalate_after.count() > 0) out << ", escalation after " << r.escalate_after.count() << "d";
  out << "; at " << r.send_time;
  if (!r.quiet_start.empty()) out << ", quiet " << r.quiet_start << "-" << r.quiet_end;
  out << (r.digest ? ", daily digest" : ", one message per action") << "\n";
  return out.str();
}

}  // namespace mrtrack::config
