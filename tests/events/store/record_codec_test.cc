// The frozen byte format (events/FORMAT.md): record encoding, key layout, the
// chain's test vector. If one of these fails, the format changed: don't.
#include "events/store/record_codec.h"

#include <gtest/gtest.h>

#include "common/crypto.h"
#include "events/store/key_layout.h"
#include "tests/events/store/store_test_util.h"

namespace mrtrack::events::store {
namespace {

using store_test::At;

std::string Encode(const NewEvent& e, const std::string& stream, std::uint64_t position, Timestamp at,
                   std::uint64_t version) {
  PreparedEvent p;
  p.event_id = e.event_id;
  auto stream_json = JsonString(stream, "stream");
  EXPECT_TRUE(stream_json.ok());
  Status s = PrepareEvent(e, *stream_json, "e", &p);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::string out;
  AppendRecord(p, position, *FormatRecordedAt(at), version, &out);
  return out;
}

// What FORMAT.md says the record is: the sorted, compact JSON object.
std::string Reference(const NewEvent& e, const std::string& stream, std::uint64_t position, Timestamp at,
                      std::uint64_t version) {
  nlohmann::json j = {{"actor", e.actor},
                      {"causation_id", e.causation_id},
                      {"correlation_id", e.correlation_id},
                      {"data", e.data},
                      {"event_id", e.event_id},
                      {"position", position},
                      {"recorded_at", FormatTimestamp(at)},
                      {"schema_version", e.schema_version},
                      {"stream", stream},
                      {"type", e.type},
                      {"version", version}};
  return j.dump();
}

NewEvent Sample() {
  NewEvent e;
  e.event_id = "0f8fad5b-d9cb-469f-a165-70867728950e";
  e.type = "KeyActionStatusChanged";
  e.schema_version = 1;
  e.actor = "import";
  e.correlation_id = "";
  e.causation_id = "";
  e.data = {{"action_id", "ev-1a2b3c4d5e6f-r1-a1"}, {"from", "Not Initiated"}, {"to", "Ongoing"}, {"reason", ""}};
  return e;
}

TEST(RecordCodecTest, TestVectorOfFormatMd) {
  std::string bytes = Encode(Sample(), "action-ev-1a2b3c4d5e6f-r1-a1", 1, At("2025-06-30T08:15:02.000015Z"), 1);
  EXPECT_EQ(bytes,
            R"({"actor":"import","causation_id":"","correlation_id":"","data":{"action_id":"ev-1a2b3c4d5e6f-r1-a1",)"
            R"("from":"Not Initiated","reason":"","to":"Ongoing"},"event_id":"0f8fad5b-d9cb-469f-a165-70867728950e",)"
            R"("position":1,"recorded_at":"2025-06-30T08:15:02.000015Z","schema_version":1,)"
            R"("stream":"action-ev-1a2b3c4d5e6f-r1-a1","type":"KeyActionStatusChanged","version":1})");
  std::string genesis(32, '\0');
  Sha256Digest h1 = Sha256Concat(genesis, bytes);
  EXPECT_EQ(HexEncode(h1), "845c07458c7bbdc407f37f38631a5728fdfc5f2178eaae52051fc78b29b00f8e");
  EXPECT_EQ(h1, Sha256(genesis + bytes));

  NewEvent second;
  second.event_id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  second.type = "KeyActionCommentAdded";
  second.actor = "alice";
  second.correlation_id = "req-42";
  second.causation_id = "0f8fad5b-d9cb-469f-a165-70867728950e";
  second.data = {{"action_id", "ev-1a2b3c4d5e6f-r1-a1"},
                 {"author", "alice"},
                 {"comment_id", "c1"},
                 {"text", "Workshop in Astana \u2014 report \"final\"\nsent"}};
  std::string bytes2 = Encode(second, "action-ev-1a2b3c4d5e6f-r1-a1", 2, At("2025-07-01T09:00:00Z"), 2);
  EXPECT_EQ(bytes2,
            R"({"actor":"alice","causation_id":"0f8fad5b-d9cb-469f-a165-70867728950e","correlation_id":"req-42",)"
            R"("data":{"action_id":"ev-1a2b3c4d5e6f-r1-a1","author":"alice","comment_id":"c1",)"
            R"("text":"Workshop in Astana — report \"final\"\nsent"},"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7",)"
            R"("position":2,"recorded_at":"2025-07-01T09:00:00.000000Z","schema_version":1,)"
            R"("stream":"action-ev-1a2b3c4d5e6f-r1-a1","type":"KeyActionCommentAdded","version":2})");
  Sha256Digest h2 = Sha256Concat(std::string_view(reinterpret_cast<const char*>(h1.data()), 32), bytes2);
  EXPECT_EQ(HexEncode(h2), "c72be8a2057ec1329b03eb871da93c890d91f345573b4f02a7aba66a642cbef6");
}

