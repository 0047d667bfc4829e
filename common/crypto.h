// Hashes, encodings and random ids, all from OpenSSL.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace mrtrack {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);
// SHA-256 over the concatenation a || b, without copying them together.
Sha256Digest Sha256Concat(std::string_view a, std::string_view b);
std::string HmacSha256(std::string_view key, std::string_view message);

std::string HexEncode(std::string_view bytes);
inline std::string HexEncode(const Sha256Digest& d) {
  return HexEncode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}
Result<std::string> HexDecode(std::string_view hex);
std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

// A random RFC 4122 version 4 UUID in lower-case canonical form.
std::string RandomUuid();
// True for the canonical 8-4-4-4-12 hex form (either case).
bool IsUuid(std::string_view text);

}  // namespace mrtrack
