// The address classifier and the URL check behind webhook registration and
// delivery: table-driven, with a fake resolver (no test asks real DNS).
#include "platform/outbox/webhook_address.hpp"

#include <gtest/gtest.h>

namespace moim::outbox {
namespace {

AddressClass class_of(std::string_view text) {
  auto address = parse_ip(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address ? classify(*address) : AddressClass::kPublic;
}

TEST(WebhookAddress, ClassifiesIpv4Ranges) {
  const std::vector<std::pair<std::string_view, AddressClass>> cases{
      {"8.8.8.8", AddressClass::kPublic},
      {"93.184.216.34", AddressClass::kPublic},
      {"127.0.0.1", AddressClass::kLoopback},
      {"127.255.255.254", AddressClass::kLoopback},
      {"10.0.0.1", AddressClass::kPrivate},
      {"172.16.0.1", AddressClass::kPrivate},
      {"172.31.255.255", AddressClass::kPrivate},
      {"172.32.0.1", AddressClass::kPublic},
      {"172.15.255.255", AddressClass::kPublic},
      {"192.168.1.1", AddressClass::kPrivate},
      {"169.254.169.254", AddressClass::kLinkLocal},
      {"100.64.0.1", AddressClass::kCgnat},
      {"100.127.255.255", AddressClass::kCgnat},
      {"100.128.0.1", AddressClass::kPublic},
      {"100.63.255.255", AddressClass::kPublic},
      {"224.0.0.1", AddressClass::kMulticast},
      {"239.255.255.250", AddressClass::kMulticast},
      {"0.0.0.0", AddressClass::kUnspecified},
      {"0.1.2.3", AddressClass::kUnspecified},
      {"255.255.255.255", AddressClass::kReserved},
      {"240.0.0.1", AddressClass::kReserved},
      {"198.18.0.1", AddressClass::kReserved},
      {"192.0.0.8", AddressClass::kReserved},
      {"11.0.0.1", AddressClass::kPublic},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(class_of(text), expected) << text;
}

TEST(WebhookAddress, ClassifiesIpv6RangesAndEmbeddedIpv4) {
  const std::vector<std::pair<std::string_view, AddressClass>> cases{
      {"2606:4700::1111", AddressClass::kPublic},
      {"::1", AddressClass::kLoopback},
      {"::", AddressClass::kUnspecified},
      {"fe80::1", AddressClass::kLinkLocal},
      {"febf::1", AddressClass::kLinkLocal},
      {"fc00::1", AddressClass::kPrivate},
      {"fd12:3456::1", AddressClass::kPrivate},
      {"fec0::1", AddressClass::kPrivate},
      {"ff02::1", AddressClass::kMulticast},
      {"2001:db8::1", AddressClass::kReserved},
      // IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms reach the IPv4 inside.
      {"::ffff:127.0.0.1", AddressClass::kLoopback},
      {"::ffff:10.0.0.1", AddressClass::kPrivate},
      {"::ffff:169.254.169.254", AddressClass::kLinkLocal},
      {"::ffff:8.8.8.8", AddressClass::kPublic},
      {"::127.0.0.1", AddressClass::kLoopback},
      {"64:ff9b::192.168.0.1", AddressClass::kPrivate},
      {"64:ff9b::8.8.8.8", AddressClass::kPublic},
      {"2002:7f00:1::1", AddressClass::kLoopback},
      {"2002:0808:0808::1", AddressClass::kPublic},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(class_of(text), expected) << text;
}

TEST(WebhookAddress, ParsesAndPrintsAddresses) {
  EXPECT_EQ(parse_ip("10.0.0.1")->text(), "10.0.0.1");
  EXPECT_EQ(parse_ip("0:0:0:0:0:0:0:1")->text(), "::1");
  EXPECT_FALSE(parse_ip("").has_value());
  EXPECT_FALSE(parse_ip("localhost").has_value());
  EXPECT_FALSE(parse_ip("1.2.3").has_value());
  EXPECT_FALSE(parse_ip("[::1]").has_value());
}

Resolver fixed(std::vector<IpAddress> answer) {
  return [answer](const std::string&) -> Result<std::vector<IpAddress>> { return answer; };
}

TEST(WebhookAddress, UrlCheckNamesTheUrlFieldAndExplainsTheRefusal) {
  const AddressPolicy strict{.allow_local = false, .resolve = fixed({IpAddress::v4(8, 8, 4, 4)})};
  auto fine = check_webhook_url("https://hooks.example.org:8443/in?x=1", strict);
  ASSERT_TRUE(fine.ok()) << fine.error().message;
  EXPECT_EQ(fine->host, "hooks.example.org");
  EXPECT_EQ(fine->port, 8443);
  EXPECT_FALSE(fine->literal);
  EXPECT_EQ(fine->address, IpAddress::v4(8, 8, 4, 4));
  auto literal = check_webhook_url("https://[2606:4700::1111]/h", strict);
  ASSERT_TRUE(literal.ok());
  EXPECT_TRUE(literal->literal);
  EXPECT_EQ(literal->host, "2606:4700::1111");

  auto loopback = check_webhook_url("https://127.0.0.1/h", strict);
  ASSERT_FALSE(loopback.ok());
  EXPECT_EQ(loopback.error().field, "url");
  EXPECT_NE(loopback.error().message.find("loopback"), std::string::npos);
  EXPECT_EQ(check_webhook_url("http://hooks.example.org/h", strict).error().field, "url");
  EXPECT_EQ(check_webhook_url("not a url", strict).error().field, "url");
  EXPECT_EQ(check_webhook_url("https:///path", strict).error().field, "url");

  // One private answer among public ones is enough to refuse: a resolver may pick any.
  const AddressPolicy mixed{
      .allow_local = false,
      .resolve = fixed({IpAddress::v4(8, 8, 4, 4), *parse_ip("::ffff:192.168.0.1")})};
  auto inside = check_webhook_url("https://split.example/h", mixed);
  ASSERT_FALSE(inside.ok());
  EXPECT_NE(inside.error().message.find("192.168.0.1"), std::string::npos)
      << inside.error().message;

  const AddressPolicy failing{.allow_local = false,
                              .resolve = [](const std::string&) -> Result<std::vector<IpAddress>> {
                                return Error{400, "unresolved", "no such host", "url"};
                              }};
  EXPECT_EQ(check_webhook_url("https://gone.example/h", failing).error().code, "unresolved");

  const AddressPolicy local{.allow_local = true, .resolve = fixed({IpAddress::v4(127, 0, 0, 1)})};
  auto stand_in = check_webhook_url("http://stand-in.test:8080/hook", local);
  ASSERT_TRUE(stand_in.ok());
  EXPECT_EQ(stand_in->port, 8080);
  EXPECT_EQ(stand_in->address, IpAddress::v4(127, 0, 0, 1));
  EXPECT_TRUE(check_webhook_url("http://[::1]:9/h", local).ok());
}

TEST(WebhookAddress, MayConnectFollowsThePolicy) {
  const AddressPolicy strict{.allow_local = false, .resolve = fixed({})};
  const AddressPolicy local{.allow_local = true, .resolve = fixed({})};
  EXPECT_TRUE(may_connect(IpAddress::v4(1, 1, 1, 1), strict));
  EXPECT_FALSE(may_connect(IpAddress::v4(127, 0, 0, 1), strict));
  EXPECT_FALSE(may_connect(*parse_ip("::ffff:10.0.0.1"), strict));
  EXPECT_TRUE(may_connect(IpAddress::v4(127, 0, 0, 1), local));
}

}  // namespace
}  // namespace moim::outbox
