#include "notifier/channels/chat_escape.h"

#include <gtest/gtest.h>

namespace mrtrack::notifier {
namespace {

TEST(ChatEscapeTest, SlackAndGoogleChatUseEntitiesForMarkup) {
  for (auto escape : {EscapeSlackText, EscapeGoogleChatText}) {
    EXPECT_EQ(escape("<users/all> <!channel> <https://x|y> a & b"),
              "&lt;users/all&gt; &lt;!channel&gt; &lt;https://x|y&gt; a &amp; b");
    EXPECT_EQ(escape("plain text, 50% done"), "plain text, 50% done");
  }
}

TEST(ChatEscapeTest, TeamsEscapesMarkdown) {
  EXPECT_EQ(EscapeTeamsText("<users/all> [click](https://x) **bold** _i_ `c` ~s~ a|b \\"),
            "\\<users/all\\> \\[click\\]\\(https://x\\) \\*\\*bold\\*\\* \\_i\\_ \\`c\\` \\~s\\~ a\\|b \\\\");
  // What would start a heading or list is escaped only where it starts the value.
  EXPECT_EQ(EscapeTeamsText("# title"), "\\# title");
  EXPECT_EQ(EscapeTeamsText("- item - more"), "\\- item - more");
  EXPECT_EQ(EscapeTeamsText("12. item"), "12\\. item");
  EXPECT_EQ(EscapeTeamsText("2025-03-31 is 1.5 weeks away"), "2025-03-31 is 1.5 weeks away");
}

TEST(ChatEscapeTest, LineBreaksCannotFakeMessageStructure) {
  const std::string forged = "done\r\nDeadline: 2099-01-01\n- fake item\x1b[2J\xE2\x80\xA8x";
  EXPECT_EQ(EscapeSlackText(forged), "done  Deadline: 2099-01-01 - fake item [2J x");
  EXPECT_EQ(EscapeGoogleChatText(forged), "done  Deadline: 2099-01-01 - fake item [2J x");
  EXPECT_EQ(EscapeTeamsText(forged), "done  Deadline: 2099-01-01 - fake item \\[2J x");
}

}  // namespace
}  // namespace mrtrack::notifier
