#include "events/import/latin_letters.h"

namespace mrtrack::events::import {
namespace {

// Base letters of U+00C0-U+00FF, one or two per code point ('\0' pads); "" for × and ÷.
constexpr std::string_view kLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0-CF
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0-EF
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0-FF
};

// Base letters of U+0100-U+017F, one per code point (ligatures in kLigatures).
constexpr std::string_view kExtendedA =
    "aaaaaacccccccc"      // 0100-010D
    "dddd"                // 010E-0111
    "eeeeeeeeee"          // 0112-011B
    "gggggggg"            // 011C-0123
    "hhhh"                // 0124-0127
    "iiiiiiiiii"          // 0128-0131
    "ii"                  // 0132-0133 (IJ, ij: see kLigatures)
    "jj"                  // 0134-0135
    "kkk"                 // 0136-0138
    "llllllllll"          // 0139-0142
    "nnnnnnnnn"           // 0143-014B
    "oooooo"              // 014C-0151
    "oo"                  // 0152-0153 (Œ, œ: see kLigatures)
    "rrrrrr"              // 0154-0159
    "ssssssss"            // 015A-0161
    "tttttt"              // 0162-0167
    "uuuuuuuuuuuu"        // 0168-0173
    "ww"                  // 0174-0175
    "yyy"                 // 0176-0178
    "zzzzzz"              // 0179-017E
    "s";                  // 017F
static_assert(kExtendedA.size() == 128);

// Upper case in U+0100-U+017F: even code points are capitals, except in the
// runs U+0139-U+0148 and U+0179-U+017E where the odd ones are; and the
// singletons ı (0131), ĸ (0138), ŉ (0149), Ÿ (0178), ſ (017F).
bool UpperExtendedA(std::uint32_t cp) {
  if (cp == 0x0131 || cp == 0x0138 || cp == 0x0149 || cp == 0x017F) return false;
  if (cp == 0x0178) return true;
  bool odd = (cp & 1U) != 0;
  if ((cp >= 0x0139 && cp <= 0x0148) || (cp >= 0x0179 && cp <= 0x017E)) return odd;
  return !odd;
}

}  // namespace

CodePoint DecodeAt(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len <= 1 || i + len > s.size()) return {b, 1};
  std::uint32_t cp = len == 2 ? (b & 0x1FU) : len == 3 ? (b & 0x0FU) : (b & 0x07U);
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return {b, 1};
    cp = (cp << 6) | (c & 0x3FU);
  }
  return {cp, len};
}

bool IsUpperLatin(std::uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return true;
  if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
  if (cp >= 0x0100 && cp <= 0x017F) return UpperExtendedA(cp);
  return false;
}

bool IsLowerLatin(std::uint32_t cp) {
  if (cp >= 'a' && cp <= 'z') return true;
  if (cp >= 0xDF && cp <= 0xFF) return cp != 0xF7;
  if (cp >= 0x0100 && cp <= 0x017F) return !UpperExtendedA(cp);
  return false;
}

std::string_view BaseLetters(std::uint32_t cp) {
  static constexpr std::string_view kAscii = "abcdefghijklmnopqrstuvwxyz";
  if (cp >= 'a' && cp <= 'z') return kAscii.substr(cp - 'a', 1);
  if (cp >= 'A' && cp <= 'Z') return kAscii.substr(cp - 'A', 1);
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
  if (cp == 0x0132 || cp == 0x0133) return "ij";
  if (cp == 0x0152 || cp == 0x0153) return "oe";
  if (cp >= 0x0100 && cp <= 0x017F) return kExtendedA.substr(cp - 0x0100, 1);
  return {};
}

bool StartsWithCapital(std::string_view s, std::size_t i) {
  if (i >= s.size()) return false;
  return IsUpperLatin(DecodeAt(s, i).value);
}

}  // namespace mrtrack::events::import
