#include "common/crypto.h"

#include <gtest/gtest.h>

namespace mrtrack {
namespace {

TEST(CryptoTest, Sha256KnownVector) {
  EXPECT_EQ(HexEncode(Sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Concat("a", "bc"), Sha256("abc"));
}

TEST(CryptoTest, HmacKnownVector) {
  // RFC 4231 test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, Base64RoundTrip) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    auto d = Base64Decode(Base64Encode(s));
    ASSERT_TRUE(d.ok()) << s;
    EXPECT_EQ(*d, s);
  }
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_FALSE(Base64Decode("abc").ok());
}

TEST(CryptoTest, UuidShape) {
  std::string u = RandomUuid();
  EXPECT_TRUE(IsUuid(u)) << u;
  EXPECT_EQ(u[14], '4');
  EXPECT_NE(RandomUuid(), u);
  EXPECT_FALSE(IsUuid("not-a-uuid"));
}

TEST(CryptoTest, HexRoundTrip) {
  auto d = HexDecode("00ff10");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(HexEncode(*d), "00ff10");
  EXPECT_FALSE(HexDecode("0g").ok());
}

}  // namespace
}  // namespace mrtrack
