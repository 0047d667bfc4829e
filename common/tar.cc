#include "common/tar.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace mrtrack {
namespace {

// Field offsets and sizes of a ustar header (POSIX.1-1988).
constexpr std::size_t kNameOff = 0, kNameLen = 100;
constexpr std::size_t kModeOff = 100, kUidOff = 108, kGidOff = 116;
constexpr std::size_t kSizeOff = 124, kSizeLen = 12;
constexpr std::size_t kMtimeOff = 136;
constexpr std::size_t kChecksumOff = 148, kChecksumLen = 8;
constexpr std::size_t kTypeOff = 156;
constexpr std::size_t kMagicOff = 257;
constexpr std::size_t kPrefixOff = 345;
// 11 octal digits: the largest size a plain ustar header holds.
constexpr std::uint64_t kMaxFileSize = (std::uint64_t{1} << 33) - 1;

void PutOctal(std::string& block, std::size_t offset, std::size_t width, std::uint64_t value) {
  // width - 1 digits, zero-padded, then NUL.
  for (std::size_t i = width - 1; i-- > 0;) {
    block[offset + i] = static_cast<char>('0' + (value & 7));
    value >>= 3;
  }
  block[offset + width - 1] = '\0';
}

unsigned Checksum(std::string_view block) {
  unsigned sum = 0;
  for (std::size_t i = 0; i < kTarBlock; ++i) {
    const bool in_field = i >= kChecksumOff && i < kChecksumOff + kChecksumLen;
    sum += in_field ? unsigned{' '} : static_cast<unsigned char>(block[i]);
  }
  return sum;
}

// An octal field: digits, optionally led by spaces and ended by NUL or space.
bool ParseOctal(std::string_view field, std::uint64_t* value) {
  std::size_t i = 0;
  while (i < field.size() && field[i] == ' ') ++i;
  std::uint64_t v = 0;
  std::size_t digits = 0;
  for (; i < field.size() && field[i] >= '0' && field[i] <= '7'; ++i, ++digits) {
    if (v > (UINT64_MAX >> 3)) return false;
    v = (v << 3) | static_cast<std::uint64_t>(field[i] - '0');
  }
  for (; i < field.size(); ++i) {
    if (field[i] != '\0' && field[i] != ' ') return false;
  }
  *value = v;
  return digits > 0;
}

std::string Field(std::string_view block, std::size_t offset, std::size_t len) {
  std::string_view f = block.substr(offset, len);
  return std::string(f.substr(0, std::min(f.find('\0'), f.size())));
}

}  // namespace

Status CheckArchivePath(std::string_view path) {
  if (path.empty()) return InvalidArgument("an empty path");
  if (path.size() >= kNameLen) return InvalidArgument("path '" + std::string(path.substr(0, 40)) + "...' is too long");
  if (path.front() == '/') return InvalidArgument("absolute path '" + std::string(path) + "'");
  for (char c : path) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-' || c == '/';
    if (!ok) return InvalidArgument("path '" + std::string(path) + "' has a character outside [A-Za-z0-9._-/]");
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = std::min(path.find('/', start), path.size());
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") {
      return InvalidArgument("path '" + std::string(path) + "' has an empty, '.' or '..' part");
    }
    start = end + 1;
  }
  return Status::Ok();
}

Result<std::string> TarFileHeader(std::string_view path, std::uint64_t size, std::int64_t mtime) {
  MRTRACK_RETURN_IF_ERROR(CheckArchivePath(path));
  if (size > kMaxFileSize) {
    return InvalidArgument("'" + std::string(path) + "' is larger than a tar header can say (8 GiB)");
  }
  std::string block(kTarBlock, '\0');
  std::copy(path.begin(), path.end(), block.begin());
  PutOctal(block, kModeOff, 8, 0644);
  PutOctal(block, kUidOff, 8, 0);
  PutOctal(block, kGidOff, 8, 0);
  PutOctal(block, kSizeOff, kSizeLen, size);
  PutOctal(block, kMtimeOff, 12, static_cast<std::uint64_t>(std::max<std::int64_t>(mtime, 0)));
  block[kTypeOff] = '0';
  std::memcpy(&block[kMagicOff], "ustar\0" "00", 8);
  unsigned sum = Checksum(block);
  PutOctal(block, kChecksumOff, 7, sum);  // Six digits and NUL...
  block[kChecksumOff + 7] = ' ';          // ...then a space, as tar writes it.
  return block;
}

std::string TarPadding(std::uint64_t size) {
  std::uint64_t rest = size % kTarBlock;
  return std::string(rest == 0 ? 0 : kTarBlock - rest, '\0');
}

