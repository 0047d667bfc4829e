#include "daemon/web/oidc_sign_ins.h"

#include <openssl/crypto.h>

#include "daemon/web/sessions.h"

namespace mrtrack::daemon::web {

Result<PendingOidcSignIn> OidcSignIns::Begin(const std::string& next, const std::string& redirect_uri) {
  const Timestamp now = clock_.Now();
  PendingOidcSignIn p{RandomToken(), RandomToken(), RandomToken(), RandomToken(), next, redirect_uri,
                      now + std::chrono::duration_cast<Timestamp::duration>(kLifetime)};
  MutexLock lock(&mu_);
  Sweep(now);
  if (pending_.size() >= kMaxPending) {
    return Status(StatusCode::kResourceExhausted, "too many sign-ins are under way; try again in a few minutes");
  }
  pending_.emplace(p.state, p);
  return p;
}

Result<PendingOidcSignIn> OidcSignIns::Take(const std::string& state, const std::string& binding) {
  MutexLock lock(&mu_);
  Sweep(clock_.Now());
  auto it = pending_.find(state);
  if (it == pending_.end()) return NotFound("no sign-in under way has this state");
  PendingOidcSignIn p = std::move(it->second);
  pending_.erase(it);
  if (binding.size() != p.binding.size() || CRYPTO_memcmp(binding.data(), p.binding.data(), binding.size()) != 0) {
    return Status(StatusCode::kPermissionDenied, "the sign-in was not begun in this browser");
  }
  return p;
}

void OidcSignIns::Sweep(Timestamp now) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    it = it->second.expires <= now ? pending_.erase(it) : std::next(it);
  }
}

void OidcNames::Remember(const std::string& email, const std::string& name) {
  MutexLock lock(&mu_);
  if (names_.size() >= kMaxNames && names_.count(email) == 0) return;
  names_[email] = name;
}

std::optional<std::string> OidcNames::NameOf(const std::string& email) const {
  MutexLock lock(&mu_);
  auto it = names_.find(email);
  if (it == names_.end()) return std::nullopt;
  return it->second;
}

OidcNames& OidcNamesSeen() {
  static OidcNames names;
  return names;
}

}  // namespace mrtrack::daemon::web
