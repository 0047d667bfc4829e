// RawConnection: a plain TCP connection to the daemon on loopback for the
// tests that must misbehave as no HTTP library lets a client misbehave —
// dribbling a header, sending no length, holding connections open, never
// reading. Every read waits with a deadline (poll), never for the clock.
//
// Thread safety: one thread per connection.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace mrtrack::daemon::testing {

class RawConnection {
 public:
  explicit RawConnection(int port);  // Connects to 127.0.0.1:port; connected() tells.
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False once the peer has closed or reset.
  bool Send(std::string_view data);
  // Reads what arrives until `text` has been seen (true), the peer closes or
  // the deadline passes (false). All that was read is in received().
  bool ReadUntil(std::string_view text, std::chrono::milliseconds timeout);
  // True when the peer closes (EOF or reset) before the deadline.
  bool WaitClosed(std::chrono::milliseconds timeout);
  const std::string& received() const { return received_; }
  void ClearReceived() { received_.clear(); }

 private:
  // One read: false when the deadline passed with nothing to read.
  bool ReadSome(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string received_;
  bool peer_closed_ = false;
};

// A value of /proc/PID/status ("Threads", "VmRSS" in kB); 0 when missing.
std::uint64_t ProcStatus(pid_t pid, const std::string& key);

// Raises this process's open-file limit to its hard limit (children inherit it).
void RaiseOpenFileLimit();

}  // namespace mrtrack::daemon::testing
