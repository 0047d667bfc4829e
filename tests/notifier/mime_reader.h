// A small reader of the e-mail messages the tests receive: headers (unfolded,
// RFC 2047 words decoded), MIME parts split at their boundaries, base64
// bodies decoded. Independent of the code that writes them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/crypto.h"

namespace mrtrack::notifier_test {

struct MimePart {
  std::map<std::string, std::string> headers;  // Lower-case names.
  std::string body;                            // Decoded when base64.
  std::vector<MimePart> parts;                 // For multipart/*.
};

inline std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "=?UTF-8?B?...?=" words decoded; whitespace between two words dropped.
inline std::string DecodeWords(const std::string& value) {
  std::string out;
  std::size_t i = 0;
  bool last_was_word = false;
  while (i < value.size()) {
    const auto start = value.find("=?", i);
    if (start == std::string::npos) {
      out += value.substr(i);
      break;
    }
    std::string between = value.substr(i, start - i);
    if (!(last_was_word && between.find_first_not_of(" \t") == std::string::npos)) out += between;
    const auto q1 = value.find('?', start + 2);
    const auto q2 = value.find('?', q1 + 1);
    const auto end = value.find("?=", q2 + 1);
    if (q1 == std::string::npos || q2 == std::string::npos || end == std::string::npos) {
      out += value.substr(start);
      break;
    }
    auto decoded = Base64Decode(value.substr(q2 + 1, end - q2 - 1));
    out += decoded.ok() ? *decoded : std::string("<bad base64>");
    i = end + 2;
    last_was_word = true;
  }
  return out;
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t i = 0;
  while (i <= text.size()) {
    auto nl = text.find('\n', i);
    std::string line = text.substr(i, nl == std::string::npos ? std::string::npos : nl - i);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    if (nl == std::string::npos) break;
    i = nl + 1;
  }
  return lines;
}

inline std::string Param(const std::string& header, const std::string& name) {
  const auto at = Lower(header).find(name + "=");
  if (at == std::string::npos) return {};
  std::string v = header.substr(at + name.size() + 1);
  if (!v.empty() && v[0] == '"') return v.substr(1, v.find('"', 1) - 1);
  return v.substr(0, v.find(';'));
}

inline MimePart ParseMime(const std::string& text) {
  MimePart part;
  const auto lines = Lines(text);
  std::size_t i = 0;
  std::string name, value;
  auto flush = [&] {
    if (!name.empty()) part.headers[Lower(name)] = DecodeWords(value);
    name.clear();
    value.clear();
  };
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    const std::string& l = lines[i];
    if (l[0] == ' ' || l[0] == '\t') {
      value += l.substr(l.find_first_not_of(" \t") == std::string::npos ? l.size() : 0);
      continue;
    }
    flush();
    const auto colon = l.find(':');
    name = l.substr(0, colon);
    value = colon == std::string::npos ? "" : l.substr(l.find_first_not_of(' ', colon + 1));
  }
  flush();
  std::vector<std::string> body_lines(lines.begin() + static_cast<long>(std::min(i + 1, lines.size())), lines.end());
  const std::string type = part.headers["content-type"];
  if (Lower(type).rfind("multipart/", 0) == 0) {
    const std::string boundary = Param(type, "boundary");
    std::string current;
    bool inside = false;
    for (const auto& l : body_lines) {
      if (l == "--" + boundary || l == "--" + boundary + "--") {
        if (inside) part.parts.push_back(ParseMime(current));
        current.clear();
        inside = l == "--" + boundary;
        continue;
      }
      if (inside) current += l + "\n";
    }
    return part;
  }
  std::string body;
  for (const auto& l : body_lines) body += l + "\n";
  if (Lower(part.headers["content-transfer-encoding"]) == "base64") {
    std::string compact;
    for (char c : body) {
      if (c != '\n' && c != '\r') compact += c;
    }
    auto decoded = Base64Decode(compact);
    part.body = decoded.ok() ? *decoded : "<bad base64>";
  } else {
    part.body = body;
  }
  return part;
}

}  // namespace mrtrack::notifier_test
