// Sessions of the people signed in to the web app, and the slowing down of
// password guesses.
//
// A session is known by a random 256-bit id carried in the HttpOnly cookie
// `mrtrack_session`; it holds the person (as a Principal: the actor recorded
// for their changes is their e-mail) and the CSRF token every form of theirs
// carries. It ends after `idle` without a request, `max` after sign-in, or
// at sign-out. Sessions live in memory: a restart of mrtrackd signs everyone
// out, which is the safe direction.
//
// Thread safety: SessionStore and SignInThrottle are safe for concurrent use.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/mutex.h"
#include "daemon/server/route_table.h"

namespace mrtrack::daemon::web {

struct Session {
  std::string id;    // The cookie's value (64 hex digits).
  std::string csrf;  // The token each form sends back (64 hex digits).
  Principal principal;
  std::string display_name;  // The person's name, for the page header.
  Timestamp created;
  Timestamp last_seen;
};

struct SessionLimits {
  std::chrono::seconds idle{30 * 60};
  std::chrono::seconds max{12 * 3600};
};

class SessionStore {
 public:
  explicit SessionStore(const Clock& clock) : clock_(clock) {}

  Session Create(Principal principal, std::string display_name);
  // The live session of `id`, its last use moved to now; nullopt when there
  // is none or it has timed out under `limits` (then it is removed).
  std::optional<Session> Touch(const std::string& id, const SessionLimits& limits);
  // The same without moving its last use: what a page does by itself (its
  // live updates) does not keep an unattended session alive.
  std::optional<Session> Peek(const std::string& id, const SessionLimits& limits) const;
  void End(const std::string& id);
  std::size_t size() const;

 private:
  // Drops timed-out sessions.
  void Sweep(Timestamp now, const SessionLimits& limits) MRTRACK_REQUIRES(mu_);

  const Clock& clock_;
  mutable Mutex mu_;
  std::map<std::string, Session> sessions_ MRTRACK_GUARDED_BY(mu_);
  Timestamp last_sweep_ MRTRACK_GUARDED_BY(mu_) = Timestamp();
};

// Slows down password guessing per e-mail: after kFreeFailures failed
// attempts, the next attempt must wait kFirstWait after the last failure,
// doubling with each further failure, at most 15 minutes, before it is even
// checked. A success clears the count. Refusing rather than sleeping keeps
// worker threads free.
class SignInThrottle {
 public:
  static constexpr int kFreeFailures = 5;
  static constexpr std::chrono::seconds kFirstWait{30};
  explicit SignInThrottle(const Clock& clock) : clock_(clock) {}

  // How long `email` must still wait before an attempt is checked (zero: go).
  std::chrono::seconds WaitFor(const std::string& email) const;
  void Failed(const std::string& email);
  void Succeeded(const std::string& email);

 private:
  struct Failures {
    int count = 0;
    Timestamp last{};
  };
  const Clock& clock_;
  mutable Mutex mu_;
  std::map<std::string, Failures> failures_ MRTRACK_GUARDED_BY(mu_);  // Keys in lower case.
};

// 32 random bytes as 64 hex digits.
std::string RandomToken();

}  // namespace mrtrack::daemon::web
