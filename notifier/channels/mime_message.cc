#include "notifier/channels/mime_message.h"

#include <cstdio>

#include "common/crypto.h"
#include "notifier/channels/icalendar.h"
#include "notifier/channels/rfc2047.h"

namespace mrtrack::notifier::email {
namespace {

// Base64 in lines of 76 characters (RFC 2045).
std::string Base64Lines(const std::string& bytes) {
  const std::string b64 = Base64Encode(bytes);
  std::string out;
  for (std::size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

std::string MessageIdHeader(const std::string& message_id, const std::string& from_address) {
  const auto at = from_address.rfind('@');
  std::string domain = at == std::string::npos ? "" : from_address.substr(at + 1);
  if (!domain.empty() && domain.back() == '>') domain.pop_back();
  if (domain.empty()) domain = "mrtrack.invalid";
  return "<" + message_id + "@" + domain + ">";
}

std::string Rfc5322Date(Timestamp t) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd(day);
  const date::weekday wd(day);
  const date::hh_mm_ss<std::chrono::seconds> hms(std::chrono::floor<std::chrono::seconds>(t - day));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02ld:%02ld:%02ld +0000", kDays[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()));
  return buf;
}

std::string BuildMimeMessage(const OutgoingMessage& m, const Sender& sender, Timestamp date) {
  // Boundaries start with "=_", which base64 text never contains.
  const std::string mixed = "=_mrtrack_mixed_" + m.id;
  const std::string alt = "=_mrtrack_alt_" + m.id;
  std::string out;
  out += "Date: " + Rfc5322Date(date) + "\r\n";
  out += "From: " + FormatAddress(sender.name, sender.address) + "\r\n";
  out += "To: " + Joined(m.to) + "\r\n";
  out += "Subject: " + EncodeHeaderText(m.subject) + "\r\n";
  out += "Message-ID: " + MessageIdHeader(m.id, sender.address) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  out += "X-Mrtrack-Message: " + m.id + "\r\n";
  out += "Content-Type: multipart/mixed; boundary=\"" + mixed + "\"\r\n";
  out += "\r\nThis is a MIME message.\r\n";
  out += "--" + mixed + "\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + alt + "\"\r\n\r\n";
  out += "--" + alt + "\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += Base64Lines(m.text);
  out += "--" + alt + "\r\n";
  out += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += Base64Lines(m.html);
  out += "--" + alt + "--\r\n";
  if (!m.calendar.empty()) {
    out += "--" + mixed + "\r\n";
    out += "Content-Type: text/calendar; charset=UTF-8; method=" + m.calendar_method + "; name=\"deadlines.ics\"\r\n";
    out += "Content-Disposition: attachment; filename=\"deadlines.ics\"\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += Base64Lines(BuildCalendar(m.calendar, date, m.calendar_method));
  }
  for (const Attachment& a : m.attachments) {
    out += "--" + mixed + "\r\n";
    out += "Content-Type: " + a.media_type + "; name=\"" + a.name + "\"\r\n";
    out += "Content-Disposition: attachment; filename=\"" + a.name + "\"\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += Base64Lines(a.content);
  }
  out += "--" + mixed + "--\r\n";
  return out;
}

}  // namespace mrtrack::notifier::email
