// Where a webhook may go. Organizers type endpoint URLs, and the worker posts
// to them from inside the deployment's network: an URL naming (or resolving
// to) a loopback, private, link-local, CGNAT, multicast or unspecified
// address would let an organizer reach services that are not theirs (SSRF).
// So an URL is checked when it is registered and again, with a fresh DNS
// answer, at every delivery; the connector then connects only to the address
// that passed (DNS can change between the check and the connect).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/error.hpp"

struct sockaddr;

namespace moim::outbox {

struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4: the first 4 bytes

  static IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d);
  std::string text() const;  // 10.0.0.1, ::1 (no brackets)
  bool operator==(const IpAddress&) const = default;
};

// Dotted IPv4 or IPv6 text (no brackets, no zone); nullopt otherwise.
std::optional<IpAddress> parse_ip(std::string_view text);
// nullopt for families other than AF_INET and AF_INET6.
std::optional<IpAddress> from_sockaddr(const sockaddr* address);

enum class AddressClass {
  kPublic,
  kLoopback,     // 127/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10
  kLinkLocal,    // 169.254/16, fe80::/10
  kCgnat,        // 100.64/10 (shared address space)
  kMulticast,    // 224/4, ff00::/8
  kUnspecified,  // 0/8, ::
  kReserved,     // 240/4 and broadcast, 192.0.0/24, 198.18/15, 100::/64, 2001:db8::/32
};

// IPv6 forms that carry an IPv4 address (::ffff:a.b.c.d, ::a.b.c.d,
// 64:ff9b::/96, 2002::/16) are classified by the IPv4 address inside.
AddressClass classify(const IpAddress& address);
std::string_view describe(AddressClass kind);  // "a private address", ...

// Every address a host name resolves to; an Error (code "unresolved") when
// the name does not resolve or the resolver fails.
using Resolver = std::function<Result<std::vector<IpAddress>>(const std::string& host)>;
Resolver system_resolver();  // getaddrinfo

struct AddressPolicy {
  // Tests and local stand-ins only: plain http:// and loopback/private hosts.
  bool allow_local = false;
  Resolver resolve = system_resolver();
};

struct CheckedUrl {
  std::string host;  // as written in the URL, without IPv6 brackets
  int port = 443;
  bool literal = false;  // the host is an IP address
  IpAddress address;     // the one to connect to: it passed the policy
};

// Every refusal is a 400 naming the field "url": code "invalid" for the URL's
// shape, "unsafe" for an address that is not public, "unresolved" for a host
// that does not resolve (at delivery: try again later).
Result<CheckedUrl> check_webhook_url(std::string_view url, const AddressPolicy& policy);

// Whether a connect to `address` is allowed: the connector's last look at
// the socket address libcurl is about to use.
bool may_connect(const IpAddress& address, const AddressPolicy& policy);

}  // namespace moim::outbox
