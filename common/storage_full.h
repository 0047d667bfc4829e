// How a full disk is told apart from the other "resource exhausted" errors
// (a body too large, too many streams): the store marks its Status with the
// field "storage", and the API answers it with 507 Insufficient Storage
// (daemon/server/error_mapping.h) instead of 413.
#pragma once

#include <string_view>

#include "common/status.h"

namespace mrtrack {

inline constexpr std::string_view kStorageField = "storage";

inline Status StorageFull(std::string message) {
  return Status(StatusCode::kResourceExhausted, std::move(message), std::string(kStorageField));
}

inline bool IsStorageFull(const Status& status) {
  return status.code() == StatusCode::kResourceExhausted && status.field() == kStorageField;
}

}  // namespace mrtrack
