#include "common/status.h"

#include <gtest/gtest.h>

namespace mrtrack {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument("odd", "x");
  return x / 2;
}

Status UseHalf(int x, int* out) {
  MRTRACK_ASSIGN_OR_RETURN(*out, Half(x));
  return Status::Ok();
}

TEST(StatusTest, ToStringNamesCodeMessageAndField) {
  EXPECT_EQ(InvalidArgument("bad", "line 3").ToString(), "invalid_argument: bad (at line 3)");
  EXPECT_EQ(Status::Ok().ToString(), "ok");
}

TEST(StatusTest, AssignOrReturnPropagatesError) {
  int v = 0;
  EXPECT_TRUE(UseHalf(4, &v).ok());
  EXPECT_EQ(v, 2);
  Status s = UseHalf(3, &v);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "x");
}

TEST(StatusTest, WithContextPrefixesMessage) {
  EXPECT_EQ(NotFound("no such").WithContext("reading x").message(), "reading x: no such");
}

}  // namespace
}  // namespace mrtrack
