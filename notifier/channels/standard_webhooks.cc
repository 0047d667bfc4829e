#include "notifier/channels/standard_webhooks.h"

#include "common/crypto.h"

namespace mrtrack::notifier {

Result<std::string> DecodeWebhookSecret(const std::string& secret) {
  static constexpr std::string_view kPrefix = "whsec_";
  if (secret.compare(0, kPrefix.size(), kPrefix) != 0) {
    return InvalidArgument("webhook secret must be whsec_<base64>", "secret");
  }
  auto key = Base64Decode(std::string_view(secret).substr(kPrefix.size()));
  if (!key.ok() || key->empty()) {
    return InvalidArgument("webhook secret after whsec_ is not base64", "secret");
  }
  return *key;
}

std::string SignStandardWebhook(const std::string& key, const std::string& id, std::int64_t timestamp,
                                const std::string& body) {
  const std::string signed_content = id + "." + std::to_string(timestamp) + "." + body;
  return "v1," + Base64Encode(HmacSha256(key, signed_content));
}

}  // namespace mrtrack::notifier
