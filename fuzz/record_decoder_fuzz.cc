// Fuzzes the decoder of stored event records (events/store/record_codec.h,
// format in events/FORMAT.md): a damaged record must be reported, never
// crash the reader.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "events/store/record_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  mrtrack::events::RecordedEvent event;
  mrtrack::Status s = mrtrack::events::store::DecodeRecord(bytes, &event);
  if (!s.ok() && s.message().empty()) __builtin_trap();
  return 0;
}
