// Issue #10, accounts and storage: throttles that never lock the owner out,
// reset links that die with a reset, no account enumeration, API tokens that
// end with "log out everywhere", and a database outage answered as a 503.
// Each test runs a server of its own (per-address limits at their defaults,
// all test clients being 127.0.0.1), on SQLite and on PostgreSQL.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "environment.hpp"

namespace moim::integration {
namespace {

struct OwnServer {
  explicit OwnServer(const std::string& kind, const std::vector<std::string>& flags = {})
      : database(kind), server(database.url(), flags) {}
  Client client() { return Client(server.base_url()); }
  std::int64_t count(const std::string& sql) {
    auto reader = database.database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  // The token of the newest mailed link of `template_name` (as its recipient gets it).
  std::string last_link(const std::string& template_name) {
    auto reader = database.database().read();
    auto row = reader->query_one("SELECT payload FROM outbox WHERE payload LIKE ? ORDER BY id DESC",
                                 {"%\"template\":\"" + template_name + "\"%"});
    if (!row.ok() || !row->has_value()) return "";
    const std::string payload = row.value()->text(0);
    const std::size_t start = payload.find("token=") + 6;
    return payload.substr(start, payload.find('"', start) - start);
  }
  testing::TestDatabase database;
  MoimProcess server;
};

using AccountProtectionHttpTest = ServerTest;

const std::string kOwnerPassword = "the owner's passphrase";

void sign_up(Client& client, const std::string& email) {
  auto signed_up =
      client.json("POST", "/api/v1/auth/signup",
                  R"({"consents":["account","community_membership"],"email":")" + email +
                      R"(","display_name":"Owner","password":")" + kOwnerPassword + R"("})");
  ASSERT_EQ(signed_up.status, 202) << signed_up.body;
}

HttpResult log_in(Client& client, const std::string& email, const std::string& password) {
  return client.json("POST", "/api/v1/auth/login",
                     R"({"email":")" + email + R"(","password":")" + password + R"("})");
}

void expect_retry_after(const HttpResult& result, const std::string& what) {
  auto header = result.headers.find("retry-after");
  ASSERT_NE(header, result.headers.end()) << what << ": " << result.status << " " << result.body;
  EXPECT_GT(std::stol(header->second), 0) << what;
}

TEST_P(AccountProtectionHttpTest, AnAttackOnAnAccountDoesNotKeepItsOwnerOut) {
  OwnServer own(GetParam());
  Client owner = own.client();
  sign_up(owner, "owner@it.example");
  ASSERT_EQ(log_in(owner, "owner@it.example", kOwnerPassword).status, 200);
  ASSERT_TRUE(owner.cookie("moim_device").has_value()) << "a device cookie after a good login";
  ASSERT_EQ(owner.json("POST", "/api/v1/auth/logout").status, 204);

  // Someone guesses from the same address (as everyone does behind a proxy
  // without --trust-proxy): they are slowed down, told how long to wait.
  Client attacker = own.client();
  bool delayed = false;
  for (int attempt = 0; attempt < 12 && !delayed; ++attempt) {
    auto guess = log_in(attacker, "owner@it.example", "guess number " + std::to_string(attempt));
    if (guess.status == 429) {
      delayed = true;
      expect_retry_after(guess, "a delayed guess");
    } else {
      EXPECT_EQ(guess.status, 401) << guess.body;
    }
  }
  ASSERT_TRUE(delayed);
  auto attacker_right = log_in(attacker, "owner@it.example", kOwnerPassword);
  EXPECT_EQ(attacker_right.status, 429) << "no password check while delayed";
  expect_retry_after(attacker_right, "the attacker with the right password");

  // The owner's browser logged in before: the right password gets in.
  auto back = log_in(owner, "owner@it.example", kOwnerPassword);
  EXPECT_EQ(back.status, 200) << back.body;

  // On a new device the owner is offered the mailed login link, which works.
  Client phone = own.client();
  auto page = phone.get("/login");
  auto form =
      phone.form("/login", "_csrf=" + csrf_from(page.body) +
                               "&email=owner%40it.example&password=" + url_encode(kOwnerPassword));
  EXPECT_EQ(form.status, 429);
  expect_retry_after(form, "the login form");
  EXPECT_NE(form.body.find("/login/link"), std::string::npos) << "offers the login link";
  EXPECT_EQ(phone.json("POST", "/api/v1/auth/login-link", R"({"email":"owner@it.example"})").status,
            202);
  const std::string token = own.last_link("login_link");
  ASSERT_FALSE(token.empty());
  auto link_page = phone.get("/login/link?token=" + token);
  ASSERT_EQ(link_page.status, 200);
  auto confirmed =
      phone.form("/login/link/confirm", "_csrf=" + csrf_from(link_page.body) + "&token=" + token);
  EXPECT_EQ(confirmed.status, 303) << confirmed.body;
  EXPECT_EQ(phone.get("/api/v1/me").status, 200);
  // Once only.
  EXPECT_EQ(own.client()
                .json("POST", "/api/v1/auth/login-link/confirm", R"({"token":")" + token + R"("})")
                .status,
            400);
}

TEST_P(AccountProtectionHttpTest, AResetVoidsOlderLinksAndResetMailsAreLimited) {
  OwnServer own(GetParam());
  Client person = own.client();
  sign_up(person, "reset@it.example");
  const std::string ask = R"({"email":"reset@it.example"})";
  ASSERT_EQ(person.json("POST", "/api/v1/auth/password-reset", ask).status, 202);
  const std::string link_a = own.last_link("reset_password");
  ASSERT_EQ(person.json("POST", "/api/v1/auth/password-reset", ask).status, 202);
  const std::string link_b = own.last_link("reset_password");
  ASSERT_NE(link_a, link_b);
  EXPECT_EQ(person
                .json("POST", "/api/v1/auth/password-reset/confirm",
                      R"({"token":")" + link_b + R"(","new_password":"chosen with B 1"})")
                .status,
            204);
  auto late_a = person.json("POST", "/api/v1/auth/password-reset/confirm",
                            R"({"token":")" + link_a + R"(","new_password":"chosen with A 1"})");
  EXPECT_EQ(late_a.status, 400) << late_a.body;
  EXPECT_EQ(log_in(person, "reset@it.example", "chosen with B 1").status, 200);

  // Thirty requests do not send thirty mails; the address is told to wait.
  const std::int64_t mails_before =
      own.count("SELECT COUNT(*) FROM outbox WHERE target = 'reset@it.example'");
  int refused = 0;
  for (int attempt = 0; attempt < 30; ++attempt) {
    auto asked = own.client().json("POST", "/api/v1/auth/password-reset", ask);
    if (asked.status == 429) {
      ++refused;
      expect_retry_after(asked, "reset request");
    } else {
      EXPECT_EQ(asked.status, 202);
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_LE(
      own.count("SELECT COUNT(*) FROM outbox WHERE target = 'reset@it.example'") - mails_before, 3);
}

TEST_P(AccountProtectionHttpTest, SignUpAndLogInSayNothingAboutWhoHasAnAccount) {
  OwnServer own(GetParam());
  Client client = own.client();
  auto fresh = client.json(
      "POST", "/api/v1/auth/signup",
      R"({"consents":["account","community_membership"],"email":"known@it.example","display_name":"K","password":"long enough"})");
  auto again = client.json(
      "POST", "/api/v1/auth/signup",
      R"({"consents":["account","community_membership"],"email":"known@it.example","display_name":"K","password":"long enough"})");
  EXPECT_EQ(fresh.status, again.status);
  EXPECT_EQ(fresh.body, again.body);
  EXPECT_EQ(own.count("SELECT COUNT(*) FROM outbox WHERE target = 'known@it.example' AND "
                      "payload LIKE '%account_exists%'"),
            1)
      << "the owner is told instead";

  // A wrong password for a known address and any password for an unknown
  // one cost the same argon2id work.
  auto timed = [&](const std::string& email) {
    std::vector<double> seconds;
    for (int round = 0; round < 3; ++round) {
      Client anyone = own.client();
      const auto started = std::chrono::steady_clock::now();
      auto result = log_in(anyone, email, "wrong password " + std::to_string(round));
      seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      EXPECT_EQ(result.status, 401) << result.body;
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds[1];
  };
  const double known = timed("known@it.example");
  const double unknown = timed("nobody-here@it.example");
  EXPECT_GT(unknown, known * 0.5) << "known " << known << " s, unknown " << unknown << " s";

  // Sign-ups are limited per address, with Retry-After.
  bool limited = false;
  for (int idx = 0; idx < 25 && !limited; ++idx) {
    auto result = client.json("POST", "/api/v1/auth/signup",
                              R"({"consents":["account","community_membership"],"email":"many)" +
                                  std::to_string(idx) +
                                  R"(@it.example","display_name":"M","password":"long enough"})");
    if (result.status == 429) {
      limited = true;
      expect_retry_after(result, "sign-up");
    } else {
      EXPECT_EQ(result.status, 202) << result.body;
    }
  }
  EXPECT_TRUE(limited);
}

TEST_P(AccountProtectionHttpTest, ApiTokensEndWithLogOutEverywhereAndAPasswordChange) {
  OwnServer own(GetParam());
  Client person = own.client();
  sign_up(person, "tokens@it.example");
  ASSERT_EQ(log_in(person, "tokens@it.example", kOwnerPassword).status, 200);
  auto make_token = [&] {
    auto created = person.json("POST", "/api/v1/me/tokens", R"({"name":"script"})");
    EXPECT_EQ(created.status, 201) << created.body;
    Client bot = own.client();
    bot.set_bearer(std::string(parse_object(created.body)["secret"].as_string()));
    EXPECT_EQ(bot.json("GET", "/api/v1/me").status, 200);
    return bot;
  };
  Client first = make_token();
  ASSERT_EQ(person
                .json("POST", "/api/v1/auth/password",
                      R"({"current_password":")" + kOwnerPassword +
                          R"(","new_password":"a new passphrase"})")
                .status,
            204);
  EXPECT_EQ(first.json("GET", "/api/v1/me").status, 401) << "revoked by the password change";
  Client second = make_token();
  ASSERT_EQ(person.json("POST", "/api/v1/auth/logout-all").status, 204);
  EXPECT_EQ(second.json("GET", "/api/v1/me").status, 401) << "revoked by log out everywhere";
}

