#include "notifier/channels/rfc2047.h"

#include "common/crypto.h"

namespace mrtrack::notifier::email {
namespace {

// Raw bytes per encoded-word: 45 bytes -> 60 base64 characters, plus the
// 12 of "=?UTF-8?B?" and "?=" makes 72 <= 75.
constexpr std::size_t kMaxWordBytes = 45;

bool PrintableAscii(const std::string& s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) return false;
  }
  return true;
}

std::string OneLine(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

}  // namespace

std::string EncodeHeaderText(const std::string& raw) {
  const std::string text = OneLine(raw);
  if (PrintableAscii(text)) return text;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = std::min(text.size(), i + kMaxWordBytes);
    // Back off to the start of a UTF-8 character.
    while (end < text.size() && end > i && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64Encode(std::string_view(text).substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string FormatAddress(const std::string& name, const std::string& address) {
  if (name.empty()) return address;
  const std::string one = OneLine(name);
  if (PrintableAscii(one)) {
    std::string quoted = "\"";
    for (char c : one) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\" <" + address + ">";
  }
  return EncodeHeaderText(one) + " <" + address + ">";
}

}  // namespace mrtrack::notifier::email
