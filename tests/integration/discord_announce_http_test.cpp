// Announcing an event in Discord through the real server, its outbox
// worker and the Discord stand-in: who may see the plan and apply it, the
// plan without a connection (it says so and links to the settings), and two
// applies through the API plus one through the page posting exactly one
// message, the one the plan showed.
#include <chrono>
#include <filesystem>
#include <thread>

#include "environment.hpp"
#include "features/integrations/testing/helper_process.hpp"

namespace moim::integration {
namespace {

using automation::testing::HelperProcess;

constexpr const char* kGuild = "900000000000000001";
constexpr const char* kBotToken = "standin-bot-token.moim-demo";

// A JSON value as text (strings unquoted), for comparisons with std::string.
std::string text(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value);
}

class DiscordAnnounceHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(GetParam());
    standin_ =
        std::make_unique<HelperProcess>(MOIM_SOURCE_DIR "/tests/standins/discord_standin.py");
    key_file_ = (std::filesystem::temp_directory_path() /
                 ("moim_discord_announce_key_" + testing::unique_suffix()))
                    .string();
    std::string output;
    ASSERT_EQ(run_moim({"user", "create", "--database", database_->url(), "--email",
                        "admin@da.example", "--name", "Admin", "--password", kPassword, "--admin"},
                       &output),
              0)
        << output;
    server_ = std::make_unique<MoimProcess>(
        database_->url(),
        std::vector<std::string>{"--secret-key-file", key_file_, "--discord-api-url", standin_url(),
                                 "--base-url", "https://moim.example", "--outbox-poll-ms", "100"});
    organizer_ = std::make_unique<Client>(server_->base_url());
    ASSERT_EQ(
        organizer_
            ->json("POST", "/api/v1/auth/login",
                   R"({"email":"admin@da.example","password":")" + std::string(kPassword) + "\"}")
            .status,
        200);
    for (const char* community : {R"({"slug":"ann-lab","name":"알림 연구소"})",
                                  R"({"slug":"other-lab","name":"Other Lab"})"})
      ASSERT_EQ(organizer_->json("POST", "/api/v1/communities", community).status, 201);
    member_ = std::make_unique<Client>(server_->base_url());
    sign_up_and_log_in(*member_, "member@da.example", "김멤버");
    ASSERT_EQ(member_->json("POST", "/api/v1/communities/ann-lab/membership").status, 201);
    event_id_ = create_event("ann-lab");
    other_event_id_ = create_event("other-lab");
  }

  void TearDown() override {
    server_.reset();
    std::filesystem::remove(key_file_);
  }

  std::string standin_url() const { return "http://127.0.0.1:" + std::to_string(standin_->port()); }

  std::string create_event(const std::string& slug) {
    const std::int64_t starts = std::time(nullptr) / 60 * 60 + 14 * 86400;
    auto created =
        organizer_->json("POST", "/api/v1/communities/" + slug + "/events",
                         R"({"title":"모임 밋업","venue":"강남 홀","starts_at":")" + utc(starts) +
                             R"(","ends_at":")" + utc(starts + 3 * 3600) + R"(","capacity":30})");
    EXPECT_EQ(created.status, 201) << created.body;
    return std::to_string(parse_object(created.body)["event"].as_object()["id"].as_int64());
  }

  std::string api(const std::string& slug, const std::string& event) const {
    return "/api/v1/communities/" + slug + "/events/" + event + "/discord-announcement";
  }

  boost::json::value standin_messages() {
    Client control(standin_url());
    return parse_object(control.get("/_standin/state").body)["messages"];
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<HelperProcess> standin_;
  std::string key_file_;
  std::unique_ptr<MoimProcess> server_;
  std::unique_ptr<Client> organizer_, member_;
  std::string event_id_, other_event_id_;
};

TEST_P(DiscordAnnounceHttpTest, WithoutDiscordThePlanSaysSoAndApplyingIsRefused) {
  auto plan = organizer_->get(api("ann-lab", event_id_));
  ASSERT_EQ(plan.status, 200) << plan.body;
  auto announcement = parse_object(plan.body)["announcement"].as_object();
  EXPECT_EQ(announcement["connected"], false);
  EXPECT_EQ(announcement["can_post"], false);
  EXPECT_EQ(announcement["blocked"], "not_connected");
  EXPECT_EQ(organizer_->json("POST", api("ann-lab", event_id_), "{}").status, 409);
  const std::string page_path = "/c/ann-lab/events/" + event_id_ + "/discord-announcement";
  auto page = organizer_->get(page_path);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-testid=\"discord-announcement-blocked\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/c/ann-lab/discord\""), std::string::npos);
  EXPECT_EQ(page.body.find("data-testid=\"discord-announcement-apply\""), std::string::npos);
  // The organizer's event page leads here.
  auto event_page = organizer_->get("/c/ann-lab/events/" + event_id_);
  EXPECT_NE(event_page.body.find("href=\"" + page_path + "\""), std::string::npos);
  EXPECT_EQ(server_->terminate(), 0);
}

