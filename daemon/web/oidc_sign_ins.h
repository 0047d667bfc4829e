// Sign-ins through the OpenID Connect provider between the redirect to it and
// its answer at /sign-in/oidc/callback, and the names of the people who came
// that way.
//
// Begin() keeps, under a random `state`, the PKCE verifier, the nonce, where
// to go afterwards, and a random `binding` that goes to the browser in the
// short-lived cookie `mrtrack_oidc`. Take() gives a sign-in back once, only
// with its binding, and only within kLifetime: an answer forged for another
// browser (login CSRF) lacks the cookie, and an answer replayed finds
// nothing. At most kMaxPending wait at once, so anonymous requests cannot
// fill the memory.
//
// Thread safety: both classes are safe for concurrent use.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/status.h"

namespace mrtrack::daemon::web {

struct PendingOidcSignIn {
  std::string state;
  std::string binding;        // The cookie's value.
  std::string nonce;
  std::string code_verifier;
  std::string next;           // A local path.
  std::string redirect_uri;   // Sent again with the code, as it was sent to the provider.
  Timestamp expires;
};

class OidcSignIns {
 public:
  static constexpr std::chrono::minutes kLifetime{10};
  static constexpr std::size_t kMaxPending = 10000;

  explicit OidcSignIns(const Clock& clock) : clock_(clock) {}

  // A new pending sign-in with fresh state, binding, nonce and verifier.
  // kResourceExhausted when kMaxPending are waiting.
  Result<PendingOidcSignIn> Begin(const std::string& next, const std::string& redirect_uri);
  // Removes and returns the sign-in of `state` if `binding` is its own.
  // kNotFound when there is none (never begun, used, or expired);
  // kPermissionDenied when the binding differs (it is removed all the same).
  Result<PendingOidcSignIn> Take(const std::string& state, const std::string& binding);

 private:
  void Sweep(Timestamp now) MRTRACK_REQUIRES(mu_);

  const Clock& clock_;
  mutable Mutex mu_;
  std::map<std::string, PendingOidcSignIn> pending_ MRTRACK_GUARDED_BY(mu_);  // By state.
};

// The names the provider gave for the e-mails that signed in through it
// since mrtrackd started: timelines show "Name <e-mail>" for them as for
// [[users]]. Kept in memory only; after a restart a person's e-mail alone
// is shown until they sign in again. One per process (OidcNamesSeen()):
// what a timeline shows of an actor depends on nothing but the actor.
class OidcNames {
 public:
  void Remember(const std::string& email, const std::string& name);
  std::optional<std::string> NameOf(const std::string& email) const;

 private:
  static constexpr std::size_t kMaxNames = 100000;
  mutable Mutex mu_;
  std::map<std::string, std::string> names_ MRTRACK_GUARDED_BY(mu_);
};

OidcNames& OidcNamesSeen();

}  // namespace mrtrack::daemon::web
