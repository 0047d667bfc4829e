// Appends the store refuses, each with its exact code, message and field.
#include "events/store.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/events/store/store_test_util.h"

namespace mrtrack::events {
namespace {

using store_test::At;
using store_test::Ev;
using store_test::One;
using store_test::Part;
using store_test::TempDir;

class InvalidInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store_test::OpenStore(dir_.path(), clock_, StoreOptions{.sync = false});
    ASSERT_NE(store_, nullptr);
  }

  void ExpectInvalid(std::vector<AppendPart> parts, const std::string& message, const std::string& field,
                     StatusCode code = StatusCode::kInvalidArgument) {
    auto r = store_->Append(std::move(parts));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), code);
    EXPECT_EQ(r.status().message(), message);
    EXPECT_EQ(r.status().field(), field);
    EXPECT_EQ(store_->HeadPosition(), 0u);
  }

  TempDir dir_;
  ManualClock clock_{At("2025-06-30T08:00:00Z")};
  std::unique_ptr<EventStore> store_;
};

TEST_F(InvalidInputTest, NoParts) { ExpectInvalid({}, "an append needs at least one part", "parts"); }

TEST_F(InvalidInputTest, EmptyPart) {
  std::vector<AppendPart> parts;
  parts.push_back(Part("a", ExpectedVersion::Any(), {Ev("E")}));
  parts.push_back(Part("b", ExpectedVersion::Any(), {}));
  ExpectInvalid(std::move(parts), "parts[1] (stream 'b') has no events", "parts[1].events");
}

TEST_F(InvalidInputTest, EmptyStreamName) {
  ExpectInvalid(One("", ExpectedVersion::Any(), {Ev("E")}), "parts[0].stream is empty", "parts[0].stream");
}

TEST_F(InvalidInputTest, StreamNameWithNul) {
  ExpectInvalid(One(std::string("a\0b", 3), ExpectedVersion::Any(), {Ev("E")}), "parts[0].stream contains a NUL byte",
                "parts[0].stream");
}

TEST_F(InvalidInputTest, StreamNameTooLong) {
  ExpectInvalid(One(std::string(1025, 's'), ExpectedVersion::Any(), {Ev("E")}),
                "parts[0].stream is 1025 bytes long; at most 1024 are allowed", "parts[0].stream");
  ASSERT_OK(store_->Append(One(std::string(1024, 's'), ExpectedVersion::Any(), {Ev("E")})));
}

TEST_F(InvalidInputTest, StreamNameNotUtf8) {
  ExpectInvalid(One("bad\xff", ExpectedVersion::Any(), {Ev("E")}), "parts[0].stream is not valid UTF-8",
                "parts[0].stream");
}

TEST_F(InvalidInputTest, MissingType) {
  ExpectInvalid(One("s", ExpectedVersion::Any(), {Ev("E"), Ev("")}), "parts[0].events[1].type is required",
                "parts[0].events[1].type");
}

TEST_F(InvalidInputTest, MissingActor) {
  ExpectInvalid(One("s", ExpectedVersion::Any(), {Ev("E", {}, "", "")}), "parts[0].events[0].actor is required",
                "parts[0].events[0].actor");
}

TEST_F(InvalidInputTest, SchemaVersionBelowOne) {
  auto e = Ev("E");
  e.schema_version = 0;
  ExpectInvalid(One("s", ExpectedVersion::Any(), {e}),
                "parts[0].events[0].schema_version is 0; schema versions start at 1", "parts[0].events[0].schema_version");
}

TEST_F(InvalidInputTest, EventIdNotAUuid) {
  ExpectInvalid(One("s", ExpectedVersion::Any(), {Ev("E", {}, "not-a-uuid")}),
                "parts[0].events[0].event_id 'not-a-uuid' is not a UUID (8-4-4-4-12 hex digits); leave it empty to "
                "have one generated",
                "parts[0].events[0].event_id");
}

TEST_F(InvalidInputTest, DataWithNaN) {
  ExpectInvalid(One("s", ExpectedVersion::Any(), {Ev("E", {{"x", {1, std::nan("")}}})}),
                "parts[0].events[0].data holds a number JSON cannot represent (NaN or infinity)",
                "parts[0].events[0].data");
}

TEST_F(InvalidInputTest, DataWithInvalidUtf8) {
  ExpectInvalid(One("s", ExpectedVersion::Any(), {Ev("E", {{"x", "\xc3"}})}),
                "parts[0].events[0].data holds a string that is not valid UTF-8", "parts[0].events[0].data");
}

TEST_F(InvalidInputTest, ActorNotUtf8) {
  ExpectInvalid(One("s", ExpectedVersion::Any(), {Ev("E", {}, "", "\xfe")}),
                "parts[0].events[0].actor is not valid UTF-8", "parts[0].events[0].actor");
}

TEST_F(InvalidInputTest, ReadOnlyStoreRefusesAppends) {
  store_.reset();
  store_ = store_test::OpenStore(dir_.path(), clock_, StoreOptions{.read_only = true});
  ASSERT_NE(store_, nullptr);
  ExpectInvalid(One("s", ExpectedVersion::Any(), {Ev("E")}),
                "the event store '" + dir_.path() + "' is open read-only; appends are refused", "",
                StatusCode::kFailedPrecondition);
}

TEST_F(InvalidInputTest, AnyJsonValueIsAcceptedAsData) {
  for (const nlohmann::json& data : {nlohmann::json(nullptr), nlohmann::json(3), nlohmann::json::array({1, "x"}),
                                     nlohmann::json("text"), nlohmann::json(-2.5e300)}) {
    auto r = store_->Append(One("s", ExpectedVersion::Any(), {Ev("E", data)}));
    ASSERT_OK(r);
    EXPECT_EQ(store_->ReadAll(r->positions[0], 1)->at(0).data, data);
  }
  EXPECT_TRUE(store_->Verify().ok);
}

}  // namespace
}  // namespace mrtrack::events