std::string TarEnd() { return std::string(2 * kTarBlock, '\0'); }

TarExtractor::TarExtractor(std::string dir) : dir_(std::move(dir)) {}

TarExtractor::~TarExtractor() {
  if (fd_ >= 0) ::close(fd_);
}

Status TarExtractor::Fail(Status status) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  error_ = status.WithContext("unpacking the archive at byte " + std::to_string(offset_));
  return error_;
}

Status TarExtractor::Feed(std::string_view bytes) {
  if (!error_.ok()) return error_;
  while (!bytes.empty()) {
    if (remaining_ > 0) {
      std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, bytes.size()));
      std::string_view piece = bytes.substr(0, n);
      while (!piece.empty()) {
        ssize_t w = ::write(fd_, piece.data(), piece.size());
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return Fail(IoError("writing '" + current_ + "': " + std::strerror(errno)));
        piece.remove_prefix(static_cast<std::size_t>(w));
      }
      bytes.remove_prefix(n);
      offset_ += n;
      remaining_ -= n;
      if (remaining_ == 0) MRTRACK_RETURN_IF_ERROR(CloseFile());
      continue;
    }
    if (padding_ > 0) {
      std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(padding_, bytes.size()));
      bytes.remove_prefix(n);
      offset_ += n;
      padding_ -= n;
      continue;
    }
    std::size_t n = std::min(kTarBlock - block_.size(), bytes.size());
    block_.append(bytes.substr(0, n));
    bytes.remove_prefix(n);
    if (block_.size() < kTarBlock) break;
    Status header = Header(block_);
    offset_ += kTarBlock;
    block_.clear();
    if (!header.ok()) return Fail(header);
  }
  return Status::Ok();
}

Status TarExtractor::Header(std::string_view block) {
  if (std::all_of(block.begin(), block.end(), [](char c) { return c == '\0'; })) {
    ++zero_blocks_;
    return Status::Ok();
  }
  if (zero_blocks_ >= 2) return Corruption("data after the end of the archive");
  zero_blocks_ = 0;
  if (block.substr(kMagicOff, 5) != "ustar") return Corruption("not a ustar header");
  std::uint64_t stored_sum = 0;
  if (!ParseOctal(block.substr(kChecksumOff, kChecksumLen), &stored_sum) || stored_sum != Checksum(block)) {
    return Corruption("header checksum does not match");
  }
  std::string prefix = Field(block, kPrefixOff, 155);
  std::string name = Field(block, kNameOff, kNameLen);
  if (!prefix.empty()) name = prefix + "/" + name;
  while (!name.empty() && name.back() == '/') name.pop_back();
  if (Status path = CheckArchivePath(name); !path.ok()) return Status(StatusCode::kCorruption, path.message());
  std::uint64_t size = 0;
  if (!ParseOctal(block.substr(kSizeOff, kSizeLen), &size)) return Corruption("bad size of '" + name + "'");
  const char type = block[kTypeOff];
  if (type == '5') {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(dir_) / name, ec);
    if (ec) return IoError("creating directory '" + name + "': " + ec.message());
    return Status::Ok();
  }
  if (type != '0' && type != '\0') {
    return Corruption("'" + name + "' is not a regular file (type '" + std::string(1, type) + "')");
  }
  MRTRACK_RETURN_IF_ERROR(OpenFile(name));
  remaining_ = size;
  padding_ = TarPadding(size).size();
  if (size == 0) return CloseFile();
  return Status::Ok();
}

Status TarExtractor::OpenFile(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path target = fs::path(dir_) / path;
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return IoError("creating directory for '" + path + "': " + ec.message());
  fd_ = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    return IoError("creating '" + path + "': " + std::strerror(errno) +
                   (errno == EEXIST ? " (the archive names it twice, or the directory is not empty)" : ""));
  }
  current_ = path;
  return Status::Ok();
}

Status TarExtractor::CloseFile() {
  if (::fsync(fd_) != 0) return Fail(IoError("syncing '" + current_ + "': " + std::strerror(errno)));
  if (::close(fd_) != 0) {
    fd_ = -1;
    return Fail(IoError("closing '" + current_ + "': " + std::strerror(errno)));
  }
  fd_ = -1;
  files_.push_back(current_);
  return Status::Ok();
}

Status TarExtractor::Finish() {
  if (!error_.ok()) return error_;
  if (remaining_ > 0 || fd_ >= 0) return Fail(Corruption("the archive ends inside '" + current_ + "'"));
  if (!block_.empty() || zero_blocks_ < 2) return Fail(Corruption("the archive ends before its end blocks"));
  return Status::Ok();
}

}  // namespace mrtrack
