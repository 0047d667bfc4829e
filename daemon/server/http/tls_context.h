// TlsContext: the server's OpenSSL context — TLS 1.2 and 1.3 only, on 1.2
// only forward-secret AEAD suites (ECDHE with AES-GCM or ChaCha20-Poly1305),
// the certificate chain and key from PEM files. Reload() reads the files
// again: connections accepted afterwards use the new pair, open ones keep
// theirs; a pair that does not load leaves the current one in force.
//
// Thread safety: Current() and Reload() from any thread.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "common/mutex.h"
#include "common/status.h"

namespace mrtrack::daemon::http {

class TlsContext {
 public:
  // Fails (naming server.tls_certificate) when the pair cannot be loaded.
  static Result<std::unique_ptr<TlsContext>> Load(std::string certificate, std::string private_key);

  std::shared_ptr<boost::asio::ssl::context> Current() const;
  Status Reload();

 private:
  TlsContext(std::string certificate, std::string private_key)
      : certificate_(std::move(certificate)), private_key_(std::move(private_key)) {}

  const std::string certificate_, private_key_;
  mutable Mutex mu_;
  std::shared_ptr<boost::asio::ssl::context> current_ MRTRACK_GUARDED_BY(mu_);
};

// A server context with the policy above and the given PEM files.
Result<std::shared_ptr<boost::asio::ssl::context>> MakeServerContext(const std::string& certificate,
                                                                     const std::string& private_key);

}  // namespace mrtrack::daemon::http
