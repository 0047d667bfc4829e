#include "daemon/web/sessions.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "common/crypto.h"

namespace mrtrack::daemon::web {
namespace {

constexpr std::chrono::minutes kSweepEvery{1};
constexpr std::chrono::seconds kMaxWait{15 * 60};
// Failure counts older than this are forgotten.
constexpr std::chrono::hours kForgetFailuresAfter{24};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool Expired(const Session& s, Timestamp now, const SessionLimits& limits) {
  return now - s.last_seen >= limits.idle || now - s.created >= limits.max;
}

}  // namespace

std::string RandomToken() {
  std::array<unsigned char, 32> bytes{};
  // Without randomness there is no safe session: this is fatal, not an error value.
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) throw std::runtime_error("RAND_bytes failed");
  return HexEncode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Session SessionStore::Create(Principal principal, std::string display_name) {
  Session s;
  s.id = RandomToken();
  s.csrf = RandomToken();
  s.principal = std::move(principal);
  s.display_name = std::move(display_name);
  s.created = s.last_seen = clock_.Now();
  MutexLock lock(&mu_);
  sessions_[s.id] = s;
  return s;
}

std::optional<Session> SessionStore::Touch(const std::string& id, const SessionLimits& limits) {
  Timestamp now = clock_.Now();
  MutexLock lock(&mu_);
  Sweep(now, limits);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (Expired(it->second, now, limits)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

std::optional<Session> SessionStore::Peek(const std::string& id, const SessionLimits& limits) const {
  Timestamp now = clock_.Now();
  MutexLock lock(&mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end() || Expired(it->second, now, limits)) return std::nullopt;
  return it->second;
}

void SessionStore::End(const std::string& id) {
  MutexLock lock(&mu_);
  sessions_.erase(id);
}

std::size_t SessionStore::size() const {
  MutexLock lock(&mu_);
  return sessions_.size();
}

void SessionStore::Sweep(Timestamp now, const SessionLimits& limits) {
  if (now - last_sweep_ < kSweepEvery) return;
  last_sweep_ = now;
  std::erase_if(sessions_, [&](const auto& entry) { return Expired(entry.second, now, limits); });
}

std::chrono::seconds SignInThrottle::WaitFor(const std::string& email) const {
  MutexLock lock(&mu_);
  auto it = failures_.find(Lower(email));
  if (it == failures_.end() || it->second.count < kFreeFailures) return std::chrono::seconds(0);
  int doublings = std::min(it->second.count - kFreeFailures, 10);
  std::chrono::seconds wait = std::min<std::chrono::seconds>(kFirstWait * (1LL << doublings), kMaxWait);
  auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now() - it->second.last);
  return elapsed >= wait ? std::chrono::seconds(0) : wait - elapsed;
}

void SignInThrottle::Failed(const std::string& email) {
  Timestamp now = clock_.Now();
  MutexLock lock(&mu_);
  std::erase_if(failures_, [&](const auto& entry) { return now - entry.second.last > kForgetFailuresAfter; });
  Failures& f = failures_[Lower(email)];
  f.count++;
  f.last = now;
}

void SignInThrottle::Succeeded(const std::string& email) {
  MutexLock lock(&mu_);
  failures_.erase(Lower(email));
}

}  // namespace mrtrack::daemon::web
