// Discord through the real server against the stand-in: an organizer
// connects the community's server (wrong values are 400s naming the field,
// the token is sealed at rest and never shown again), other roles may not,
// and a member links their account through the whole OAuth2
// authorization-code flow, with a state bound to their session and used once.
#include <filesystem>

#include "environment.hpp"
#include "features/integrations/testing/helper_process.hpp"

namespace moim::integration {
namespace {

using automation::testing::HelperProcess;

// The path and query of an absolute URL on `base`.
std::string path_on(const std::string& url, const std::string& base) {
  EXPECT_TRUE(url.starts_with(base)) << url << " is not on " << base;
  return url.substr(base.size());
}

class DiscordHttpTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DiscordHttpTest, OrganizersConnectAndMembersLinkThroughOAuth) {
  HelperProcess standin(MOIM_SOURCE_DIR "/tests/standins/discord_standin.py");
  const std::string standin_url = "http://127.0.0.1:" + std::to_string(standin.port());
  Client control(standin_url);
  ASSERT_EQ(
      control.json("POST", "/_standin/users", R"({"id":"600000000000000001","username":"runner"})")
          .status,
      200);

  testing::TestDatabase database(GetParam());
  const std::string key_file = (std::filesystem::temp_directory_path() /
                                ("moim_discord_http_key_" + testing::unique_suffix()))
                                   .string();
  std::string output;
  ASSERT_EQ(run_moim({"user", "create", "--database", database.url(), "--email", "admin@dc.example",
                      "--name", "Admin", "--password", kPassword, "--admin"},
                     &output),
            0)
      << output;
  MoimProcess server(
      database.url(),
      {"--secret-key-file", key_file, "--discord-api-url", standin_url, "--discord-oauth-url",
       standin_url + "/oauth2/authorize", "--discord-client-id", "standin-client",
       "--discord-client-secret", "standin-secret", "--no-outbox-worker"});
  Client admin(server.base_url()), member(server.base_url()), anonymous(server.base_url());
  ASSERT_EQ(
      admin
          .json("POST", "/api/v1/auth/login",
                R"({"email":"admin@dc.example","password":")" + std::string(kPassword) + "\"}")
          .status,
      200);
  ASSERT_EQ(
      admin.json("POST", "/api/v1/communities", R"({"slug":"dc-lab","name":"디스코드 연구소"})")
          .status,
      201);
  sign_up_and_log_in(member, "runner@dc.example", "러너");
  ASSERT_EQ(member.json("POST", "/api/v1/communities/dc-lab/membership").status, 201);

  // Who may touch the connection.
  EXPECT_EQ(anonymous.get("/api/v1/communities/dc-lab/discord").status, 401);
  EXPECT_EQ(member.get("/api/v1/communities/dc-lab/discord").status, 403);
  EXPECT_EQ(member
                .json("PUT", "/api/v1/communities/dc-lab/discord",
                      R"({"mode":"webhook","webhook_url":")" + standin_url + R"(/webhooks/1/abc"})")
                .status,
            403);

  // Wrong values are refused, naming the field; nothing is saved.
  auto bad_guild =
      admin.json("PUT", "/api/v1/communities/dc-lab/discord",
                 R"({"mode":"bot","bot_token":"standin-bot-token.moim-demo","guild_id":"abc"})");
  EXPECT_EQ(bad_guild.status, 400);
  EXPECT_EQ(parse_object(bad_guild.body)["error"].as_object()["field"].as_string(), "guild_id");
  auto bad_token = admin.json(
      "PUT", "/api/v1/communities/dc-lab/discord",
      R"({"mode":"bot","bot_token":"not-the-right-bot-token","guild_id":"900000000000000001"})");
  EXPECT_EQ(bad_token.status, 400) << bad_token.body;
  EXPECT_EQ(parse_object(bad_token.body)["error"].as_object()["field"].as_string(), "bot_token");
  auto other_guild = admin.json(
      "PUT", "/api/v1/communities/dc-lab/discord",
      R"({"mode":"bot","bot_token":"standin-bot-token.moim-demo","guild_id":"900000000000000002"})");
  EXPECT_EQ(other_guild.status, 400);
  EXPECT_EQ(parse_object(other_guild.body)["error"].as_object()["field"].as_string(), "guild_id");
  {
    auto reader = database.database().read();
    EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM discord_connections").value()->int64(0), 0);
  }

