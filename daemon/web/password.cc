#include "daemon/web/password.h"

#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <vector>

namespace mrtrack::daemon::web {
namespace {

constexpr std::uint32_t kTimeCost = 2;
constexpr std::uint32_t kMemoryKiB = 19456;
constexpr std::uint32_t kLanes = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  if (password.empty()) return InvalidArgument("the password is empty", "password");
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) return Internal("no random bytes for the salt");
  std::vector<char> encoded(argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id));
  int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, password.data(), password.size(), salt.data(),
                                 salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Internal(std::string("argon2id failed: ") + argon2_error_message(rc));
  return std::string(encoded.data());
}

bool VerifyPassword(const std::string& encoded, std::string_view password) {
  if (encoded.rfind("$argon2id$", 0) != 0 || password.empty()) return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace mrtrack::daemon::web