TEST(RecordCodecTest, SplicedRecordEqualsTheSortedCompactJsonObject) {
  std::vector<NewEvent> events;
  events.push_back(Sample());
  NewEvent odd = Sample();
  odd.actor = "Zoë \"the\" auditor\\";
  odd.correlation_id = "line\nbreak\ttab\x01\x1f\x7f";
  odd.causation_id = "日本語 🙂";
  odd.schema_version = 2147483647;
  odd.data = {{"z", {1, -2, 3.25, 1e300, -0.0, 18446744073709551615ull, -9223372036854775807ll - 1}},
              {"A", nullptr},
              {"nested", {{"b", true}, {"a", false}, {"", "empty key"}}},
              {"é", "accent"},
              {"0", nlohmann::json::array()},
              {"obj", nlohmann::json::object()}};
  events.push_back(odd);
  NewEvent scalar = Sample();
  scalar.data = "just a string";
  events.push_back(scalar);
  for (const auto& e : events) {
    for (std::uint64_t position : {1ull, 10ull, 18446744073709551615ull}) {
      EXPECT_EQ(Encode(e, "stream/ü", position, At("1970-01-01T00:00:00Z"), position / 2 + 1),
                Reference(e, "stream/ü", position, At("1970-01-01T00:00:00Z"), position / 2 + 1));
    }
  }
}

TEST(RecordCodecTest, DecodeGivesEveryFieldBack) {
  NewEvent e = Sample();
  e.causation_id = "c";
  e.correlation_id = "r";
  e.schema_version = 4;
  std::string bytes = Encode(e, "s", 42, At("2025-06-30T08:15:02.000015Z"), 7);
  RecordedEvent r;
  ASSERT_OK(DecodeRecord(bytes, &r));
  EXPECT_EQ(r.position, 42u);
  EXPECT_EQ(r.stream, "s");
  EXPECT_EQ(r.version, 7u);
  EXPECT_EQ(r.event_id, e.event_id);
  EXPECT_EQ(r.type, e.type);
  EXPECT_EQ(r.schema_version, 4);
  EXPECT_EQ(r.recorded_at, At("2025-06-30T08:15:02.000015Z"));
  EXPECT_EQ(r.actor, "import");
  EXPECT_EQ(r.correlation_id, "r");
  EXPECT_EQ(r.causation_id, "c");
  EXPECT_EQ(r.data, e.data);
  EXPECT_EQ(r.stored_bytes, bytes);
}

TEST(RecordCodecTest, DecodeRejectsWhatIsNotARecord) {
  std::string good = Encode(Sample(), "s", 1, At("2025-06-30T08:15:02Z"), 1);
  auto message = [](std::string_view bytes) {
    RecordedEvent r;
    Status s = DecodeRecord(bytes, &r);
    EXPECT_EQ(s.code(), StatusCode::kCorruption);
    return s.message();
  };
  EXPECT_EQ(message("{"), "stored record is not valid JSON");
  EXPECT_EQ(message("[]"), "stored record is not a JSON object");
  auto j = nlohmann::json::parse(good);
  j.erase("actor");
  EXPECT_EQ(message(j.dump()), "stored record has 10 members instead of 11");
  j["extra"] = 1;
  EXPECT_EQ(message(j.dump()), "stored record lacks \"actor\"");
  j = nlohmann::json::parse(good);
  j["position"] = -1;
  EXPECT_EQ(message(j.dump()), "stored record has a \"position\" that is not a non-negative integer");
  j = nlohmann::json::parse(good);
  j["type"] = 5;
  EXPECT_EQ(message(j.dump()), "stored record has a non-string \"type\"");
  j = nlohmann::json::parse(good);
  j["schema_version"] = 0;
  EXPECT_EQ(message(j.dump()), "stored record has schema_version 0 outside 1..2147483647");
  j = nlohmann::json::parse(good);
  j["recorded_at"] = "2025-06-30T08:15:02Z";
  EXPECT_EQ(message(j.dump()), "recorded_at '2025-06-30T08:15:02Z' is not YYYY-MM-DDTHH:MM:SS.ffffffZ");
}