  auto connected = admin.json(
      "PUT", "/api/v1/communities/dc-lab/discord",
      R"({"mode":"bot","bot_token":"standin-bot-token.moim-demo","guild_id":"900000000000000001","voice_channels":true})");
  ASSERT_EQ(connected.status, 200) << connected.body;
  auto view = parse_object(connected.body)["discord"].as_object();
  EXPECT_EQ(view["guild_name"].as_string(), "Stand-in Guild");
  EXPECT_EQ(connected.body.find("standin-bot-token.moim-demo"), std::string::npos);
  {
    auto reader = database.database().read();
    auto sealed =
        reader->query_one("SELECT bot_token_sealed FROM discord_connections").value()->text(0);
    EXPECT_EQ(sealed.find("standin-bot-token.moim-demo"), std::string::npos);
  }
  EXPECT_EQ(admin.json("POST", "/api/v1/communities/dc-lab/discord/test").status, 200);
  // Without the Server Members intent the test says so, and how to turn it on.
  ASSERT_EQ(control.json("POST", "/_standin/intent", R"({"members":false})").status, 200);
  auto no_intent = admin.json("POST", "/api/v1/communities/dc-lab/discord/test");
  EXPECT_EQ(no_intent.status, 409) << no_intent.body;
  EXPECT_NE(no_intent.body.find("Server Members Intent"), std::string::npos) << no_intent.body;
  ASSERT_EQ(control.json("POST", "/_standin/intent", R"({"members":true})").status, 200);
  auto page = admin.get("/c/dc-lab/discord");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Stand-in Guild"), std::string::npos);
  EXPECT_EQ(page.body.find("standin-bot-token.moim-demo"), std::string::npos);

  // A member links their Discord account.
  EXPECT_FALSE(parse_object(member.get("/api/v1/me/discord").body)["discord"]
                   .as_object()["linked"]
                   .as_bool());
  auto link_page = member.get("/me/discord");
  ASSERT_EQ(link_page.status, 200);
  EXPECT_EQ(member.form("/me/discord/link", "_csrf=wrong").status, 403);
  auto start = member.form("/me/discord/link", "_csrf=" + csrf_from(link_page.body));
  ASSERT_EQ(start.status / 100, 3) << start.body;
  const std::string authorize = start.headers["location"];
  EXPECT_NE(authorize.find("client_id=standin-client"), std::string::npos) << authorize;
  EXPECT_NE(authorize.find("scope=identify"), std::string::npos) << authorize;
  // The stand-in approves at once and sends the browser back with a code.
  auto approved = control.get(path_on(authorize, standin_url));
  ASSERT_EQ(approved.status, 302) << approved.body;
  // The redirect URL is built from --base-url (here the default,
  // http://LISTEN, whose port is 0): only its path matters to this browser.
  const std::string location = approved.headers["location"];
  const std::string callback = location.substr(location.find("/me/discord/callback"));
  EXPECT_TRUE(callback.starts_with("/me/discord/callback?code=")) << callback;
  // Someone else's browser can neither finish nor use up this member's link.
  EXPECT_EQ(admin.get(callback).status, 400);
  auto finished = member.get(callback);
  ASSERT_EQ(finished.status / 100, 3) << finished.body;
  EXPECT_EQ(finished.headers["location"], "/me/discord?notice=linked");
  auto linked = parse_object(member.get("/api/v1/me/discord").body)["discord"].as_object();
  EXPECT_TRUE(linked["linked"].as_bool());
  EXPECT_EQ(linked["discord_user_id"].as_string(), "600000000000000001");
  EXPECT_EQ(linked["username"].as_string(), "runner");
  // A state works once.
  EXPECT_EQ(member.get(callback).status, 400);

  EXPECT_EQ(member.json("DELETE", "/api/v1/me/discord").status, 204);
  EXPECT_FALSE(parse_object(member.get("/api/v1/me/discord").body)["discord"]
                   .as_object()["linked"]
                   .as_bool());
  // Webhook-only mode: a Discord webhook URL, nothing else.
  auto elsewhere =
      admin.json("PUT", "/api/v1/communities/dc-lab/discord",
                 R"({"mode":"webhook","webhook_url":"https://example.org/hooks/1/abc"})");
  EXPECT_EQ(elsewhere.status, 400);
  EXPECT_EQ(parse_object(elsewhere.body)["error"].as_object()["field"].as_string(), "webhook_url");
  // The PTB and Canary clients' webhook URLs are Discord's too.
  for (const std::string host : {"ptb.discord.com", "canary.discord.com"}) {
    auto other_client = admin.json(
        "PUT", "/api/v1/communities/dc-lab/discord",
        R"({"mode":"webhook","webhook_url":"https://)" + host + R"(/api/webhooks/1/abc"})");
    EXPECT_EQ(other_client.status, 200) << host << ": " << other_client.body;
  }
  auto webhook = admin.json(
      "PUT", "/api/v1/communities/dc-lab/discord",
      R"({"mode":"webhook","webhook_url":")" + standin_url + R"(/webhooks/1/abc-token"})");
  ASSERT_EQ(webhook.status, 200) << webhook.body;
  EXPECT_EQ(parse_object(webhook.body)["discord"].as_object()["mode"].as_string(), "webhook");
  EXPECT_EQ(webhook.body.find("abc-token"), std::string::npos);
  EXPECT_EQ(admin.json("DELETE", "/api/v1/communities/dc-lab/discord").status, 204);
  EXPECT_FALSE(parse_object(admin.get("/api/v1/communities/dc-lab/discord").body)["discord"]
                   .as_object()["connected"]
                   .as_bool());
  std::filesystem::remove(key_file);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DiscordHttpTest, testing::AllDatabases(), testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
