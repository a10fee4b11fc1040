// A plain-socket Server-Sent Events client for tests: it sends one GET,
// reads the head, then decodes the (chunked or close-delimited) body as it
// arrives. Blocking with timeouts; test use only.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace moim::http::testing {

class SseTestClient {
 public:
  // `receive_buffer` > 0 shrinks SO_RCVBUF (a slow client's small window).
  SseTestClient(std::uint16_t port, const std::string& path, const std::string& extra_headers = {},
                int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (receive_buffer > 0)
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      fd_ = -1;
      return;
    }
    const std::string request =
        "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + "text/event-stream\r\n" +
        extra_headers + "\r\n";
    (void)::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
  }
  ~SseTestClient() { disconnect(); }
  SseTestClient(const SseTestClient&) = delete;
  SseTestClient& operator=(const SseTestClient&) = delete;

  void disconnect() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool connected() const { return fd_ >= 0; }

  // The status line and headers, once they arrived (empty on timeout).
  std::string head(int timeout_ms = 5000) {
    while (!head_done_ && read_more(timeout_ms)) {
    }
    return head_;
  }
  // Reads until the decoded body contains `text`; false on timeout or end.
  bool wait_for(std::string_view text, int timeout_ms = 5000) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (body_.find(text) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0 || !read_more(static_cast<int>(left))) return false;
    }
    return true;
  }
  // True once the server closed the connection within timeout_ms.
  bool ended(int timeout_ms = 5000) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!eof_) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) return false;
      read_more(static_cast<int>(left));
    }
    return true;
  }
  const std::string& body() const { return body_; }
  bool saw_final_chunk() const { return final_chunk_; }

 private:
  bool read_more(int timeout_ms) {
    if (fd_ < 0 || eof_) return false;
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, timeout_ms) <= 0) return false;
    char buffer[16384];
    const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
    if (got <= 0) {
      eof_ = true;
      return false;
    }
    raw_.append(buffer, static_cast<std::size_t>(got));
    decode();
    return true;
  }

  void decode() {
    if (!head_done_) {
      const std::size_t end = raw_.find("\r\n\r\n");
      if (end == std::string::npos) return;
      head_ = raw_.substr(0, end + 4);
      raw_.erase(0, end + 4);
      head_done_ = true;
      chunked_ = head_.find("Transfer-Encoding: chunked") != std::string::npos;
    }
    if (!chunked_) {
      body_ += raw_;
      raw_.clear();
      return;
    }
    for (;;) {
      const std::size_t line_end = raw_.find("\r\n");
      if (line_end == std::string::npos) return;
      const std::size_t size = std::stoul(raw_.substr(0, line_end), nullptr, 16);
      if (raw_.size() < line_end + 2 + size + 2) return;
      if (size == 0) final_chunk_ = true;
      body_.append(raw_, line_end + 2, size);
      raw_.erase(0, line_end + 2 + size + 2);
    }
  }

  int fd_ = -1;
  std::string raw_;
  std::string head_;
  std::string body_;
  bool head_done_ = false;
  bool chunked_ = false;
  bool final_chunk_ = false;
  bool eof_ = false;
};

}  // namespace moim::http::testing
