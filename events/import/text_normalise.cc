#include "events/import/text_normalise.h"

#include <cctype>

#include "events/import/latin_letters.h"

namespace mrtrack::events::import {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kNbsp = "\xC2\xA0";
constexpr std::string_view kRightSingleQuote = "\xE2\x80\x99";  // ’ : the apostrophe slips stand for.

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Multi-byte characters the matchers treat as ASCII: curly quotes, dashes and
// the no-break space. Returns the replacement and sets `len` to the bytes used,
// or returns '\0' when s[i] starts none of them.
char FoldSpecial(std::string_view s, std::size_t i, std::size_t& len) {
  if (s.substr(i, 2) == kNbsp) {
    len = 2;
    return ' ';
  }
  if (s.size() >= i + 3 && s[i] == '\xE2' && s[i + 1] == '\x80') {
    len = 3;
    switch (s[i + 2]) {
      case '\x98': case '\x99': case '\x9B': return '\'';   // ‘ ’ ‛
      case '\x9C': case '\x9D': case '\x9F': return '"';    // “ ” ‟
      case '\x93': case '\x94': return '-';                 // – —
      default: break;
    }
  }
  len = 1;
  return '\0';
}

bool IsBlank(std::string_view s, std::size_t i, std::size_t& len) {
  if (s[i] == ' ' || s[i] == '\t') {
    len = 1;
    return true;
  }
  if (s.substr(i, 2) == kNbsp) {
    len = 2;
    return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> SplitLines(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  std::vector<std::string> lines;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      lines.push_back(std::move(current));
      current.clear();
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) lines.push_back(std::move(current));
  return lines;
}

std::optional<std::size_t> FirstInvalidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size() || (len == 2 && b < 0xC2)) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::nullopt;
}

bool IsApostropheSlip(std::string_view s, std::size_t i) {
  if (i == 0 || i >= s.size() || s[i] != '?' || !IsAsciiLetter(s[i - 1])) return false;
  static constexpr std::string_view kEndings[] = {"s", "t", "d", "m", "ll", "re", "ve"};
  for (std::string_view e : kEndings) {
    if (s.size() < i + 1 + e.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < e.size(); ++k) same = same && Lower(s[i + 1 + k]) == e[k];
    std::size_t after = i + 1 + e.size();
    if (same && (after == s.size() || !IsWordByte(s[after]))) return true;
  }
  return false;
}

std::string CleanLine(std::string_view line, bool* repaired) {
  std::string out;
  out.reserve(line.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t len = 1;
    if (IsBlank(line, i, len)) {
      pending_space = !out.empty();
      i += len;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    if (IsApostropheSlip(line, i)) {
      out += kRightSingleQuote;
      if (repaired != nullptr) *repaired = true;
    } else {
      out.push_back(line[i]);
    }
    ++i;
  }
  return out;
}

std::string CleanText(std::string_view text) {
  std::string out;
  for (const std::string& line : SplitLines(text)) {
    if (!out.empty()) out += "\n";
    out += CleanLine(line);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

FoldedText Fold(std::string_view s, bool fold_letters) {
  FoldedText f;
  f.text.reserve(s.size());
  f.origin.reserve(s.size() + 1);
  bool last_space = false;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 1;
    if (IsBlank(s, i, len) || s[i] == '\n') {
      if (!last_space) {
        f.text.push_back(' ');
        f.origin.push_back(i);
      }
      last_space = true;
      i += len;
      continue;
    }
    last_space = false;
    char c = FoldSpecial(s, i, len);
    if (c == '\0' && fold_letters && static_cast<unsigned char>(s[i]) >= 0x80) {
      CodePoint cp = DecodeAt(s, i);
      if (std::string_view base = BaseLetters(cp.value); !base.empty()) {
        for (char b : base) {  // "Æ" gives two letters, both mapped to where it starts
          f.text.push_back(b);
          f.origin.push_back(i);
        }
        i += cp.length;
        continue;
      }
    }
    if (c == '\0') c = IsApostropheSlip(s, i) ? '\'' : Lower(s[i]);
    f.text.push_back(c);
    f.origin.push_back(i);
    i += len;
  }
  f.origin.push_back(s.size());
  return f;
}

std::string FoldKey(std::string_view s) { return std::string(Trim(Fold(s).text)); }

std::string NormaliseForId(std::string_view s) {
  std::string folded = Fold(s, /*fold_letters=*/false).text;  // ids predate letter folding: keep them stable
  std::string out;
  for (char c : folded) {
    if (c == '\'' || c == '"' || c == '`') continue;  // quotes vanish: "women's" == "womens"
    bool punct = (c >= 0 && c < 0x7F) && std::ispunct(static_cast<unsigned char>(c)) != 0;
    if (punct || c == ' ') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string Excerpt(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return std::string(s.substr(0, cut)) + "...";
}

bool IsWordByte(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u) != 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool StartsWithFolded(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(text[i]) != Lower(prefix[i])) return false;
  }
  return true;
}

}  // namespace mrtrack::events::import
