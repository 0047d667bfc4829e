#include "common/sign_in_link.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "common/crypto.h"

namespace mrtrack {
namespace {

constexpr std::string_view kVersion = "l1";

std::string Mac(std::string_view key, std::string_view unit, std::string_view recipient, std::int64_t expires) {
  std::string message = "mrtrack sign-in link v1\n";
  message.append(unit).append("\n").append(recipient).append("\n").append(std::to_string(expires));
  return HexEncode(HmacSha256(key, message));
}

enum class Replace { kIfMissing, kAlways };

// Writes a new random key to a file of its own, then puts it in place:
// kAlways replaces the key (rename), kIfMissing only creates it (link, which
// fails when another writer created it first: both then read the winner's).
Status WriteNewKey(const std::string& path, Replace replace) {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return Internal("no random bytes for the key");
  std::string hex = HexEncode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())) + "\n";
  std::string tmp = path + "." + HexEncode(std::string_view(reinterpret_cast<const char*>(bytes.data()), 4)) + ".new";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot write " + tmp + ": " + std::strerror(errno));
  bool ok = ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && ::fsync(fd) == 0;
  ::close(fd);
  int placed = !ok ? -1 : replace == Replace::kAlways ? ::rename(tmp.c_str(), path.c_str()) : ::link(tmp.c_str(), path.c_str());
  int error = errno;
  ::unlink(tmp.c_str());
  if (placed != 0 && !(replace == Replace::kIfMissing && ok && error == EEXIST)) {
    return IoError("cannot write " + path + ": " + std::strerror(error));
  }
  // The directory entry is durable too: a link minted now must verify after a crash.
  int dir = ::open(std::filesystem::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    std::size_t at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

Status Refused(std::string why) { return Status(StatusCode::kUnauthenticated, "sign-in link " + std::move(why)); }

}  // namespace

std::string SignInLinkKeyPath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "sign-in-link.key").string();
}

Result<std::string> LoadSignInLinkKey(const std::string& data_dir) {
  const std::string path = SignInLinkKeyPath(data_dir);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    std::filesystem::create_directories(data_dir, ec);
    MRTRACK_RETURN_IF_ERROR(WriteNewKey(path, Replace::kIfMissing));
  }
  std::ifstream in(path);
  if (!in) return IoError("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  std::string hex = text.str();
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
  auto key = HexDecode(hex);
  if (!key.ok() || key->size() != 32) return Status(StatusCode::kCorruption, path + " is not 64 hex digits");
  return *key;
}

Status RotateSignInLinkKey(const std::string& data_dir) {
  return WriteNewKey(SignInLinkKeyPath(data_dir), Replace::kAlways);
}

std::string MintSignInLinkToken(std::string_view key, std::string_view unit, std::string_view recipient,
                                Timestamp expires) {
  std::int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count();
  return std::string(kVersion) + "." + std::to_string(seconds) + "." + std::string(unit) + "." + HexEncode(recipient) +
         "." + Mac(key, unit, recipient, seconds);
}

Result<SignInLink> VerifySignInLinkToken(std::string_view key, std::string_view token, Timestamp now) {
  auto parts = Split(token, '.');
  if (parts.size() != 5 || parts[0] != kVersion) return Refused("is malformed");
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), seconds);
  if (ec != std::errc() || end != parts[1].data() + parts[1].size()) return Refused("is malformed");
  auto recipient = HexDecode(parts[3]);
  if (!recipient.ok() || parts[2].empty()) return Refused("is malformed");
  std::string expected = Mac(key, parts[2], *recipient, seconds);
  if (expected.size() != parts[4].size() || CRYPTO_memcmp(expected.data(), parts[4].data(), expected.size()) != 0) {
    return Refused("is not valid (forged, or revoked by a new key)");
  }
  Timestamp expires{std::chrono::seconds(seconds)};
  if (now >= expires) return Refused("has expired: ask for a new reminder or sign in");
  return SignInLink{std::string(parts[2]), *recipient, expires};
}

}  // namespace mrtrack
