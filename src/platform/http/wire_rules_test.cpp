#include "platform/http/wire_rules.hpp"

#include <gtest/gtest.h>

namespace moim::http {
namespace {

TEST(TransferEncoding, OnlyChunkedAloneFramesABody) {
  EXPECT_EQ(transfer_encoding_verdict(std::nullopt, false), 0);
  EXPECT_EQ(transfer_encoding_verdict(std::nullopt, true), 0);
  EXPECT_EQ(transfer_encoding_verdict("chunked", false), 0);
  EXPECT_EQ(transfer_encoding_verdict("Chunked", false), 0);
  for (const char* wrong : {"gzip", "identity", "xchunked", "chunked, identity", "chunked, chunked",
                            "", " ", "chunked,", ",chunked"}) {
    EXPECT_EQ(transfer_encoding_verdict(wrong, false), 400) << wrong;
  }
  EXPECT_EQ(transfer_encoding_verdict("gzip, chunked", false), 501);
  // Both framings at once is how requests are smuggled past a proxy.
  EXPECT_EQ(transfer_encoding_verdict("chunked", true), 400);
}

TEST(ForwardedFor, TakesWhatTheTrustedProxyAppended) {
  // The client wrote "6.6.6.6" itself; nginx appended the address it saw.
  EXPECT_EQ(forwarded_client("6.6.6.6, 203.0.113.7", 1), "203.0.113.7");
  EXPECT_EQ(forwarded_client("6.6.6.6, 203.0.113.7, 10.0.0.2", 2), "203.0.113.7");
  EXPECT_EQ(forwarded_client("203.0.113.7", 1), "203.0.113.7");
  EXPECT_EQ(forwarded_client("2001:db8::1", 1), "2001:db8::1");
  EXPECT_EQ(forwarded_client("[2001:db8::1]:443", 1), "2001:db8::1");
  EXPECT_EQ(forwarded_client("203.0.113.7:5000", 1), "203.0.113.7");
  EXPECT_EQ(forwarded_client("203.0.113.7", 2), std::nullopt);
  EXPECT_EQ(forwarded_client("evil.example", 1), std::nullopt);
  EXPECT_EQ(forwarded_client("", 1), std::nullopt);
}

TEST(ClientSlots, OneAddressCannotTakeEverySlot) {
  ClientSlots slots(/*max_total=*/80, /*max_per_client=*/64);
  int flood = 0;
  while (slots.acquire("198.51.100.9")) ++flood;
  EXPECT_EQ(flood, 64);
  // Others still get in, up to the reserve, and the reserve is theirs too.
  for (int idx = 0; idx < 16; ++idx) EXPECT_TRUE(slots.acquire("192.0.2." + std::to_string(idx)));
  EXPECT_FALSE(slots.acquire("192.0.2.200"));  // full
  slots.release("198.51.100.9");
  EXPECT_FALSE(slots.acquire("198.51.100.9"));  // only the reserve is left, and it holds 63
  EXPECT_TRUE(slots.acquire("192.0.2.201"));
  EXPECT_EQ(slots.total(), 80);
  EXPECT_EQ(slots.held_by("198.51.100.9"), 63);
}

TEST(ClientSlots, ReleasingEverythingLeavesNothingBehind) {
  ClientSlots slots(4, 2);
  EXPECT_TRUE(slots.acquire("a"));
  EXPECT_TRUE(slots.acquire("a"));
  EXPECT_FALSE(slots.acquire("a"));
  slots.release("a");
  slots.release("a");
  slots.release("a");  // an extra release is harmless
  EXPECT_EQ(slots.total(), 0);
  EXPECT_EQ(slots.held_by("a"), 0);
}

}  // namespace
}  // namespace moim::http
