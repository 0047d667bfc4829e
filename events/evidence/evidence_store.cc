#include "events/evidence/evidence_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "common/crypto.h"

namespace mrtrack::events {
namespace {

namespace fs = std::filesystem;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return out;
}

// The type without parameters, trimmed, in lower case.
std::string BareType(std::string_view media_type) {
  std::string_view t = media_type.substr(0, media_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  return Lower(t);
}

Status ErrnoError(const std::string& what, const std::string& path) {
  return IoError(what + " " + path + ": " + std::strerror(errno));
}

// Fsyncs the directory `dir`, making renames in it durable.
Status SyncDirectory(const std::string& dir) {
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return ErrnoError("cannot open", dir);
  const int rc = ::fsync(dfd);
  ::close(dfd);
  if (rc != 0) return ErrnoError("cannot fsync", dir);
  return Status::Ok();
}

// Writes `bytes` to `path` durably: a temporary file in tmp/, fsynced, then
// renamed over `path`, then the directory fsynced.
Status WriteDurably(const std::string& dir, const std::string& path, std::string_view bytes) {
  const std::string tmp = dir + "/tmp/" + RandomUuid();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return ErrnoError("cannot create", tmp);
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status s = ErrnoError("cannot write", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return s;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Status s = ErrnoError("cannot fsync", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return s;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status s = ErrnoError("cannot rename into", path);
    ::unlink(tmp.c_str());
    return s;
  }
  return SyncDirectory(dir);
}

// The SHA-256 (hex), size and first bytes of the file open as `fd`, read in pieces.
struct FileDigest {
  std::string sha256;
  std::uint64_t size = 0;
  std::string head;  // Its first bytes, for LooksExecutable.
};
Result<FileDigest> DigestFile(int fd, const std::string& path) {
  FileDigest out;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return Internal("cannot start a SHA-256");
  std::array<char, 1 << 16> buffer;
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError("cannot read", path);
    if (n == 0) break;
    if (out.head.size() < 8) out.head.append(buffer.data(), std::min<std::size_t>(8 - out.head.size(), static_cast<std::size_t>(n)));
    EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(n));
    out.size += static_cast<std::uint64_t>(n);
  }
  Sha256Digest digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest.data(), &length);
  out.sha256 = HexEncode(digest);
  return out;
}

Result<std::string> ReadAll(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(std::string(what) + " is missing (" + path + ")", "sha256");
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return IoError("cannot read " + path);
  return s.str();
}

Status CheckHash(std::string_view sha256) {
  const bool ok = sha256.size() == 64 && std::all_of(sha256.begin(), sha256.end(), [](char c) {
                    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                  });
  if (ok) return Status::Ok();
  return InvalidArgument("'" + std::string(sha256.substr(0, 80)) + "' is not a SHA-256 (64 lower-case hex digits)",
                         "sha256");
}

Status CheckName(std::string_view name) {
  if (name.empty()) return InvalidArgument("evidence needs a file name: ?name=report.pdf", "name");
  if (name.size() > 255) return InvalidArgument("the file name is longer than 255 bytes", "name");
  for (char c : name) {
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return InvalidArgument("the file name may not contain '/', '\\' or control characters", "name");
    }
  }
  if (name == "." || name == "..") return InvalidArgument("'" + std::string(name) + "' is not a file name", "name");
  return Status::Ok();
}

}  // namespace

bool IsEvidenceMediaType(std::string_view media_type) {
  static const std::array<const char*, 19> kTypes = {
      "application/pdf",
      "text/plain",
      "text/csv",
      "text/markdown",
      "application/rtf",
      "application/msword",
      "application/vnd.ms-excel",
      "application/vnd.ms-powerpoint",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "application/vnd.oasis.opendocument.text",
      "application/vnd.oasis.opendocument.spreadsheet",
      "application/vnd.oasis.opendocument.presentation",
      "image/png",
      "image/jpeg",
      "image/gif",
      "image/webp",
      "image/tiff",
  };
  const std::string t = BareType(media_type);
  return std::any_of(kTypes.begin(), kTypes.end(), [&](const char* known) { return t == known; });
}

bool LooksExecutable(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  return starts("\x7f" "ELF") || starts("MZ") || starts("#!") || starts("\xcf\xfa\xed\xfe") ||
         starts("\xfe\xed\xfa\xcf") || starts("\xca\xfe\xba\xbe");
}

Result<std::unique_ptr<EvidenceStore>> EvidenceStore::Open(const std::string& dir, bool create) {
  std::error_code ec;
  if (create) {
    fs::create_directories(fs::path(dir) / "tmp", ec);
    if (ec) return IoError("cannot create the evidence directory " + dir + ": " + ec.message());
  }
  return std::unique_ptr<EvidenceStore>(new EvidenceStore(dir));
}

std::string EvidenceStore::PathOf(std::string_view sha256) const { return dir_ + "/" + std::string(sha256); }

namespace {

// The name and media type of an upload checked; its bare media type.
Result<std::string> CheckUpload(std::string_view name, std::string_view media_type) {
  MRTRACK_RETURN_IF_ERROR(CheckName(name));
  const std::string type = BareType(media_type);
  if (!IsEvidenceMediaType(type)) {
    return Status(StatusCode::kUnsupportedMediaType,
                  "'" + (type.empty() ? std::string("(no Content-Type)") : type) +
                      "' is not evidence: send a PDF, an image, an office document, text or CSV",
                  "Content-Type");
  }
  return type;
}

Status CheckNotProgram(std::string_view head) {
  if (!LooksExecutable(head)) return Status::Ok();
  return Status(StatusCode::kUnsupportedMediaType,
                "the file is a program, not a document (it starts like an executable or a script)", "Content-Type");
}

}  // namespace

