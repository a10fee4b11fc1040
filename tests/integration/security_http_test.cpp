// What an outside probe found (issue #10), each tried against the real
// server: files outside the static root, connection floods, request framing,
// forwarded addresses, redirects off the site, secrets in the access log.
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "environment.hpp"

namespace moim::integration {
namespace {

std::string get_raw(int port, const std::string& target, const std::string& extra_headers = "") {
  return raw_exchange(port, "GET " + target + " HTTP/1.1\r\nHost: moim.test\r\n" + extra_headers +
                                "Connection: close\r\n\r\n");
}

std::string status_line(const std::string& response) {
  return response.substr(0, response.find("\r\n"));
}

// Every spelling of a path outside /static/ that the probe tried, and more.
const std::vector<std::string>& traversal_targets() {
  static const std::vector<std::string> targets{
      "//etc/passwd",
      "%2fetc%2fpasswd",
      "%2Fetc%2Fpasswd",
      "%5cetc%5cpasswd",
      "..%2f..%2f..%2f..%2fetc%2fpasswd",
      "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
      "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "%252fetc%252fpasswd",
      "..%252f..%252f..%252fetc%252fpasswd",
      "..%5c..%5c..%5c..%5cetc%5cpasswd",
      "//proc/self/environ",
      "%2fproc%2fself%2fenviron",
      "moim.css/../../../../../../etc/passwd",
      "./../../../../etc/passwd",
      "%00../../../etc/passwd",
      "moim.css%00.png",
      std::string(12'000, 'a'),
      std::string(3'000, '/') + "etc/passwd",
  };
  return targets;
}

void expect_no_file_leaked(const std::string& response, const std::string& what) {
  EXPECT_EQ(response.find("root:x:0:0"), std::string::npos) << what;
  EXPECT_EQ(response.find("PATH="), std::string::npos) << what;
  EXPECT_EQ(response.find("HOME="), std::string::npos) << what;
}

TEST_P(ServerTest, StaticFilesNeverLeaveTheStaticRoot) {
  const int port = env().server->port();
  ASSERT_EQ(status_line(get_raw(port, "/static/moim.css")), "HTTP/1.1 200 OK");
  for (const std::string& target : traversal_targets()) {
    const std::string response = get_raw(port, "/static/" + target);
    const std::string status = status_line(response);
    EXPECT_TRUE(status == "HTTP/1.1 404 Not Found" || status == "HTTP/1.1 400 Bad Request" ||
                status == "HTTP/1.1 431 Request Header Fields Too Large")
        << target.substr(0, 80) << " → " << status;
    expect_no_file_leaked(response, target.substr(0, 80));
  }
}

// The other routes whose URL names something stored: certificates by number,
// the API document. None of them reads a file named by the URL.
TEST_P(ServerTest, NoOtherRouteServesAFileNamedByTheUrl) {
  const int port = env().server->port();
  for (const std::string prefix : {"/verify/", "/api/v1/verify/", "/c/it-lab/certificates/",
                                   "/calendar/", "/api/v1/openapi.json/"}) {
    for (const std::string& target : traversal_targets()) {
      const std::string response = get_raw(port, prefix + target);
      const std::string status = status_line(response);
      EXPECT_EQ(status.find("HTTP/1.1 2"), std::string::npos) << prefix << target.substr(0, 80);
      expect_no_file_leaked(response, prefix + target.substr(0, 80));
    }
  }
}

// RFC 9112 §6.3: a Transfer-Encoding whose last coding is not chunked cannot
// frame a body. Taken as an empty body, its bytes became a second request.
TEST_P(ServerTest, TransferEncodingNotEndingInChunkedIsRefusedAndTheConnectionClosed) {
  const int port = env().server->port();
  for (const std::string coding :
       {"gzip", "identity", "xchunked", "chunked, identity", "chunked, chunked"}) {
    const std::string response = raw_exchange(
        port, "POST /api/v1/auth/login HTTP/1.1\r\nHost: moim.test\r\nTransfer-Encoding: " +
                  coding + "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: moim.test\r\n\r\n");
    EXPECT_EQ(status_line(response), "HTTP/1.1 400 Bad Request") << coding;
    EXPECT_EQ(response.find("HTTP/1.1 200"), std::string::npos)
        << coding << ": a smuggled request was served";
    EXPECT_NE(response.find("Connection: close"), std::string::npos) << coding;
  }
  const std::string both =
      raw_exchange(port,
                   "POST /api/v1/auth/login HTTP/1.1\r\nHost: moim.test\r\nContent-Length: "
                   "5\r\nTransfer-Encoding: "
                   "chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: moim.test\r\n\r\n");
  EXPECT_EQ(status_line(both), "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(both.find("HTTP/1.1 200"), std::string::npos);
  // A proper chunked body still works.
  const std::string chunked = raw_exchange(
      port,
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: moim.test\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  EXPECT_NE(status_line(chunked).find("HTTP/1.1 4"), std::string::npos) << chunked;
  EXPECT_EQ(chunked.find("malformed HTTP request framing"), std::string::npos);
}

// `/login?next=%2F%09%2Fevil.example` once ended in `Location: /\t/evil.example`,
// which browsers read as //evil.example.
TEST_P(ServerTest, LoginNeverRedirectsOffTheSite) {
  Client visitor = env().client();
  const std::string email = "redirect-" + testing::unique_suffix() + "@it.example";
  sign_up_and_log_in(visitor, email, "Redirect");
  visitor.clear_cookies();
  for (const std::string next :
       {"%2F%09%2Fevil.example", "%2F%0A%2Fevil.example", "%2F%5Cevil.example",
        "%5C%5Cevil.example", "%09%2F%2Fevil.example", "%2F%2Fevil.example"}) {
    auto page = visitor.get("/login?next=" + next);
    ASSERT_EQ(page.status, 200);
    // The page links back to itself (language switch), escaped; what matters
    // is where the form sends the visitor after logging in.
    EXPECT_NE(page.body.find(R"(name="next" value="/">)"), std::string::npos) << next;
    auto logged_in = visitor.form(
        "/login", "_csrf=" + url_encode(csrf_from(page.body)) + "&email=" + url_encode(email) +
                      "&password=" + url_encode(kPassword) + "&next=" + next);
    EXPECT_EQ(logged_in.status, 303) << next;
    EXPECT_EQ(logged_in.headers["location"], "/") << next;
    visitor.clear_cookies();
  }
}

// A typo must not pass silently: undeclared fields are refused, naming the field.
TEST_P(ServerTest, UnknownJsonFieldsAreRefusedNamingTheField) {
  Client person = env().client();
  sign_up_and_log_in(person, "fields-" + testing::unique_suffix() + "@it.example", "Fields");
  auto typo =
      person.json("PATCH", "/api/v1/me", R"({"display_name":"New name","biography":"typo"})");
  EXPECT_EQ(typo.status, 422) << typo.body;
  auto error = parse_object(typo.body)["error"].as_object();
  EXPECT_EQ(error["code"].as_string(), "unknown_field");
  EXPECT_EQ(error["field"].as_string(), "biography");
  // Nothing was written.
  auto me = parse_object(person.get("/api/v1/me").body);
  EXPECT_NE(me["user"].as_object()["display_name"].as_string(), "New name");
  EXPECT_EQ(person.json("PATCH", "/api/v1/me", R"({"display_name":"New name"})").status, 200);
  auto nested = person.json("PUT", "/api/v1/communities/it-lab/cohorts/none/application",
                            R"({"choices":[{"projet_id":1}]})");
  EXPECT_EQ(nested.status, 422) << nested.body;
  EXPECT_EQ(parse_object(nested.body)["error"].as_object()["field"].as_string(),
            "choices[0].projet_id");
}

// --- Servers of their own, with the limits under test set small. ---

bool answers_within(int fd, int timeout_ms, std::string* received = nullptr) {
  pollfd poll_fd{fd, POLLIN, 0};
  if (poll(&poll_fd, 1, timeout_ms) <= 0) return false;
  char buffer[4096];
  const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
  if (received != nullptr && got > 0) received->assign(buffer, static_cast<std::size_t>(got));
  return true;  // an answer, or the server closing the connection
}

// 1,100 connections reopened as soon as dropped once left 1 of 80 legitimate
// requests answered in 45 s. Now one address holds at most its share, and
// the silent ones are dropped after the header timeout.
TEST(SecurityLimits, OneClientAddressCannotTakeEveryConnection) {
  testing::TestDatabase database("sqlite");
  MoimProcess server(database.url(), {"--max-connections", "120", "--max-connections-per-client",
                                      "16", "--header-timeout-ms", "3000"});
  std::vector<int> flood;
  for (int idx = 0; idx < 200; ++idx) {
    const int fd = connect_from("127.0.0.9", server.port());
    if (fd >= 0) flood.push_back(fd);
  }
  ASSERT_GE(flood.size(), 150u);
  // The connections past the flooder's share are answered 503 and closed.
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  int refused = 0;
  for (int fd : flood) {
    std::string received;
    if (answers_within(fd, 0, &received) &&
        (received.empty() || received.starts_with("HTTP/1.1 503")))
      ++refused;
  }
  EXPECT_GE(refused, static_cast<int>(flood.size()) - 16);
  // Everyone else is served at once: 40 requests from other addresses.
  const auto started = std::chrono::steady_clock::now();
  int served = 0;
  for (int idx = 0; idx < 40; ++idx) {
    const int fd = connect_from("127.0.0." + std::to_string(20 + idx % 10), server.port());
    ASSERT_GE(fd, 0);
    const std::string request =
        "GET /healthz HTTP/1.1\r\nHost: moim.test\r\nConnection: close\r\n\r\n";
    ASSERT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
    std::string received;
    if (answers_within(fd, 5000, &received) && received.starts_with("HTTP/1.1 200")) ++served;
    close(fd);
  }
  EXPECT_EQ(served, 40);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
  // The flooder's silent connections are closed once the header timeout passes.
  int still_open = 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  for (int fd : flood) {
    if (!answers_within(fd, 0)) ++still_open;
    close(fd);
  }
  EXPECT_EQ(still_open, 0);
  EXPECT_EQ(status_line(get_raw(server.port(), "/healthz")), "HTTP/1.1 200 OK");
}

// Behind a proxy that appends to X-Forwarded-For, the client writes the left
// part itself. The per-address limit must follow what the proxy appended.
TEST(SecurityLimits, TrustedProxyClientIsTheAddressTheProxyAppended) {
  testing::TestDatabase database("sqlite");
  MoimProcess server(database.url(), {"--trust-proxy", "--max-connections-per-client", "2"});
  std::vector<int> held;
  int ok = 0;
  int refused = 0;
  for (int idx = 0; idx < 3; ++idx) {
    const int fd = connect_from("127.0.0.1", server.port());
    ASSERT_GE(fd, 0);
    held.push_back(fd);
    // A different made-up address on the left each time; the same real one on the right.
    const std::string request =
        "GET /healthz HTTP/1.1\r\nHost: moim.test\r\nX-Forwarded-For: 10.9.9." +
        std::to_string(idx) + ", 198.51.100.7\r\n\r\n";
    ASSERT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
    std::string received;
    ASSERT_TRUE(answers_within(fd, 5000, &received));
    if (received.starts_with("HTTP/1.1 200")) ++ok;
    if (received.starts_with("HTTP/1.1 503")) ++refused;
  }
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(refused, 1);
  // Another client behind the same proxy is not affected.
  EXPECT_EQ(status_line(get_raw(server.port(), "/healthz", "X-Forwarded-For: 198.51.100.8\r\n")),
            "HTTP/1.1 200 OK");
  for (int fd : held) close(fd);
}

// The calendar feed's secret token once went into every access-log line.
TEST(SecurityAccessLog, SecretsInPathsAreRedacted) {
  testing::TestDatabase database("sqlite");
  MoimProcess server(database.url(), {}, MOIM_WEB_ROOT, "info");
  get_raw(server.port(), "/calendar/SeCrEtFeedToken0123456789");
  get_raw(server.port(), "/healthz");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::string log = server.log_text();
  EXPECT_NE(log.find("/healthz"), std::string::npos) << "the access log is on";
  EXPECT_EQ(log.find("SeCrEtFeedToken0123456789"), std::string::npos) << log;
  EXPECT_NE(log.find("/calendar/[redacted]"), std::string::npos) << log;
}

// A link planted in the static folder that leads out of it is never served.
TEST(SecurityStaticLinks, LinksOutOfTheStaticRootAreNotFollowed) {
  namespace fs = std::filesystem;
  const fs::path web_root = fs::temp_directory_path() / ("moim-web-" + testing::unique_suffix());
  fs::copy(MOIM_WEB_ROOT, web_root, fs::copy_options::recursive);
  fs::create_symlink("/etc/passwd", web_root / "static" / "passwd.css");
  fs::create_directory_symlink("/", web_root / "static" / "root");
  fs::create_directory_symlink("/proc/self", web_root / "static" / "self");
  {
    testing::TestDatabase database("sqlite");
    MoimProcess server(database.url(), {}, web_root.string());
    EXPECT_EQ(status_line(get_raw(server.port(), "/static/moim.css")), "HTTP/1.1 200 OK");
    for (const char* target : {"/static/passwd.css", "/static/root/etc/passwd",
                               "/static/self/environ", "/static/root/proc/self/environ"}) {
      const std::string response = get_raw(server.port(), target);
      EXPECT_EQ(status_line(response), "HTTP/1.1 404 Not Found") << target;
      expect_no_file_leaked(response, target);
    }
  }
  fs::remove_all(web_root);
}

}  // namespace
}  // namespace moim::integration
