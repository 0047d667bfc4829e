// Key layout of the event store's RocksDB column families.
//
// Persistent format: do not change. Every encoding here is specified in
// events/FORMAT.md; a reader or verifier written from that document alone must
// agree with these functions byte for byte.
//
// Thread safety: stateless functions and constants.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace mrtrack::events::store {

// Column families, in the order the store opens them (index = enum value).
enum Cf : std::size_t {
  kCfDefault = 0,  // RocksDB's own, always present, unused (must stay empty).
  kCfEvents,       // BE64(position) -> stored record bytes
  kCfChain,        // BE64(position) -> 32-byte chain hash
  kCfStreams,      // stream bytes || 0x00 || BE64(version) -> BE64(position)
  kCfEventIds,     // event id text -> BE64(position)
  kCfByTime,       // BE64(recorded_at micros, sign flipped) || BE64(position) -> empty
  kCfHeads,        // stream bytes -> BE64(current version)
  kCfMeta,         // ASCII key -> value (see below)
  kCfCount
};

inline constexpr std::array<const char*, kCfCount> kCfNames = {
    "default", "events", "chain", "streams", "event_ids", "by_time", "heads", "meta"};

// Keys of the meta column family.
inline constexpr char kMetaFormat[] = "format";                  // value: kFormatName
inline constexpr char kMetaFormatVersion[] = "format_version";   // value: BE64
inline constexpr char kMetaHead[] = "head";                      // value: BE64(position) || 32-byte hash
inline constexpr char kMetaCreatedAt[] = "created_at";           // value: timestamp text

inline constexpr char kFormatName[] = "mrtrack-event-store";
inline constexpr std::uint64_t kFormatVersion = 1;

inline constexpr std::size_t kPositionKeySize = 8;
inline constexpr std::size_t kChainHashSize = 32;
inline constexpr std::size_t kMetaHeadSize = kPositionKeySize + kChainHashSize;
inline constexpr std::size_t kByTimeKeySize = 16;
// Stream names are at most this many bytes (they are part of index keys).
inline constexpr std::size_t kMaxStreamBytes = 1024;

// Big-endian 64-bit encoding: keys sort numerically under RocksDB's bytewise comparator.
inline void PutBE64(std::uint64_t v, char* out) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xffu);
    v >>= 8;
  }
}

inline std::array<char, 8> BE64(std::uint64_t v) {
  std::array<char, 8> out{};
  PutBE64(v, out.data());
  return out;
}

inline std::string_view AsView(const std::array<char, 8>& a) { return {a.data(), a.size()}; }

inline void AppendBE64(std::uint64_t v, std::string* out) {
  char buf[8];
  PutBE64(v, buf);
  out->append(buf, sizeof buf);
}

// Reads exactly 8 bytes; nullopt for any other length.
inline std::optional<std::uint64_t> ReadBE64(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

// streams CF: stream || 0x00 || BE64(version). Stream names never contain 0x00,
// so all versions of one stream share the prefix stream || 0x00.
inline std::string StreamKey(std::string_view stream, std::uint64_t version) {
  std::string key;
  key.reserve(stream.size() + 9);
  key.append(stream);
  key.push_back('\0');
  AppendBE64(version, &key);
  return key;
}

inline std::string StreamPrefix(std::string_view stream) {
  std::string p(stream);
  p.push_back('\0');
  return p;
}

// recorded_at as microseconds since the Unix epoch, two's complement with the
// sign bit flipped, so that earlier instants (even before 1970) sort first.
inline std::uint64_t FlipSign(std::int64_t micros) {
  return static_cast<std::uint64_t>(micros) ^ 0x8000000000000000ull;
}

inline std::array<char, kByTimeKeySize> ByTimeKey(Timestamp t, std::uint64_t position) {
  std::array<char, kByTimeKeySize> key{};
  PutBE64(FlipSign(t.time_since_epoch().count()), key.data());
  PutBE64(position, key.data() + 8);
  return key;
}

}  // namespace mrtrack::events::store