TEST(RecordCodecTest, RecordedAtTextIsFixedWidth) {
  EXPECT_EQ(*FormatRecordedAt(At("2025-06-30T08:15:02.000015Z")), "2025-06-30T08:15:02.000015Z");
  EXPECT_EQ(*FormatRecordedAt(At("1969-12-31T23:59:59.999999Z")), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(*ParseRecordedAt("2024-02-29T23:59:59.123456Z"), At("2024-02-29T23:59:59.123456Z"));
  EXPECT_EQ(ParseRecordedAt("2025-02-29T00:00:00.000000Z").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ParseRecordedAt("2025-06-30T24:00:00.000000Z").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ParseRecordedAt("2025-06-30 08:00:00.000000Z").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ParseRecordedAt("2025-06-30T08:00:00.00000aZ").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(FormatRecordedAt(Timestamp(std::chrono::hours(24 * 365 * 9000))).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(KeyLayoutTest, PositionsAreBigEndian) {
  EXPECT_EQ(AsView(BE64(1)), std::string_view("\0\0\0\0\0\0\0\1", 8));
  EXPECT_EQ(AsView(BE64(0x0102030405060708ull)), std::string_view("\1\2\3\4\5\6\7\10", 8));
  EXPECT_EQ(ReadBE64(AsView(BE64(0xfedcba9876543210ull))), 0xfedcba9876543210ull);
  EXPECT_EQ(ReadBE64("short"), std::nullopt);
  EXPECT_LT(AsView(BE64(255)), AsView(BE64(256)));
}

TEST(KeyLayoutTest, StreamKeys) {
  EXPECT_EQ(StreamKey("action-1", 3), std::string("action-1\0\0\0\0\0\0\0\0\3", 17));
  EXPECT_LT(StreamKey("a", 0xff), StreamKey("a", 0x100));
  EXPECT_LT(StreamKey("a", UINT64_MAX), StreamKey("a0", 1));  // 0x00 separator sorts first.
  EXPECT_EQ(StreamPrefix("a"), std::string("a\0", 2));
}

TEST(KeyLayoutTest, ByTimeKeysSortByInstantThenPosition) {
  auto key = [](const char* t, std::uint64_t p) {
    auto k = ByTimeKey(At(t), p);
    return std::string(k.data(), k.size());
  };
  EXPECT_EQ(key("1970-01-01T00:00:00Z", 5), std::string("\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\0\5", 16));
  EXPECT_EQ(key("1970-01-01T00:00:00.000001Z", 0), std::string("\x80\0\0\0\0\0\0\1\0\0\0\0\0\0\0\0", 16));
  EXPECT_EQ(key("1969-12-31T23:59:59.999999Z", 0), std::string("\x7f\xff\xff\xff\xff\xff\xff\xff\0\0\0\0\0\0\0\0", 16));
  EXPECT_LT(key("1969-12-31T23:59:59Z", 9), key("1970-01-01T00:00:00Z", 1));
  EXPECT_LT(key("2025-06-30T08:00:00Z", 1), key("2025-06-30T08:00:00Z", 2));
  EXPECT_LT(key("2025-06-30T08:00:00Z", 9), key("2025-06-30T08:00:00.000001Z", 1));
}

}  // namespace
}  // namespace mrtrack::events::store
