#include "daemon/cli/tar_writer.h"

#include <array>
#include <cstdio>
#include <cstring>

namespace mrtrack::cli {
namespace {

constexpr std::size_t kBlock = 512;

// `value` in octal, zero-padded to width - 1 digits and NUL-terminated.
void Octal(char* field, std::size_t width, std::uint64_t value) {
  std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1), static_cast<unsigned long long>(value));
}

}  // namespace

Status TarWriter::Add(const std::string& name, std::string_view content) {
  if (name.empty() || name.size() > 100) return InvalidArgument("tar member name must be 1-100 bytes: " + name);
  std::array<char, kBlock> h{};
  std::memcpy(h.data(), name.data(), name.size());
  Octal(h.data() + 100, 8, 0644);
  Octal(h.data() + 108, 8, 0);
  Octal(h.data() + 116, 8, 0);
  Octal(h.data() + 124, 12, content.size());
  Octal(h.data() + 136, 12, static_cast<std::uint64_t>(mtime_));
  std::memset(h.data() + 148, ' ', 8);  // The checksum counts its own field as blanks.
  h[156] = '0';
  std::memcpy(h.data() + 257, "ustar", 6);
  std::memcpy(h.data() + 263, "00", 2);
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  std::snprintf(h.data() + 148, 8, "%06o", sum);
  h[155] = ' ';
  out_.write(h.data(), kBlock);
  out_.write(content.data(), static_cast<std::streamsize>(content.size()));
  const std::size_t pad = (kBlock - content.size() % kBlock) % kBlock;
  static const std::array<char, kBlock> kZeros{};
  out_.write(kZeros.data(), static_cast<std::streamsize>(pad));
  return out_ ? Status::Ok() : IoError("writing the tar archive failed");
}

Status TarWriter::Finish() {
  static const std::array<char, 2 * kBlock> kZeros{};
  out_.write(kZeros.data(), kZeros.size());
  out_.flush();
  return out_ ? Status::Ok() : IoError("writing the tar archive failed");
}

}  // namespace mrtrack::cli
