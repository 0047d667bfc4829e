#include "daemon/server/auth.h"

#include <openssl/crypto.h>

#include <algorithm>

#include "common/crypto.h"

namespace mrtrack::daemon {
namespace {

Status Unauthenticated(std::string message) {
  return Status(StatusCode::kUnauthenticated, std::move(message), "Authorization");
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}

}  // namespace

Authenticator::Authenticator(const std::vector<config::Token>& tokens) {
  for (const config::Token& token : tokens) {
    auto digest = HexDecode(token.sha256);
    // Validation at config load guarantees 64 hex digits; skip anything else.
    if (!digest.ok() || digest->size() != 32) continue;
    entries_.push_back({*digest, Principal{token.name, token.role, token.units}});
  }
}

Result<Principal> Authenticator::Authenticate(std::string_view header) const {
  if (header.empty()) return Unauthenticated("missing bearer token: send 'Authorization: Bearer <token>'");
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), header.begin(),
                  [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
    return Unauthenticated("the Authorization header must use the Bearer scheme");
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
  if (token.empty()) return Unauthenticated("empty bearer token");

  Sha256Digest digest = Sha256(token);
  const Entry* found = nullptr;
  // Compare against every entry so the time taken does not depend on which matched.
  for (const Entry& entry : entries_) {
    if (CRYPTO_memcmp(entry.digest.data(), digest.data(), digest.size()) == 0) found = &entry;
  }
  if (found == nullptr) return Unauthenticated("unknown bearer token");
  return found->principal;
}

bool RoleAllows(config::Role role, Access access) {
  using config::Role;
  switch (access) {
    case Access::kPublic:
    case Access::kView:
    case Access::kWebPublic:
    case Access::kWebSession:  // Each page's reads and changes go through the API's own checks.
      return true;
    case Access::kHistory:
      return role != Role::kReader;
    case Access::kAudit:
      return role == Role::kAdmin || role == Role::kAuditor || role == Role::kValidator;
    case Access::kCommand:
      return role == Role::kAdmin || role == Role::kEditor;
    case Access::kImport:
    case Access::kAdmin:
      return role == Role::kAdmin;
    case Access::kValidate:
      return role == Role::kAdmin || role == Role::kValidator;
    case Access::kUpload:
      return role == Role::kAdmin || role == Role::kValidator || role == Role::kEditor;
  }
  return false;
}

Status CheckMayChangeAction(const Principal& principal, const std::vector<std::string>& action_units) {
  if (principal.role == config::Role::kAdmin) return Status::Ok();
  if (principal.role == config::Role::kEditor) {
    for (const auto& unit : action_units) {
      if (std::find(principal.units.begin(), principal.units.end(), unit) != principal.units.end()) return Status::Ok();
    }
    return Status(StatusCode::kPermissionDenied, "token '" + principal.name + "' may change actions of " +
                                                     Join(principal.units) + "; this action belongs to " +
                                                     Join(action_units));
  }
  return Status(StatusCode::kPermissionDenied,
                std::string("role ") + config::RoleName(principal.role) + " may not change key actions");
}

}  // namespace mrtrack::daemon
