#include "platform/outbox/webhook_address.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cstring>

namespace moim::outbox {

namespace {

// Does the address start with `prefix` for its first `bits` bits?
bool in_prefix(const std::uint8_t* address, std::initializer_list<std::uint8_t> prefix, int bits) {
  const std::uint8_t* byte = prefix.begin();
  for (int index = 0; bits > 0; ++index, bits -= 8, ++byte) {
    const std::uint8_t mask =
        bits >= 8 ? std::uint8_t{0xff} : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((address[index] & mask) != (*byte & mask)) return false;
  }
  return true;
}

AddressClass classify_v4(const std::uint8_t* a) {
  if (in_prefix(a, {0}, 8)) return AddressClass::kUnspecified;
  if (in_prefix(a, {127}, 8)) return AddressClass::kLoopback;
  if (in_prefix(a, {10}, 8) || in_prefix(a, {172, 16}, 12) || in_prefix(a, {192, 168}, 16))
    return AddressClass::kPrivate;
  if (in_prefix(a, {169, 254}, 16)) return AddressClass::kLinkLocal;
  if (in_prefix(a, {100, 64}, 10)) return AddressClass::kCgnat;
  if (in_prefix(a, {224}, 4)) return AddressClass::kMulticast;
  if (in_prefix(a, {240}, 4) || in_prefix(a, {192, 0, 0}, 24) || in_prefix(a, {198, 18}, 15))
    return AddressClass::kReserved;
  return AddressClass::kPublic;
}

Error refused(const std::string& host, const IpAddress& address, AddressClass kind) {
  std::string message = "url's host " + host;
  if (host != address.text()) message += " resolves to " + address.text() + ",";
  message += " " + std::string(describe(kind)) + "; webhooks go to public internet addresses only";
  return Error{400, "unsafe", std::move(message), "url"};
}

Error unresolved(std::string message) {
  return Error{400, "unresolved", std::move(message), "url"};
}

}  // namespace

IpAddress IpAddress::v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  IpAddress address;
  address.bytes[0] = a;
  address.bytes[1] = b;
  address.bytes[2] = c;
  address.bytes[3] = d;
  return address;
}

std::string IpAddress::text() const {
  char buffer[INET6_ADDRSTRLEN] = {0};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buffer, sizeof buffer);
  return buffer;
}

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string copy(text);
  IpAddress address;
  if (inet_pton(AF_INET, copy.c_str(), address.bytes.data()) == 1) return address;
  address.v6 = true;
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) == 1) return address;
  return std::nullopt;
}

std::optional<IpAddress> from_sockaddr(const sockaddr* address) {
  if (address == nullptr) return std::nullopt;
  IpAddress result;
  if (address->sa_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof v4);
    std::memcpy(result.bytes.data(), &v4.sin_addr, 4);
    return result;
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof v6);
    result.v6 = true;
    std::memcpy(result.bytes.data(), &v6.sin6_addr, 16);
    return result;
  }
  return std::nullopt;
}

AddressClass classify(const IpAddress& address) {
  const std::uint8_t* a = address.bytes.data();
  if (!address.v6) return classify_v4(a);
  static constexpr std::uint8_t kZero[16] = {0};
  // ::/96 holds ::, ::1 and the old IPv4-compatible form ::a.b.c.d.
  if (std::memcmp(a, kZero, 12) == 0) {
    if (std::memcmp(a + 12, kZero, 3) == 0 && a[15] <= 1)
      return a[15] == 0 ? AddressClass::kUnspecified : AddressClass::kLoopback;
    return classify_v4(a + 12);
  }
  // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (NAT64) reach the IPv4 address.
  if ((std::memcmp(a, kZero, 10) == 0 && a[10] == 0xff && a[11] == 0xff) ||
      in_prefix(a, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}, 96))
    return classify_v4(a + 12);
  if (in_prefix(a, {0x20, 0x02}, 16)) return classify_v4(a + 2);  // 6to4 embeds one too
  if (in_prefix(a, {0xfc}, 7) || in_prefix(a, {0xfe, 0xc0}, 10)) return AddressClass::kPrivate;
  if (in_prefix(a, {0xfe, 0x80}, 10)) return AddressClass::kLinkLocal;
  if (in_prefix(a, {0xff}, 8)) return AddressClass::kMulticast;
  if (in_prefix(a, {0x01, 0x00, 0, 0, 0, 0, 0, 0}, 64) ||
      in_prefix(a, {0x20, 0x01, 0x0d, 0xb8}, 32))
    return AddressClass::kReserved;
  return AddressClass::kPublic;
}

