// Status and Result<T>: the error values every layer returns.
//
// A Status is a code, a message for people, and optionally the field (a JSON
// pointer, a config key path, a line number) the error is about. Codes are few
// and canonical; they map to HTTP statuses in exactly one place (the daemon).
// Statuses are [[nodiscard]]: ignoring one needs an explicit IgnoreError().
//
// Thread safety: values; safe to copy between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace mrtrack {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the input is malformed or fails validation
  kNotFound,            // the thing asked for does not exist
  kConflict,            // expected version did not match the stream's version
  kFailedPrecondition,  // the command is not allowed in the current state
  kAlreadyExists,       // an id is taken by something different
  kUnauthenticated,     // no or unknown credentials
  kPermissionDenied,    // known caller, not allowed
  kResourceExhausted,   // too large, too many
  kUnsupportedMediaType,  // a body of a type the route does not take (evidence that is no document)
  kUnavailable,         // temporarily not possible (shutting down, retry later)
  kCorruption,          // stored data fails its checks
  kIoError,             // the disk or the network failed
  kInternal,            // a bug
};

// The stable lower-case name of a code ("invalid_argument", ...), used in
// JSON error bodies and logs.
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // What the error is about (a key path, a JSON field, "line 12"); may be empty.
  const std::string& field() const { return field_; }

  // "conflict: stream action-x is at version 3 (field: expected_version)"
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context` + ": ".
  Status WithContext(const std::string& context) const;

  // The explicit, greppable way to drop a status on purpose.
  void IgnoreError() const {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

inline Status InvalidArgument(std::string m, std::string f = {}) { return {StatusCode::kInvalidArgument, std::move(m), std::move(f)}; }
inline Status NotFound(std::string m, std::string f = {}) { return {StatusCode::kNotFound, std::move(m), std::move(f)}; }
inline Status FailedPrecondition(std::string m, std::string f = {}) { return {StatusCode::kFailedPrecondition, std::move(m), std::move(f)}; }
inline Status Corruption(std::string m, std::string f = {}) { return {StatusCode::kCorruption, std::move(m), std::move(f)}; }
inline Status IoError(std::string m, std::string f = {}) { return {StatusCode::kIoError, std::move(m), std::move(f)}; }
inline Status Internal(std::string m, std::string f = {}) { return {StatusCode::kInternal, std::move(m), std::move(f)}; }

// Result<T> holds either a value or a non-OK Status (like absl::StatusOr).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace mrtrack

#define MRTRACK_CONCAT_INNER(a, b) a##b
#define MRTRACK_CONCAT(a, b) MRTRACK_CONCAT_INNER(a, b)

// Returns early from the calling function when `expr` yields a non-OK Status.
// (The variable name carries the line so nested uses in lambdas do not shadow.)
#define MRTRACK_RETURN_IF_ERROR(expr)                                         \
  do {                                                                        \
    ::mrtrack::Status MRTRACK_CONCAT(mrtrack_status_, __LINE__) = (expr);     \
    if (!MRTRACK_CONCAT(mrtrack_status_, __LINE__).ok())                      \
      return MRTRACK_CONCAT(mrtrack_status_, __LINE__);                       \
  } while (false)
// MRTRACK_ASSIGN_OR_RETURN(auto x, Foo()); returns Foo()'s status on error.
#define MRTRACK_ASSIGN_OR_RETURN(lhs, expr)                              \
  auto MRTRACK_CONCAT(mrtrack_result_, __LINE__) = (expr);               \
  if (!MRTRACK_CONCAT(mrtrack_result_, __LINE__).ok())                   \
    return MRTRACK_CONCAT(mrtrack_result_, __LINE__).status();           \
  lhs = std::move(MRTRACK_CONCAT(mrtrack_result_, __LINE__)).value()