TEST_P(DiscordAnnounceHttpTest, EachRoleIsAllowedOrRefusedAndTwoAppliesPostOnce) {
  // A channel for announcements, and the bot connected with it.
  Client control(standin_url());
  ASSERT_EQ(control.json("POST", "/_standin/fill", R"({"channels":1})").status, 200);
  auto channels = parse_object(control.get("/_standin/state").body)["channels"];
  std::string channel_id;
  if (channels.is_object()) {
    for (const auto& [id, channel] : channels.as_object()) channel_id = std::string(id);
  } else {
    for (const auto& channel : channels.as_array())
      channel_id = std::string(channel.as_object().at("id").as_string());
  }
  ASSERT_FALSE(channel_id.empty());
  auto connected = organizer_->json("PUT", "/api/v1/communities/ann-lab/discord",
                                    R"({"mode":"bot","bot_token":")" + std::string(kBotToken) +
                                        R"(","guild_id":")" + kGuild +
                                        R"(","announcements_channel_id":")" + channel_id + "\"}");
  ASSERT_EQ(connected.status, 200) << connected.body;

  Client guest(server_->base_url());
  const std::string path = api("ann-lab", event_id_);
  EXPECT_EQ(guest.get(path).status, 401);
  EXPECT_EQ(guest.json("POST", path, "{}").status, 401);
  EXPECT_EQ(member_->get(path).status, 403);
  EXPECT_EQ(member_->json("POST", path, "{}").status, 403);
  // Another community's event under this community: no such event.
  EXPECT_EQ(organizer_->get(api("ann-lab", other_event_id_)).status, 404);
  EXPECT_EQ(organizer_->json("POST", api("ann-lab", other_event_id_), "{}").status, 404);
  EXPECT_EQ(organizer_->get(api("ann-lab", "999999")).status, 404);
  const std::string page_path = "/c/ann-lab/events/" + event_id_ + "/discord-announcement";
  EXPECT_EQ(member_->get(page_path).status, 403);

  auto plan = organizer_->get(path);
  ASSERT_EQ(plan.status, 200) << plan.body;
  auto announcement = parse_object(plan.body)["announcement"].as_object();
  EXPECT_EQ(announcement["can_post"], true);
  EXPECT_EQ(text(announcement["channel_id"]), channel_id);
  EXPECT_EQ(announcement["state"], "");
  const std::string content(announcement["content"].as_string());
  EXPECT_TRUE(content.starts_with("📢 모임 밋업\n")) << content;
  EXPECT_NE(content.find("(Asia/Seoul)"), std::string::npos) << content;
  EXPECT_NE(content.find("📍 장소: 강남 홀"), std::string::npos) << content;
  EXPECT_NE(content.find("신청 받는 중"), std::string::npos) << content;
  EXPECT_NE(content.find("https://moim.example/c/ann-lab/events/" + event_id_), std::string::npos)
      << content;
  auto page = organizer_->get(page_path);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-testid=\"discord-announcement-apply\""), std::string::npos);

  // Two applies through the API and one through the page: one row, one post.
  auto first = organizer_->json("POST", path, "{}");
  ASSERT_EQ(first.status, 202) << first.body;
  EXPECT_EQ(organizer_->json("POST", path, "{}").status, 202);
  auto form = organizer_->form(page_path, "_csrf=" + csrf_from(page.body));
  EXPECT_EQ(form.status, 303) << form.body;
  std::string state;
  for (int tries = 0; tries < 200 && state != "done"; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    state =
        parse_object(organizer_->get(path).body)["announcement"].as_object()["state"].as_string();
  }
  EXPECT_EQ(state, "done");
  auto messages = standin_messages();
  ASSERT_TRUE(messages.is_array());
  ASSERT_EQ(messages.as_array().size(), 1u) << boost::json::serialize(messages);
  EXPECT_EQ(text(messages.as_array()[0].as_object().at("content")), content);
  EXPECT_EQ(text(messages.as_array()[0].as_object().at("channel_id")), channel_id);
  // Audited once, for the event, by the organizer who sent it (issue #16).
  {
    auto reader = database_->database().read();
    auto entries = reader->query(
        "SELECT a.event_id, a.actor_id IS NOT NULL, a.detail FROM audit_log a WHERE a.action = "
        "'event.discord_announced'");
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 1u);
    EXPECT_EQ(std::to_string(entries->front().int64(0)), event_id_);
    EXPECT_EQ(entries->front().int64(1), 1);
    EXPECT_NE(entries->front().text(2).find(channel_id), std::string::npos);
    EXPECT_EQ(entries->front().text(2).find(content), std::string::npos);
  }
  EXPECT_EQ(server_->terminate(), 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DiscordAnnounceHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
