#include "notifier/channels/smtp_channel.h"

#include <cstring>
#include <mutex>

#include <curl/curl.h>

namespace mrtrack::notifier {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t ReadBody(char* buffer, std::size_t size, std::size_t nitems, void* userdata) {
  auto* up = static_cast<Upload*>(userdata);
  const std::size_t room = size * nitems;
  const std::size_t left = up->data->size() - up->offset;
  const std::size_t n = std::min(room, left);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

bool PermanentCurlError(CURLcode code) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_AUTH_ERROR:
      return true;
    default:
      return false;
  }
}

// A curl easy handle that is cleaned up on every path.
struct Easy {
  CURL* h = curl_easy_init();
  curl_slist* rcpt = nullptr;
  ~Easy() {
    curl_slist_free_all(rcpt);
    if (h != nullptr) curl_easy_cleanup(h);
  }
};

}  // namespace

SmtpChannel::SmtpChannel(config::SmtpOptions options, std::string organisation_name, const Clock& clock)
    : options_(std::move(options)), sender_{std::move(organisation_name), options_.from}, clock_(clock) {
  GlobalInit();
}

DeliveryResult SmtpChannel::Deliver(const OutgoingMessage& message, int /*attempt*/) {
  std::string recipient;
  for (const auto& to : message.to) recipient += (recipient.empty() ? "" : ", ") + to;
  if (message.to.empty()) return DeliveryResult::Permanent(recipient, "no e-mail recipients");
  const std::string body = email::BuildMimeMessage(message, sender_, clock_.Now());

  Easy easy;
  if (easy.h == nullptr) return DeliveryResult::Retryable(recipient, "curl_easy_init failed");
  for (const auto& to : message.to) easy.rcpt = curl_slist_append(easy.rcpt, ("<" + to + ">").c_str());
  Upload upload{&body};
  char errbuf[CURL_ERROR_SIZE] = {0};
  const long timeout = static_cast<long>(options_.timeout.count());
  const bool implicit_tls = options_.url.rfind("smtps://", 0) == 0;
  curl_easy_setopt(easy.h, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(easy.h, CURLOPT_MAIL_FROM, ("<" + options_.from + ">").c_str());
  curl_easy_setopt(easy.h, CURLOPT_MAIL_RCPT, easy.rcpt);
  curl_easy_setopt(easy.h, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 0L);  // Sic: curl 7.88 spells it with three Ls.
  curl_easy_setopt(easy.h, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(easy.h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(easy.h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy.h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(easy.h, CURLOPT_CONNECTTIMEOUT, timeout);
  curl_easy_setopt(easy.h, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt(easy.h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy.h, CURLOPT_ERRORBUFFER, errbuf);
  if (!implicit_tls) {
    curl_easy_setopt(easy.h, CURLOPT_USE_SSL, options_.starttls ? static_cast<long>(CURLUSESSL_ALL)
                                                                 : static_cast<long>(CURLUSESSL_NONE));
  }
  if (!options_.username.empty()) {
    curl_easy_setopt(easy.h, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(easy.h, CURLOPT_PASSWORD, options_.password.c_str());
  }
  const CURLcode code = curl_easy_perform(easy.h);
  long reply = 0;
  curl_easy_getinfo(easy.h, CURLINFO_RESPONSE_CODE, &reply);
  if (code == CURLE_OK) return DeliveryResult::Delivered(recipient, "smtp " + std::to_string(reply));

  std::string error = std::string("smtp: ") + curl_easy_strerror(code);
  if (errbuf[0] != '\0') error += ": " + std::string(errbuf);
  if (reply != 0) error += " (server replied " + std::to_string(reply) + ")";
  if (reply >= 500 || PermanentCurlError(code)) return DeliveryResult::Permanent(recipient, error);
  return DeliveryResult::Retryable(recipient, error);
}

}  // namespace mrtrack::notifier
