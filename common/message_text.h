// Untrusted values inside error and log messages: quoted and cut, so that a
// 1 MB field value in a request does not come back as a 1 MB error message.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mrtrack {

// Default: the first 64 bytes of a value are shown.
inline constexpr std::size_t kMessageValueBytes = 64;

// `value` as it goes into a message: between `quote`s (none when '\0'); past
// max_bytes cut at a character boundary and marked: "abc…" (cut, 1048576 bytes).
std::string MessageValue(std::string_view value, char quote = '"', std::size_t max_bytes = kMessageValueBytes);

// A field name or path taken from the input (an unknown key), cut the same way, unquoted.
std::string MessageField(std::string_view name, std::size_t max_bytes = kMessageValueBytes);

}  // namespace mrtrack
