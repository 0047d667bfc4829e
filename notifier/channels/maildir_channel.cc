#include "notifier/channels/maildir_channel.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

namespace mrtrack::notifier {
namespace {

std::string HostName() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) return "localhost";
  std::string out;
  for (char c : std::string(host)) out += (c == '/' || c == ':') ? '_' : c;  // Reserved in Maildir names.
  return out;
}

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

bool WriteAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

MaildirChannel::MaildirChannel(std::string maildir, std::string from, std::string organisation_name,
                               const Clock& clock)
    : maildir_(std::move(maildir)), sender_{std::move(organisation_name), std::move(from)}, clock_(clock) {}

DeliveryResult MaildirChannel::Deliver(const OutgoingMessage& message, int /*attempt*/) {
  std::string recipient;
  for (const auto& to : message.to) recipient += (recipient.empty() ? "" : ", ") + to;
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const char* sub : {"tmp", "new", "cur"}) {
    fs::create_directories(fs::path(maildir_) / sub, ec);
    if (ec) return DeliveryResult::Retryable(recipient, "maildir: cannot create " + maildir_ + "/" + sub + ": " + ec.message());
  }
  const std::string body = email::BuildMimeMessage(message, sender_, clock_.Now());
  // The unique name uses the real time: file names must not repeat even when
  // the notifier runs on a fixed test clock.
  const auto real = std::chrono::system_clock::now().time_since_epoch();
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(real);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(real - secs);
  const std::string name = std::to_string(secs.count()) + ".M" + std::to_string(micros.count()) + "P" +
                           std::to_string(getpid()) + "Q" + std::to_string(++counter_) + "." + HostName();
  const std::string tmp = (fs::path(maildir_) / "tmp" / name).string();
  const std::string dest = (fs::path(maildir_) / "new" / name).string();

  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return DeliveryResult::Retryable(recipient, Errno("maildir: cannot create " + tmp));
  const bool ok = WriteAll(fd, body) && fsync(fd) == 0;
  const std::string write_error = ok ? "" : Errno("maildir: cannot write " + tmp);
  close(fd);
  if (!ok) {
    unlink(tmp.c_str());
    return DeliveryResult::Retryable(recipient, write_error);
  }
  if (rename(tmp.c_str(), dest.c_str()) != 0) {
    const std::string error = Errno("maildir: cannot move " + tmp + " into new/");
    unlink(tmp.c_str());
    return DeliveryResult::Retryable(recipient, error);
  }
  // Make the rename itself durable.
  const int dir = open((fs::path(maildir_) / "new").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    fsync(dir);
    close(dir);
  }
  return DeliveryResult::Delivered(recipient, "maildir " + dest);
}

}  // namespace mrtrack::notifier
