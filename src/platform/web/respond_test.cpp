#include "platform/web/respond.hpp"

#include <gtest/gtest.h>

namespace moim::web {
namespace {

TEST(ErrorResponse, AStorageFailureIsA503WithRetryAfterAndNoDetail) {
  const Error outage{503,
                     "database_unavailable",
                     "cannot connect to PostgreSQL: connection to server at \"10.1.2.3\", port "
                     "5432 failed",
                     {}};
  http::Response response = error_response(outage);
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.header("Retry-After"), std::optional<std::string>("30"));
  EXPECT_EQ(response.body.find("10.1.2.3"), std::string::npos) << response.body;
  EXPECT_EQ(response.body.find("5432"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("\"unavailable\""), std::string::npos) << response.body;
}

TEST(ErrorResponse, AnInternalErrorHidesItsDetailWithoutRetryAfter) {
  http::Response response = error_response(Error::internal("no such column: secret_thing"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret_thing"), std::string::npos) << response.body;
  EXPECT_FALSE(response.header("Retry-After").has_value());
}

TEST(ErrorResponse, Every429SaysWhenToRetry) {
  EXPECT_EQ(error_response(Error::too_many("slow down", 42)).header("Retry-After"),
            std::optional<std::string>("42"));
  Error without_delay{429, "too_many_requests", "slow down", {}};
  EXPECT_EQ(error_response(without_delay).header("Retry-After"), std::optional<std::string>("60"));
  // Below 500 the caller sees the message as it is.
  EXPECT_NE(error_response(Error::too_many("slow down")).body.find("slow down"), std::string::npos);
}

}  // namespace
}  // namespace moim::web
