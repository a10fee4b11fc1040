// Rules the server applies to what arrives on the wire, kept apart from Beast
// so they are unit-tested without sockets: which Transfer-Encoding a request
// may carry, which X-Forwarded-For address is the client, and how many
// connections one client address may hold.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace moim::http {

// RFC 9112 §6.1 and §6.3: a request body is framed by chunked as the final
// transfer coding or by Content-Length, never both. Returns 0 when the
// framing is acceptable, 400 for a Transfer-Encoding whose last coding is not
// chunked (or one sent beside Content-Length: a smuggling attempt), and 501
// for a coding before chunked that this server does not decode (gzip, …).
int transfer_encoding_verdict(std::optional<std::string_view> transfer_encoding,
                              bool has_content_length);

// The client's address from X-Forwarded-For when `hops` trusted proxies each
// appended the address they saw: the hops-th address from the right. What
// the client wrote itself stands further left and is ignored. nullopt when
// the header has fewer addresses or that one is not an IP address.
std::optional<std::string> forwarded_client(std::string_view forwarded_for, int hops);

// Counts open connections per client address and decides who may open one
// more. Thread-safe.
class ClientSlots {
 public:
  // Below this many connections an address may still use the reserve.
  static constexpr int kReserveHolders = 8;

  ClientSlots(int max_total, int max_per_client)
      : max_total_(max_total), max_per_client_(max_per_client), reserve_(max_total / 8) {}

  // Takes a slot for `address`, or says no: the server is full, the address
  // holds its limit, or only the reserve is left and the address already
  // holds kReserveHolders or more.
  bool acquire(const std::string& address);
  void release(const std::string& address);
  int held_by(const std::string& address) const;
  int total() const;

 private:
  const int max_total_;
  const int max_per_client_;
  const int reserve_;
  mutable std::mutex mutex_;
  int total_ = 0;                                    // guarded by mutex_
  std::unordered_map<std::string, int> per_client_;  // guarded by mutex_
};

}  // namespace moim::http
