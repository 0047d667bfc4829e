// The pure parts of the channels: Standard Webhooks signing against the
// specification's published test vector, RFC 2047 headers, the RFC 5322
// date, Message-IDs and iCalendar folding.
#include <gtest/gtest.h>

#include "notifier/channels/icalendar.h"
#include "notifier/channels/mime_message.h"
#include "notifier/channels/rfc2047.h"
#include "notifier/channels/standard_webhooks.h"
#include "mime_reader.h"
#include "notifier_test_util.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;

TEST(StandardWebhooksTest, MatchesTheSpecificationsTestVector) {
  auto key = DecodeWebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_OK(key);
  EXPECT_EQ(SignStandardWebhook(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(StandardWebhooksTest, SecretsMustBeWhsecBase64) {
  auto plain = DecodeWebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.status().message(), "webhook secret must be whsec_<base64>");
  auto bad = DecodeWebhookSecret("whsec_not base64!");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "webhook secret after whsec_ is not base64");
}

TEST(Rfc2047Test, AsciiStaysAndEverythingElseIsEncodedInShortWords) {
  EXPECT_EQ(email::EncodeHeaderText("Key action 1.1 due today"), "Key action 1.1 due today");
  EXPECT_EQ(email::EncodeHeaderText("two\nlines"), "two lines");
  const std::string text = "Срок: разработать стратегию мобилизации ресурсов — к 31 марта";
  const std::string encoded = email::EncodeHeaderText(text);
  for (const auto& line : notifier_test::Lines(encoded)) {
    EXPECT_LE(line.size(), 76u) << line;  // One leading space + a word of at most 75.
    for (char c : line) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
  }
  EXPECT_GT(notifier_test::Lines(encoded).size(), 1u);
  std::string unfolded = encoded;
  for (auto at = unfolded.find("\r\n"); at != std::string::npos; at = unfolded.find("\r\n")) unfolded.erase(at, 2);
  EXPECT_EQ(notifier_test::DecodeWords(unfolded), text);
  EXPECT_EQ(email::FormatAddress("UN Women \"KAZ\"", "a@b.org"), "\"UN Women \\\"KAZ\\\"\" <a@b.org>");
  EXPECT_EQ(notifier_test::DecodeWords(email::FormatAddress("ООН Женщины", "a@b.org")), "ООН Женщины <a@b.org>");
}

TEST(MimeMessageTest, DateAndMessageId) {
  EXPECT_EQ(email::Rfc5322Date(At("2025-03-24T08:00:05.999Z")), "Mon, 24 Mar 2025 08:00:05 +0000");
  EXPECT_EQ(email::Rfc5322Date(At("2024-02-29T23:59:59Z")), "Thu, 29 Feb 2024 23:59:59 +0000");
  EXPECT_EQ(email::MessageIdHeader("rm-1", "mrtrack@example.org"), "<rm-1@example.org>");
  EXPECT_EQ(email::MessageIdHeader("rm-1", "mrtrack"), "<rm-1@mrtrack.invalid>");
}

TEST(ICalendarTest, LongUtf8LinesFoldBetweenCharacters) {
  CalendarEntry e;
  e.uid = "dl-0123@mrtrack";
  e.date = date::year(2025) / 12 / 31;
  e.summary = "Deadline; key action, 1.1";
  e.description = std::string(40, 'x') + " ключевое действие: разработать стратегию мобилизации ресурсов";
  const std::string ics = email::BuildCalendar({e}, At("2025-03-24T08:00:00Z"));
  EXPECT_NE(ics.find("\r\nDTSTART;VALUE=DATE:20251231\r\nDTEND;VALUE=DATE:20260101\r\n"), std::string::npos);
  EXPECT_NE(ics.find("\r\nDTSTAMP:20250324T080000Z\r\n"), std::string::npos);
  EXPECT_NE(ics.find("\r\nSUMMARY:Deadline\\; key action\\, 1.1\r\n"), std::string::npos);
  std::string unfolded;
  std::size_t pos = 0;
  while (pos < ics.size()) {
    const auto end = ics.find("\r\n", pos);
    const std::string line = ics.substr(pos, end - pos);
    EXPECT_LE(line.size(), 75u) << line;
    // No line starts inside a UTF-8 sequence.
    if (!line.empty()) {
      EXPECT_NE(static_cast<unsigned>(static_cast<unsigned char>(line[line[0] == ' ' ? 1 : 0]) & 0xC0u), 0x80u);
    }
    unfolded += line[0] == ' ' ? line.substr(1) : "\n" + line;
    pos = end + 2;
  }
  EXPECT_NE(unfolded.find("\nDESCRIPTION:" + e.description + "\n"), std::string::npos) << unfolded;
}

}  // namespace
}  // namespace mrtrack::notifier
