#include "common/sign_in_link.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "common/crypto.h"
#include "tests/support/temp_dir.h"

namespace mrtrack {
namespace {

using std::chrono::hours;

const Timestamp kNow{std::chrono::hours(24 * 20000)};

TEST(SignInLinkTest, MintedTokensVerifyUntilTheyExpire) {
  const std::string key(32, 'k');
  std::string token = MintSignInLinkToken(key, "kaz-co", "Focal.Point+kz@example.org", kNow + hours(24 * 14));
  EXPECT_EQ(token.rfind("l1.", 0), 0u);
  EXPECT_EQ(token.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-"), std::string::npos)
      << "URL-safe as it is: " << token;
  auto link = VerifySignInLinkToken(key, token, kNow);
  ASSERT_TRUE(link.ok()) << link.status().ToString();
  EXPECT_EQ(link->unit, "kaz-co");
  EXPECT_EQ(link->recipient, "Focal.Point+kz@example.org");
  auto expired = VerifySignInLinkToken(key, token, kNow + hours(24 * 14));
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("expired"), std::string::npos);
}

TEST(SignInLinkTest, ForgedAlteredAndMalformedTokensAreRefused) {
  const std::string key(32, 'k');
  std::string token = MintSignInLinkToken(key, "kaz-co", "a@example.org", kNow + hours(1));
  EXPECT_FALSE(VerifySignInLinkToken(std::string(32, 'x'), token, kNow).ok()) << "another key";
  std::string other_unit = token;
  other_unit.replace(other_unit.find(".kaz-co."), 8, ".ecaro.");
  EXPECT_FALSE(VerifySignInLinkToken(key, other_unit, kNow).ok()) << "the unit is covered by the MAC";
  std::string later = MintSignInLinkToken(key, "kaz-co", "a@example.org", kNow + hours(2));
  std::string spliced = later.substr(0, later.rfind('.')) + token.substr(token.rfind('.'));
  EXPECT_FALSE(VerifySignInLinkToken(key, spliced, kNow).ok()) << "the expiry is covered by the MAC";
  for (const char* bad : {"", "l1", "l2.1.a.61.00", "l1.x.a.61.00", "l1.1.a.zz.00", "l1.1..61.00"}) {
    auto r = VerifySignInLinkToken(key, bad, kNow);
    EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated) << bad;
  }
}

TEST(SignInLinkTest, TheKeyIsCreatedOnceAndRotationRevokesLinks) {
  test_support::TempDir dir;
  auto key = LoadSignInLinkKey(dir.path());
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat(SignInLinkKeyPath(dir.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the key is a secret";
  auto again = LoadSignInLinkKey(dir.path());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *key) << "loading does not replace it";
  std::string token = MintSignInLinkToken(*key, "kaz-co", "a@example.org", kNow + hours(1));
  ASSERT_TRUE(RotateSignInLinkKey(dir.path()).ok());
  auto rotated = LoadSignInLinkKey(dir.path());
  ASSERT_TRUE(rotated.ok());
  EXPECT_NE(*rotated, *key);
  EXPECT_FALSE(VerifySignInLinkToken(*rotated, token, kNow).ok()) << "links minted before are void";
}

TEST(SignInLinkTest, AKeyFileThatIsNotAKeyIsCorruption) {
  test_support::TempDir dir;
  FILE* f = std::fopen(SignInLinkKeyPath(dir.path()).c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("not hex\n", f);
  std::fclose(f);
  EXPECT_EQ(LoadSignInLinkKey(dir.path()).status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace mrtrack
