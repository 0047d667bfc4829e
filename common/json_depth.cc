#include "common/json_depth.h"

#include <algorithm>
#include <vector>

#include "common/message_text.h"

namespace mrtrack {
namespace {

// Where a path is cut, and how much of each key it shows.
constexpr std::size_t kPathBytes = 240;
constexpr std::size_t kKeyBytes = 32;

// One open object or array.
struct Frame {
  bool object = false;
  bool expecting_key = false;  // Objects: the next string is a key.
  std::size_t index = 0;       // Arrays: the element being read.
  std::string_view key;        // Objects: the member being read.
};

// JSON Pointer escaping (RFC 6901) of a key.
std::string PointerToken(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string PathOf(const std::vector<Frame>& frames, JsonPathStyle style) {
  std::string path;
  for (const Frame& f : frames) {
    std::string segment;
    if (f.object) {
      std::string key = MessageField(f.key, kKeyBytes);
      segment = style == JsonPathStyle::kPointer ? "/" + PointerToken(key) : (path.empty() ? "" : ".") + key;
    } else {
      segment = style == JsonPathStyle::kPointer ? "/" + std::to_string(f.index) : "[" + std::to_string(f.index) + "]";
    }
    if (path.size() + segment.size() > kPathBytes) return path + (style == JsonPathStyle::kPointer ? "/" : "") + "\xE2\x80\xA6";
    path += segment;
  }
  return path.empty() && style == JsonPathStyle::kPointer ? "/" : path;
}

}  // namespace

Status CheckJsonDepth(std::string_view text, JsonPathStyle style, std::size_t max_depth) {
  std::vector<Frame> frames;
  frames.reserve(max_depth);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '"': {
        std::size_t start = i + 1;
        for (++i; i < text.size() && text[i] != '"'; ++i) {
          if (text[i] == '\\') ++i;
        }
        if (!frames.empty() && frames.back().expecting_key) {
          frames.back().key = text.substr(start, std::min(i, text.size()) - start);
          frames.back().expecting_key = false;
        }
        break;
      }
      case '{':
      case '[':
        if (frames.size() >= max_depth) {
          return InvalidArgument("JSON nested deeper than " + std::to_string(max_depth) + " levels",
                                 PathOf(frames, style));
        }
        frames.push_back({c == '{', c == '{', 0, {}});
        break;
      case '}':
      case ']':
        if (frames.empty()) return Status::Ok();  // Malformed: the parser says where.
        frames.pop_back();
        break;
      case ',':
        if (!frames.empty()) {
          if (frames.back().object) {
            frames.back().expecting_key = true;
          } else {
            ++frames.back().index;
          }
        }
        break;
      default:
        break;
    }
  }
  return Status::Ok();
}

}  // namespace mrtrack
