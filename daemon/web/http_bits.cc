#include "daemon/web/http_bits.h"

#include <cctype>

#include "daemon/server/http/request_adapter.h"
#include "daemon/server/runtime_config.h"

namespace mrtrack::daemon::web {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> CookieValue(const RequestContext& ctx, std::string_view name) {
  auto [begin, end] = ctx.headers.equal_range("cookie");
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      std::size_t semi = rest.find(';');
      std::string_view pair = Trim(rest.substr(0, semi));
      std::size_t eq = pair.find('=');
      if (eq != std::string_view::npos && Trim(pair.substr(0, eq)) == name) return std::string(Trim(pair.substr(eq + 1)));
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
  }
  return std::nullopt;
}

std::string SessionCookie(const std::string& value, bool secure, long max_age_seconds) {
  std::string cookie = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
  if (secure) cookie += "; Secure";
  if (max_age_seconds >= 0) cookie += "; Max-Age=" + std::to_string(max_age_seconds);
  return cookie;
}

// Forms decode as query strings do: '+' is a space.
std::string UrlDecode(std::string_view text) { return http::PercentDecode(text, /*plus_is_space=*/true); }

std::string UrlEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

namespace {

// The value of `key="..."` (or key=token) in a header value, or "".
std::string HeaderParam(std::string_view header, std::string_view key) {
  std::string needle = std::string(key) + "=";
  std::size_t at = 0;
  while ((at = header.find(needle, at)) != std::string_view::npos) {
    bool starts = at == 0 || header[at - 1] == ' ' || header[at - 1] == ';';
    at += needle.size();
    if (!starts) continue;
    if (at < header.size() && header[at] == '"') {
      std::size_t end = header.find('"', at + 1);
      return std::string(header.substr(at + 1, end == std::string_view::npos ? end : end - at - 1));
    }
    std::size_t end = header.find(';', at);
    return std::string(Trim(header.substr(at, end == std::string_view::npos ? end : end - at)));
  }
  return "";
}

}  // namespace

Result<std::vector<FormPart>> ParseMultipart(const RequestContext& ctx) {
  std::string boundary = HeaderParam(ctx.Header("content-type"), "boundary");
  if (boundary.empty()) return InvalidArgument("a multipart body needs its boundary", "Content-Type");
  const std::string delimiter = "--" + boundary;
  std::string_view body = ctx.body;
  std::size_t at = body.find(delimiter);
  if (at == std::string_view::npos) return InvalidArgument("the multipart body has no part", "body");
  std::vector<FormPart> parts;
  while (true) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return parts;  // The closing delimiter.
    if (body.substr(at, 2) != "\r\n") return InvalidArgument("malformed multipart delimiter line", "body");
    at += 2;
    std::size_t headers_end = body.find("\r\n\r\n", at);
    std::size_t next = body.find("\r\n" + delimiter, at);
    if (headers_end == std::string_view::npos || next == std::string_view::npos || headers_end > next) {
      return InvalidArgument("a multipart part is not terminated", "body");
    }
    FormPart part;
    std::string_view headers = body.substr(at, headers_end - at);
    while (!headers.empty()) {
      std::size_t eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      std::size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name(Trim(line.substr(0, colon)));
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name == "content-disposition") {
          part.name = HeaderParam(line.substr(colon + 1), "name");
          part.filename = HeaderParam(line.substr(colon + 1), "filename");
        } else if (name == "content-type") {
          part.content_type = std::string(Trim(line.substr(colon + 1)));
        }
      }
      if (eol == std::string_view::npos) break;
      headers.remove_prefix(eol + 2);
    }
    part.content = std::string(body.substr(headers_end + 4, next - headers_end - 4));
    parts.push_back(std::move(part));
    at = next + 2;
  }
}

Result<PostedForm> ReadPostedForm(const RequestContext& ctx) {
  PostedForm form;
  if (ctx.ContentType() != "multipart/form-data") {
    form.fields = ParseForm(ctx.body);
    return form;
  }
  MRTRACK_ASSIGN_OR_RETURN(auto parts, ParseMultipart(ctx));
  for (auto& part : parts) {
    if (part.filename.empty()) {
      form.fields.emplace(part.name, std::move(part.content));
    } else if (!part.content.empty()) {
      form.files.push_back(std::move(part));
    }
  }
  return form;
}

Form ParseForm(std::string_view body) {
  Form form;
  while (!body.empty()) {
    std::size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      std::string name = UrlDecode(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos ? std::string() : UrlDecode(pair.substr(eq + 1));
      form.emplace(std::move(name), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return form;
}

std::string FormValue(const Form& form, const std::string& name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

void AddSecurityHeaders(Reply& reply, bool cacheable) {
  reply.headers.emplace_back("Content-Security-Policy",
                             "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                             "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  reply.headers.emplace_back("X-Frame-Options", "DENY");
  reply.headers.emplace_back("Referrer-Policy", "same-origin");
  reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
  reply.headers.emplace_back("Cache-Control", cacheable ? "public, max-age=3600" : "no-store");
}

Reply HtmlReply(std::string html, int status) {
  Reply reply;
  reply.status = status;
  reply.content_type = "text/html; charset=utf-8";
  reply.body = std::move(html);
  AddSecurityHeaders(reply);
  return reply;
}

Reply Redirect(const std::string& location) {
  Reply reply = HtmlReply("", 303);
  reply.headers.emplace_back("Location", IsLocalPath(location) ? location : "/");
  return reply;
}

bool IsLocalPath(std::string_view path) {
  return !path.empty() && path.front() == '/' && (path.size() == 1 || (path[1] != '/' && path[1] != '\\'));
}

bool ServedOverTls(const RequestContext& ctx) {
  return ctx.runtime != nullptr && !ctx.runtime->config().server.tls_certificate.empty();
}

}  // namespace mrtrack::daemon::web