std::string_view describe(AddressClass kind) {
  switch (kind) {
    case AddressClass::kPublic:
      return "a public address";
    case AddressClass::kLoopback:
      return "a loopback address";
    case AddressClass::kPrivate:
      return "a private-network address";
    case AddressClass::kLinkLocal:
      return "a link-local address";
    case AddressClass::kCgnat:
      return "a carrier-grade NAT (shared) address";
    case AddressClass::kMulticast:
      return "a multicast address";
    case AddressClass::kUnspecified:
      return "an unspecified address";
    case AddressClass::kReserved:
      return "a reserved address";
  }
  return "an unknown kind of address";
}

Resolver system_resolver() {
  return [](const std::string& host) -> Result<std::vector<IpAddress>> {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int code = getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (code != 0)
      return unresolved("url's host " + host + " does not resolve (" + gai_strerror(code) + ")");
    std::vector<IpAddress> addresses;
    for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
      auto address = from_sockaddr(entry->ai_addr);
      if (address && std::find(addresses.begin(), addresses.end(), *address) == addresses.end())
        addresses.push_back(*address);
    }
    freeaddrinfo(found);
    if (addresses.empty()) return unresolved("url's host " + host + " has no address");
    return addresses;
  };
}

bool may_connect(const IpAddress& address, const AddressPolicy& policy) {
  return policy.allow_local || classify(address) == AddressClass::kPublic;
}

Result<CheckedUrl> check_webhook_url(std::string_view url, const AddressPolicy& policy) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return Error::invalid("url", "url is not a valid absolute URL");
  const boost::urls::url_view& view = parsed.value();
  const bool https = view.scheme_id() == boost::urls::scheme::https;
  const bool http = view.scheme_id() == boost::urls::scheme::http;
  if (!https && !(http && policy.allow_local))
    return Error::invalid("url", "url must start with https://");
  if (!view.has_authority() || view.encoded_host().empty())
    return Error::invalid("url", "url must name a host");
  if (view.has_userinfo())
    return Error::invalid("url", "url must not carry a user name or password");
  CheckedUrl checked;
  checked.port = https ? 443 : 80;
  if (view.has_port()) {
    if (view.port().empty() || view.port_number() == 0)
      return Error::invalid("url", "url's port must be 1 to 65535");
    checked.port = view.port_number();
  }
  switch (view.host_type()) {
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::ipv6: {
      checked.literal = true;
      checked.host = view.host_address();
      auto address = parse_ip(checked.host);
      if (!address) return Error::invalid("url", "url's host is not a valid IP address");
      if (!may_connect(*address, policy))
        return refused(checked.host, *address, classify(*address));
      checked.address = *address;
      return checked;
    }
    case boost::urls::host_type::name:
      break;
    default:
      return Error::invalid("url", "url must name a host by name or IP address");
  }
  checked.host = view.host_name();
  // Percent-decoding may have produced anything; a DNS name has none of these.
  const bool odd = std::any_of(checked.host.begin(), checked.host.end(), [](char ch) {
    return static_cast<unsigned char>(ch) <= ' ' || ch == ':' || ch == '/' || ch == '%' ||
           ch == '@' || ch == '\\';
  });
  if (checked.host.empty() || odd) return Error::invalid("url", "url must name a host");
  auto addresses = policy.resolve(checked.host);
  if (!addresses) return addresses.error();
  if (addresses->empty()) return unresolved("url's host " + checked.host + " has no address");
  // Every address must pass: a resolver may hand out any of them later.
  for (const IpAddress& address : addresses.value()) {
    if (!may_connect(address, policy)) return refused(checked.host, address, classify(address));
  }
  checked.address = addresses->front();
  return checked;
}

}  // namespace moim::outbox
