#include "daemon/server/http/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace mrtrack::daemon::http {
namespace {

namespace ssl = boost::asio::ssl;

// TLS 1.2: forward secrecy (ECDHE) and AEAD only, strongest first. TLS 1.3
// suites are all forward-secret AEAD; OpenSSL's defaults stay.
constexpr char kTls12Ciphers[] =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";

}  // namespace

Result<std::shared_ptr<ssl::context>> MakeServerContext(const std::string& certificate,
                                                        const std::string& private_key) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    return Internal("OpenSSL refuses the TLS 1.2 cipher list");
  }
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(certificate, ec);
  if (!ec) ctx->use_private_key_file(private_key, ssl::context::pem, ec);
  if (!ec && SSL_CTX_check_private_key(native) != 1) ec = boost::system::error_code(EINVAL, boost::system::generic_category());
  if (ec) {
    ERR_clear_error();
    return InvalidArgument("cannot load the TLS certificate '" + certificate + "' and its private key '" +
                               private_key + "': " + ec.message(),
                           "server.tls_certificate");
  }
  return ctx;
}

Result<std::unique_ptr<TlsContext>> TlsContext::Load(std::string certificate, std::string private_key) {
  std::unique_ptr<TlsContext> tls(new TlsContext(std::move(certificate), std::move(private_key)));
  MRTRACK_ASSIGN_OR_RETURN(auto first, MakeServerContext(tls->certificate_, tls->private_key_));
  {
    MutexLock lock(&tls->mu_);
    tls->current_ = std::move(first);
  }
  return tls;
}

std::shared_ptr<ssl::context> TlsContext::Current() const {
  MutexLock lock(&mu_);
  return current_;
}

Status TlsContext::Reload() {
  MRTRACK_ASSIGN_OR_RETURN(auto next, MakeServerContext(certificate_, private_key_));
  MutexLock lock(&mu_);
  current_ = std::move(next);
  return Status::Ok();
}

}  // namespace mrtrack::daemon::http
