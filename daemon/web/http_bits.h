// The small pieces of HTTP the web app handles itself, over the transport's
// RequestContext and Reply: cookies, form bodies, URL encoding, the security
// headers every page carries, HTML replies and redirects.
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/server/route_table.h"

namespace mrtrack::daemon::web {

// The session cookie's name.
inline constexpr char kSessionCookie[] = "mrtrack_session";

// The value of cookie `name` in the request's Cookie header, or nullopt.
std::optional<std::string> CookieValue(const RequestContext& ctx, std::string_view name);

// A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/, Secure when `secure`;
// an empty value with max_age 0 deletes it.
std::string SessionCookie(const std::string& value, bool secure, long max_age_seconds);

// application/x-www-form-urlencoded (or a URL's query) decoded: name -> values.
using Form = std::multimap<std::string, std::string>;
Form ParseForm(std::string_view body);
// The first value of `name`, or "".
std::string FormValue(const Form& form, const std::string& name);

// One part of a multipart/form-data body (RFC 7578).
struct FormPart {
  std::string name;
  std::string filename;      // Empty for plain fields.
  std::string content_type;  // The part's Content-Type, if it has one.
  std::string content;
};
// The parts of a multipart/form-data request; kInvalidArgument when the body
// does not follow its boundary.
Result<std::vector<FormPart>> ParseMultipart(const RequestContext& ctx);

// A form as posted, urlencoded or multipart: its fields, and its files (the
// parts with a file name and content; a file input left empty sends none).
struct PostedForm {
  Form fields;
  std::vector<FormPart> files;
};
Result<PostedForm> ReadPostedForm(const RequestContext& ctx);

std::string UrlDecode(std::string_view text);
// Percent-encodes everything but unreserved characters (RFC 3986).
std::string UrlEncode(std::string_view text);

// Headers for every web reply: Content-Security-Policy (no inline script or
// style, nothing from other origins), X-Frame-Options DENY, Referrer-Policy
// same-origin, X-Content-Type-Options nosniff; pages are not cached.
void AddSecurityHeaders(Reply& reply, bool cacheable = false);

Reply HtmlReply(std::string html, int status = 200);
// 303 See Other to a local path (a form's POST answered with a GET).
Reply Redirect(const std::string& location);
// Whether `path` is a safe local redirect target ("/..." but not "//...").
bool IsLocalPath(std::string_view path);

// Whether the request came through TLS (the server has a certificate): then
// cookies are Secure.
bool ServedOverTls(const RequestContext& ctx);

}  // namespace mrtrack::daemon::web