INSTANTIATE_TEST_SUITE_P(Drivers, AccountProtectionHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

// A PostgreSQL of its own, stopped mid-test: the shared one serves the other
// tests running in parallel.
class ThrowawayPostgres {
 public:
  ThrowawayPostgres() {
    const std::string script = std::string(MOIM_SOURCE_DIR) + "/scripts/test-postgres.sh";
    std::string output = run(script + " start");
    for (const char* name : {"MOIM_TEST_PG_DIR=", "MOIM_TEST_POSTGRES_URL="}) {
      const std::size_t at = output.find(name);
      if (at == std::string::npos) continue;
      const std::size_t start = at + std::string(name).size();
      const std::string value = output.substr(start, output.find('\n', start) - start);
      (std::string(name) == "MOIM_TEST_PG_DIR=" ? dir_ : url_) = value;
    }
  }
  ~ThrowawayPostgres() {
    if (!dir_.empty()) run(std::string(MOIM_SOURCE_DIR) + "/scripts/test-postgres.sh stop " + dir_);
  }
  bool started() const { return !dir_.empty() && !url_.empty(); }
  const std::string& url() const { return url_; }
  void stop_server() {
    const std::string pg_ctl =
        "/usr/lib/postgresql/15/bin/pg_ctl -D " + dir_ + "/data -m fast stop";
    run(geteuid() == 0 ? "runuser -u postgres -- " + pg_ctl : pg_ctl);
  }

 private:
  static std::string run(const std::string& command) {
    std::string output;
    if (FILE* pipe = popen((command + " 2>&1").c_str(), "r")) {
      char buffer[512];
      while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
      pclose(pipe);
    }
    return output;
  }
  std::string dir_, url_;
};

TEST(DatabaseOutageHttpTest, AStorageFailureIsA503NeverLogInFirst) {
  if (std::getenv("MOIM_TEST_POSTGRES_URL") == nullptr)
    GTEST_SKIP() << "PostgreSQL tests are off (scripts/test-postgres.sh start)";
  ThrowawayPostgres postgres;
  ASSERT_TRUE(postgres.started());
  MoimProcess server(postgres.url());
  Client person(server.base_url());
  sign_up(person, "outage@it.example");
  ASSERT_EQ(log_in(person, "outage@it.example", kOwnerPassword).status, 200);
  ASSERT_EQ(person.get("/api/v1/me").status, 200);
  ASSERT_EQ(person.get("/readyz").status, 200);

  postgres.stop_server();
  const std::string port = postgres.url().substr(postgres.url().rfind(':') + 1);
  const std::string port_number = port.substr(0, port.find('/'));
  auto me = person.get("/api/v1/me");
  EXPECT_EQ(me.status, 503) << me.body;
  expect_retry_after(me, "GET /api/v1/me");
  auto page = person.get("/me");
  EXPECT_EQ(page.status, 503) << "not a redirect to /login";
  expect_retry_after(page, "GET /me");
  Client anonymous(server.base_url());
  for (const char* path : {"/api/v1/communities", "/api/v1/communities/nowhere"}) {
    auto result = anonymous.get(path);
    EXPECT_EQ(result.status, 503) << path << ": " << result.body;
    expect_retry_after(result, path);
    EXPECT_EQ(result.body.find(port_number), std::string::npos) << path << ": " << result.body;
    EXPECT_EQ(result.body.find("127.0.0.1"), std::string::npos) << path << ": " << result.body;
    EXPECT_EQ(result.body.find("PostgreSQL"), std::string::npos) << path << ": " << result.body;
  }
  auto login = anonymous.json("POST", "/api/v1/auth/login",
                              R"({"email":"outage@it.example","password":"whatever it is"})");
  EXPECT_EQ(login.status, 503) << login.body;
  EXPECT_EQ(anonymous.get("/readyz").status, 503);
}

}  // namespace
}  // namespace moim::integration