Result<EvidenceRef> EvidenceStore::Adopt(const std::string& path, std::string_view name, std::string_view media_type) {
  struct Cleanup {
    const std::string& path;
    ~Cleanup() { ::unlink(path.c_str()); }  // Renamed away on success: then a no-op.
  } cleanup{path};
  MRTRACK_ASSIGN_OR_RETURN(std::string type, CheckUpload(name, media_type));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open the upload", path);
  auto digest = DigestFile(fd, path);
  const bool synced = digest.ok() && ::fsync(fd) == 0;
  ::close(fd);
  if (!digest.ok()) return digest.status();
  if (!synced) return ErrnoError("cannot fsync", path);
  MRTRACK_RETURN_IF_ERROR(CheckNotProgram(digest->head));
  EvidenceRef ref;
  ref.sha256 = digest->sha256;
  ref.name = std::string(name);
  ref.media_type = type;
  ref.size = digest->size;
  const std::string stored = PathOf(ref.sha256);
  std::error_code ec;
  if (!fs::exists(stored, ec) || fs::file_size(stored, ec) != ref.size) {
    if (::rename(path.c_str(), stored.c_str()) != 0) return ErrnoError("cannot rename into", stored);
    MRTRACK_RETURN_IF_ERROR(SyncDirectory(dir_));
  }
  nlohmann::json meta = {{"name", ref.name}, {"media_type", ref.media_type}, {"size", ref.size}};
  MRTRACK_RETURN_IF_ERROR(WriteDurably(dir_, stored + ".json", meta.dump()));
  return ref;
}

Result<EvidenceRef> EvidenceStore::Put(std::string_view bytes, std::string_view name, std::string_view media_type) {
  MRTRACK_ASSIGN_OR_RETURN(std::string type, CheckUpload(name, media_type));
  MRTRACK_RETURN_IF_ERROR(CheckNotProgram(bytes));
  EvidenceRef ref;
  ref.sha256 = HexEncode(Sha256(bytes));
  ref.name = std::string(name);
  ref.media_type = type;
  ref.size = bytes.size();
  const std::string path = PathOf(ref.sha256);
  std::error_code ec;
  // The same bytes are already stored (and durable): only the description changes.
  if (!fs::exists(path, ec) || fs::file_size(path, ec) != bytes.size()) {
    MRTRACK_RETURN_IF_ERROR(WriteDurably(dir_, path, bytes));
  }
  nlohmann::json meta = {{"name", ref.name}, {"media_type", ref.media_type}, {"size", ref.size}};
  MRTRACK_RETURN_IF_ERROR(WriteDurably(dir_, path + ".json", meta.dump()));
  return ref;
}

Result<EvidenceRef> EvidenceStore::Find(std::string_view sha256) const {
  MRTRACK_RETURN_IF_ERROR(CheckHash(sha256));
  const std::string path = PathOf(sha256);
  auto text = ReadAll(path + ".json", "evidence " + std::string(sha256));
  if (!text.ok()) return NotFound("no evidence file " + std::string(sha256) + " (upload it with POST /v1/evidence)", "sha256");
  nlohmann::json meta = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  EvidenceRef ref;
  ref.sha256 = std::string(sha256);
  if (!meta.is_object() || !meta.contains("name") || !meta["name"].is_string() || !meta.contains("media_type") ||
      !meta["media_type"].is_string() || !meta.contains("size") || !meta["size"].is_number_unsigned()) {
    return Corruption("the description " + path + ".json of evidence is not {name, media_type, size}");
  }
  ref.name = meta["name"].get<std::string>();
  ref.media_type = meta["media_type"].get<std::string>();
  ref.size = meta["size"].get<std::uint64_t>();
  std::error_code ec;
  if (!fs::exists(path, ec)) return NotFound("evidence " + std::string(sha256) + " is missing (" + path + ")", "sha256");
  return ref;
}

Result<std::string> EvidenceStore::Read(std::string_view sha256) const {
  MRTRACK_RETURN_IF_ERROR(CheckHash(sha256));
  return ReadAll(PathOf(sha256), "evidence " + std::string(sha256));
}

Status EvidenceStore::Check(const EvidenceRef& ref) const {
  MRTRACK_RETURN_IF_ERROR(CheckHash(ref.sha256));
  auto bytes = ReadAll(PathOf(ref.sha256), "evidence " + ref.sha256);
  if (!bytes.ok()) {
    if (bytes.status().code() == StatusCode::kNotFound) {
      return NotFound("evidence '" + ref.name + "' (" + ref.sha256 + ") is missing: " + PathOf(ref.sha256));
    }
    return bytes.status();
  }
  const std::string actual = HexEncode(Sha256(*bytes));
  if (actual != ref.sha256 || bytes->size() != ref.size) {
    return Corruption("evidence '" + ref.name + "' (" + ref.sha256 + ") is altered: " + PathOf(ref.sha256) +
                      " has " + std::to_string(bytes->size()) + " bytes with SHA-256 " + actual);
  }
  return Status::Ok();
}

}  // namespace mrtrack::events
