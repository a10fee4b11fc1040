#include "environment.hpp"

#include <ctime>
#include <map>

#include "platform/web/api_docs.hpp"

namespace moim::integration {

boost::json::object parse_object(const std::string& body) {
  boost::system::error_code error;
  auto value = boost::json::parse(body, error);
  if (error || !value.is_object()) return {};
  return value.as_object();
}

void expect_documented(Environment& env, const std::string& method, const std::string& pattern,
                       const HttpResult& result) {
  // One document a server: the tests of a run share it.
  static std::map<std::string, boost::json::object> documents;
  auto& document = documents[env.server->base_url()];
  if (document.empty()) document = parse_object(env.anonymous->get("/api/v1/openapi.json").body);
  const boost::json::value* operation = nullptr;
  if (auto* paths = document.if_contains("paths"); paths && paths->is_object())
    if (auto* item = paths->as_object().if_contains(pattern.substr(7)); item && item->is_object())
      operation = item->as_object().if_contains(method);
  ASSERT_TRUE(operation != nullptr) << "not in the served document: " << method << " " << pattern;
  const auto& responses = operation->at("responses").as_object();
  auto declared = responses.find(std::to_string(result.status));
  ASSERT_NE(declared, responses.end()) << method << " " << pattern << " answered an undeclared "
                                       << result.status << ": " << result.body;
  const auto& response = declared->value().as_object();
  if (!response.contains("content") || result.status >= 400) return;
  const auto& schema = response.at("content").at("application/json").at("schema").as_object();
  EXPECT_EQ(web::schema_violation(boost::json::parse(result.body), schema), "")
      << method << " " << pattern << ": " << result.body;
}

std::string utc(std::int64_t seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm parts{};
  gmtime_r(&time, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:00Z", &parts);
  return text;
}

std::string phases_json(int current) {
  const char* names[] = {"proposals", "recruiting", "selection", "running", "wrap_up", "closed"};
  std::int64_t at = std::time(nullptr) - kDay - current * 10 * kDay;
  std::string json;
  for (const char* name : names) {
    json += std::string(json.empty() ? "" : ",") + "\"" + name + "_starts_at\":\"" + utc(at) +
            "\",\"" + name + "_ends_at\":\"" + utc(at + 10 * kDay) + "\"";
    at += 10 * kDay;
  }
  return json;
}

std::string project_starts_on() { return utc(std::time(nullptr) + 31 * kDay).substr(0, 10); }
std::string project_ends_on() { return utc(std::time(nullptr) + 37 * kDay).substr(0, 10); }

std::int64_t sign_up_and_log_in(Client& client, const std::string& email, const std::string& name) {
  // Every purpose agreed to: the tests' people see and are seen as before
  // consents (issue #16); consent_http_test.cpp tests refusing them.
  auto signed_up = client.json(
      "POST", "/api/v1/auth/signup",
      R"({"consents":["account","community_membership","newsletter","profile_visible",)"
      R"("bingo_name","discord_link"],"email":")" +
          email + R"(","display_name":")" + name + R"(","password":")" + kPassword + R"("})");
  EXPECT_EQ(signed_up.status, 202) << signed_up.body;  // the same for a known address
  auto logged_in = client.json("POST", "/api/v1/auth/login",
                               R"({"email":")" + email + R"(","password":")" + kPassword + R"("})");
  EXPECT_EQ(logged_in.status, 200) << logged_in.body;
  return parse_object(logged_in.body)["user"].as_object()["id"].as_int64();
}

std::int64_t Environment::count(const std::string& sql) {
  auto reader = database->database().read();
  return reader->query_one(sql).value()->int64(0);
}

Environment& Environment::get(const std::string& kind) {
  static std::map<std::string, std::unique_ptr<Environment>> environments;
  auto& slot = environments[kind];
  if (slot) return *slot;
  slot = std::make_unique<Environment>();
  Environment& env = *slot;
  env.database = std::make_unique<testing::TestDatabase>(kind);
  // The CLI creates the first admin, as an operator would.
  std::string output;
  const int code =
      run_moim({"user", "create", "--database", env.database->url(), "--email", "admin@it.example",
                "--name", "Admin", "--password", kPassword, "--admin"},
               &output);
  EXPECT_EQ(code, 0) << output;
  // Webhook tests register endpoints on loopback (nothing reaches the
  // internet), which only the local stand-in setting allows.
  // Every test client comes from 127.0.0.1: the per-address limits on
  // sign-ups and mailed links are lifted here and tested on a server of
  // their own (account_protection_http_test.cpp).
  env.server = std::make_unique<MoimProcess>(
      env.database->url(),
      std::vector<std::string>{"--webhook-allow-http", "--signups-per-address-per-hour=100000",
                               "--mail-links-per-address-per-hour=100000",
                               "--event-registrations-per-address-per-minute=0"});
  env.anonymous = std::make_unique<Client>(env.server->base_url());
  env.member = std::make_unique<Client>(env.server->base_url());
  env.organizer = std::make_unique<Client>(env.server->base_url());
  env.admin = std::make_unique<Client>(env.server->base_url());
  auto admin_login = env.admin->json(
      "POST", "/api/v1/auth/login",
      R"({"email":"admin@it.example","password":")" + std::string(kPassword) + "\"}");
  EXPECT_EQ(admin_login.status, 200) << admin_login.body;
  env.admin_id = parse_object(admin_login.body)["user"].as_object()["id"].as_int64();
  auto created =
      env.admin->json("POST", "/api/v1/communities",
                      R"({"slug":"it-lab","name":"통합 테스트 연구소","time_zone":"Asia/Seoul"})");
  EXPECT_EQ(created.status, 201) << created.body;
  env.organizer_id = sign_up_and_log_in(*env.organizer, "organizer@it.example", "운영진");
  env.member_id = sign_up_and_log_in(*env.member, "member@it.example", "러너");
  EXPECT_EQ(env.organizer->json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  EXPECT_EQ(env.member->json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  auto promoted = env.admin->json(
      "PATCH", "/api/v1/communities/it-lab/members/" + std::to_string(env.organizer_id),
      R"({"stage":"organizer","reason":"runs the lab"})");
  EXPECT_EQ(promoted.status, 200) << promoted.body;
  return env;
}

}  // namespace moim::integration
