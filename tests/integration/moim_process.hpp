// Runs the real moim binary for integration tests and talks HTTP to it.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace moim::integration {

struct HttpResult {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names, last value wins
  std::vector<std::string> set_cookies;
};

// An HTTP client with its own cookie jar (one per simulated person).
class Client {
 public:
  explicit Client(std::string base_url) : base_url_(std::move(base_url)) {}
  HttpResult request(const std::string& method, const std::string& path,
                     const std::string& body = "", const std::string& content_type = "",
                     const std::vector<std::string>& extra_headers = {});
  HttpResult get(const std::string& path, const std::vector<std::string>& headers = {}) {
    return request("GET", path, "", "", headers);
  }
  HttpResult json(const std::string& method, const std::string& path,
                  const std::string& body = "{}") {
    return request(method, path, body, "application/json", bearer_headers());
  }
  HttpResult form(const std::string& path, const std::string& url_encoded_body) {
    return request("POST", path, url_encoded_body, "application/x-www-form-urlencoded");
  }
  std::optional<std::string> cookie(const std::string& name) const;
  void set_bearer(std::string token) { bearer_ = std::move(token); }
  void clear_cookies() { cookies_.clear(); }
  // From now on one connection is kept open between requests, as a browser
  // or phone keeps it (HTTP/1.1 keep-alive), instead of a new one per
  // request. A copy of this Client opens its own.
  void keep_connection();

 private:
  // Empty when copied: a connection belongs to one Client (and thread).
  struct KeptConnection {
    KeptConnection() = default;
    KeptConnection(const KeptConnection&) {}
    KeptConnection& operator=(const KeptConnection&) {
      handle.reset();
      return *this;
    }
    KeptConnection(KeptConnection&&) = default;
    KeptConnection& operator=(KeptConnection&&) = default;
    std::shared_ptr<void> handle;  // a CURL easy handle
  };
  std::vector<std::string> bearer_headers() const;
  KeptConnection kept_;
  std::string base_url_;
  std::map<std::string, std::string> cookies_;
  std::string bearer_;
};

// Sends raw bytes on a fresh TCP connection and returns what came back
// (until the server closes or timeout).
std::string raw_exchange(int port, const std::string& bytes, int timeout_ms = 3000);

// A TCP connection to 127.0.0.1:port from a chosen loopback source address
// (127.0.0.2, 127.0.0.9, …), so one test can play several clients. -1 when
// connecting failed.
int connect_from(const std::string& source_address, int port);

class MoimProcess {
 public:
  // Starts `moim serve` on a free port with the given database URL and extra flags.
  MoimProcess(const std::string& database_url, const std::vector<std::string>& extra_flags = {},
              const std::string& web_root = MOIM_WEB_ROOT, const std::string& log_level = "warn");
  ~MoimProcess();
  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }
  // Sends SIGTERM and returns the exit status (or -1 if it had to be killed).
  int terminate(int wait_ms = 15000);
  // What the server wrote to stdout and stderr so far.
  std::string log_text() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string work_dir_;
};

// Runs the moim binary with arguments to completion; returns exit code and output.
int run_moim(const std::vector<std::string>& args, std::string* output = nullptr);

// Extracts value="..." of the hidden _csrf field from a page.
std::string csrf_from(const std::string& html);
std::string url_encode(const std::string& text);

}  // namespace moim::integration
