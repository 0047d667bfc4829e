#include "daemon/server/http/request_adapter.h"

#include <algorithm>
#include <cctype>

namespace mrtrack::daemon::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::string TargetPath(std::string_view target) {
  return PercentDecode(target.substr(0, target.find('?')), false);
}

bool ValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == ':' || c == '-';
  });
}

RequestContext ToRequestContext(Request&& request) {
  RequestContext ctx = ToRequestContext(request.base());
  ctx.body = std::move(request.body());
  return ctx;
}

RequestContext ToRequestContext(const boost::beast::http::request_header<>& request) {
  RequestContext ctx;
  ctx.method = std::string(request.method_string());
  std::string_view target(request.target().data(), request.target().size());
  ctx.path = TargetPath(target);
  auto question = target.find('?');
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      auto amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
      if (pair.empty()) continue;
      auto eq = pair.find('=');
      std::string_view name = pair.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      ctx.query.emplace(PercentDecode(name, true), PercentDecode(value, true));
    }
  }
  for (const auto& field : request) {
    ctx.headers.emplace(Lower(std::string_view(field.name_string().data(), field.name_string().size())),
                        std::string(field.value()));
  }
  return ctx;
}

}  // namespace mrtrack::daemon::http
