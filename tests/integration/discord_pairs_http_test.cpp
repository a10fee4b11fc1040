// Mentoring pairs' Discord channels through the real server, its outbox
// worker and the stand-in (which enforces Discord's permission rules): an
// organizer sees the plan before anything is done, applying it makes the
// program's category and one private channel per pair that exactly the two
// linked people and the bot can see, a second apply (API or page) adds
// nothing, a member gets 403 and another community's program 404.
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "environment.hpp"
#include "features/integrations/testing/helper_process.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::integration {
namespace {

using automation::testing::HelperProcess;

constexpr const char* kGuild = "900000000000000001";
constexpr const char* kBotToken = "standin-bot-token.moim-demo";
constexpr const char* kBotUser = "800000000000000001";  // the stand-in's bot
constexpr const char* kMentorDiscord = "500000000000000021";
constexpr const char* kMenteeDiscord = "500000000000000022";
const std::string kPrograms = "/api/v1/communities/dpair-lab/mentoring/programs";

std::string day(std::int64_t offset_days) {
  return format_local(std::time(nullptr) + offset_days * kDay, "Asia/Seoul", "%Y-%m-%d");
}

class DiscordPairsHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(GetParam());
    standin_ =
        std::make_unique<HelperProcess>(MOIM_SOURCE_DIR "/tests/standins/discord_standin.py",
                                        std::vector<std::string>{"--bucket-limit", "100000"});
    key_file_ = (std::filesystem::temp_directory_path() /
                 ("moim_discord_pairs_key_" + testing::unique_suffix()))
                    .string();
    std::string output;
    ASSERT_EQ(
        run_moim({"user", "create", "--database", database_->url(), "--email",
                  "admin@dpair.example", "--name", "Admin", "--password", kPassword, "--admin"},
                 &output),
        0)
        << output;
    server_ = std::make_unique<MoimProcess>(
        database_->url(),
        std::vector<std::string>{"--secret-key-file", key_file_, "--discord-api-url", standin_url(),
                                 "--outbox-poll-ms", "100"});
    admin_ = std::make_unique<Client>(server_->base_url());
    mentor_ = std::make_unique<Client>(server_->base_url());
    mentee_ = std::make_unique<Client>(server_->base_url());
    member_ = std::make_unique<Client>(server_->base_url());
    ASSERT_EQ(admin_
                  ->json("POST", "/api/v1/auth/login",
                         R"({"email":"admin@dpair.example","password":")" + std::string(kPassword) +
                             "\"}")
                  .status,
              200);
    for (const char* slug : {"dpair-lab", "dpair-other"})
      ASSERT_EQ(admin_
                    ->json("POST", "/api/v1/communities",
                           std::string(R"({"slug":")") + slug + R"(","name":"멘토링 디스코드"})")
                    .status,
                201);
    mentor_id_ = sign_up_and_log_in(*mentor_, "mentor@dpair.example", "Kim Minjun");
    mentee_id_ = sign_up_and_log_in(*mentee_, "mentee@dpair.example", "이서연");
    sign_up_and_log_in(*member_, "member@dpair.example", "Member");
    for (Client* person : {mentor_.get(), mentee_.get(), member_.get()})
      ASSERT_EQ(person->json("POST", "/api/v1/communities/dpair-lab/membership").status, 201);
    // Both linked their Discord accounts and are on the server.
    {
      auto writer = database_->database().write();
      for (auto [user, discord] :
           {std::pair{mentor_id_, kMentorDiscord}, std::pair{mentee_id_, kMenteeDiscord}})
        ASSERT_TRUE(writer
                        ->execute("INSERT INTO discord_links (user_id, discord_user_id, "
                                  "discord_username, linked_at) VALUES (?, ?, ?, 1)",
                                  {user, std::string(discord), "u" + std::to_string(user)})
                        .ok());
      ASSERT_TRUE(writer->commit().ok());
    }
    Client control(standin_url());
    for (const char* id : {kMentorDiscord, kMenteeDiscord})
      ASSERT_EQ(control
                    .json("POST", "/_standin/members",
                          std::string(R"({"id":")") + id + R"(","username":"p"})")
                    .status,
                200);
    auto connected = admin_->json("PUT", "/api/v1/communities/dpair-lab/discord",
                                  R"({"mode":"bot","bot_token":")" + std::string(kBotToken) +
                                      R"(","guild_id":")" + kGuild + "\"}");
    ASSERT_EQ(connected.status, 200) << connected.body;
    announce_program();
  }

  void TearDown() override {
    server_.reset();
    std::filesystem::remove(key_file_);
  }

  std::string standin_url() const { return "http://127.0.0.1:" + std::to_string(standin_->port()); }

  // A program with one announced pair: Kim Minjun mentors 이서연.
  void announce_program() {
    auto created =
        admin_->json("POST", kPrograms,
                     R"({"name":"Global Mentoring","starts_on":")" + day(-1) + R"(","ends_on":")" +
                         day(60) + R"(","sessions":4,"session_minutes":60,"languages":["en"]})");
    ASSERT_EQ(created.status, 201) << created.body;
    program_id_ = parse_object(created.body)["id"].as_int64();
    program_ = kPrograms + "/" + std::to_string(program_id_);
    std::string every_day;
    for (const char* weekday : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
      every_day += std::string(weekday) + " 00:00-24:00\\n";
    ASSERT_EQ(mentor_
                  ->json("POST", program_ + "/offer",
                         R"({"capacity":1,"languages":["en"],"time_zone":"Asia/Seoul",)"
                         R"("availability":")" +
                             every_day + R"("})")
                  .status,
              201);
    ASSERT_EQ(mentee_
                  ->json("POST", program_ + "/application",
                         R"({"goals":["Write a paper"],"languages":["en"],)"
                         R"("time_zone":"Asia/Seoul","availability":")" +
                             every_day + R"("})")
                  .status,
              201);
    for (const char* side : {"offers", "applications"}) {
      const auto listed = parse_object(admin_->get(program_ + "/" + side).body)[side].as_array();
      for (const auto& one : listed)
        ASSERT_EQ(admin_
                      ->json("POST",
                             program_ + "/" + side + "/" +
                                 std::to_string(one.as_object().at("id").as_int64()) + "/review",
                             R"({"decision":"accept"})")
                      .status,
                  200);
    }
    auto run = admin_->json("POST", program_ + "/matches", R"({"mode":"fit","seed":1})");
    ASSERT_EQ(run.status, 201) << run.body;
    ASSERT_EQ(admin_
                  ->json("POST", program_ + "/matches/" +
                                     std::to_string(parse_object(run.body)["id"].as_int64()) +
                                     "/announce")
                  .status,
              200);
  }

  std::int64_t count(const std::string& sql) {
    auto reader = database_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }

  void wait_for_outbox() {
    for (int tries = 0; tries < 300; ++tries) {
      if (count("SELECT COUNT(*) FROM outbox WHERE kind = 'discord' AND state IN ('pending', "
                "'failed', 'delivering')") == 0)
        return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "the Discord rows did not finish";
  }

  boost::json::object standin_state() {
    Client control(standin_url());
    return parse_object(control.get("/_standin/state").body);
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<HelperProcess> standin_;
  std::unique_ptr<MoimProcess> server_;
  std::unique_ptr<Client> admin_, mentor_, mentee_, member_;
  std::int64_t mentor_id_ = 0, mentee_id_ = 0, program_id_ = 0;
  std::string program_, key_file_;
};

TEST_P(DiscordPairsHttpTest, PlanApplyOncePrivateToThePair) {
  const std::string plan_path = program_ + "/discord/plan";
  const std::string apply_path = program_ + "/discord/apply";
  const std::string page_path =
      "/c/dpair-lab/mentoring/" + std::to_string(program_id_) + "/discord";

  // Organizers only; another community's program is not found.
  EXPECT_EQ(member_->get(plan_path).status, 403);
  EXPECT_EQ(member_->json("POST", apply_path, "{}").status, 403);
  EXPECT_EQ(member_->get(page_path).status, 403);
  EXPECT_EQ(admin_
                ->get("/api/v1/communities/dpair-other/mentoring/programs/" +
                      std::to_string(program_id_) + "/discord/plan")
                .status,
            404);

  // The plan, before anything is done.
  auto planned = admin_->get(plan_path);
  ASSERT_EQ(planned.status, 200) << planned.body;
  auto plan = parse_object(planned.body)["plan"].as_object();
  EXPECT_EQ(plan["announced"], true);
  EXPECT_EQ(plan["pairs"], 1);
  ASSERT_EQ(plan["actions"].as_array().size(), 2u) << planned.body;
  EXPECT_EQ(plan["actions"].as_array()[1].as_object()["summary"],
            "create the private text channel 'kim-minjun-이서연' for Kim Minjun and 이서연");
  auto page = admin_->get(page_path);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-testid=\"discord-pairs-apply\""), std::string::npos);
  EXPECT_NE(page.body.find("kim-minjun-이서연"), std::string::npos);
  EXPECT_EQ(standin_state()["channels"].as_array().size(), 0u) << "planning does nothing";

  // Applying: twice through the API, once through the page.
  auto applied = admin_->json("POST", apply_path, "{}");
  ASSERT_EQ(applied.status, 202) << applied.body;
  EXPECT_EQ(parse_object(applied.body)["enqueued"], 2);
  auto again = admin_->json("POST", apply_path, "{}");
  ASSERT_EQ(again.status, 202);
  EXPECT_EQ(parse_object(again.body)["enqueued"], 0);
  auto form = admin_->form(page_path, "_csrf=" + csrf_from(page.body));
  EXPECT_EQ(form.status, 303) << form.body;
  wait_for_outbox();
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'discord' AND state <> 'done'"), 0);

  auto state = standin_state();
  EXPECT_EQ(state["counts"].as_object()["create_channel"], 2);  // the category and the channel
  std::string category_id;
  for (const auto& channel : state["channels"].as_array())
    if (channel.as_object().at("type") == 4) {
      EXPECT_EQ(channel.as_object().at("name"), "Global Mentoring");
      category_id = std::string(channel.as_object().at("id").as_string());
    }
  bool found = false;
  for (const auto& item : state["channels"].as_array()) {
    const auto& channel = item.as_object();
    if (channel.at("type") != 0) continue;
    found = true;
    EXPECT_EQ(channel.at("name"), "kim-minjun-이서연");
    EXPECT_EQ(std::string(channel.at("parent_id").as_string()), category_id);
    std::set<std::string> members;
    for (const auto& entry : channel.at("permission_overwrites").as_array()) {
      const auto& overwrite = entry.as_object();
      const auto allow = std::stoll(std::string(overwrite.at("allow").as_string()));
      const auto deny = std::stoll(std::string(overwrite.at("deny").as_string()));
      if (overwrite.at("id") == kGuild) {
        EXPECT_NE(deny & 1024, 0) << "@everyone may not view it";
      } else {
        EXPECT_EQ(overwrite.at("type"), 1) << "members, not roles";
        if (allow & 1024) members.insert(std::string(overwrite.at("id").as_string()));
      }
    }
    EXPECT_EQ(members, (std::set<std::string>{kMentorDiscord, kMenteeDiscord, kBotUser}));
  }
  EXPECT_TRUE(found) << boost::json::serialize(state["channels"]);

  // Settled: nothing left to do, and applying again changes nothing.
  auto settled = parse_object(admin_->get(plan_path).body)["plan"].as_object();
  EXPECT_TRUE(settled["actions"].as_array().empty()) << boost::json::serialize(settled);
  EXPECT_TRUE(settled["notices"].as_array().empty()) << boost::json::serialize(settled);
  EXPECT_EQ(settled["in_sync"], 4);  // the category, the channel, both people in it
  auto last = admin_->json("POST", apply_path, "{}");
  ASSERT_EQ(last.status, 202);
  EXPECT_EQ(parse_object(last.body)["enqueued"], 0);
  EXPECT_EQ(standin_state()["counts"].as_object()["create_channel"], 2);
  EXPECT_NE(admin_->get(page_path).body.find("data-testid=\"discord-pairs-nothing\""),
            std::string::npos);
  // Every apply is audited by who applied it, with its counts (issue #16):
  // two API calls, the page's form, and the last one.
  const std::string audited =
      "SELECT COUNT(*) FROM audit_log WHERE action = 'mentoring.discord_pair_channels_created' "
      "AND actor_id IS NOT NULL AND detail LIKE '%\"pairs\":1%'";
  EXPECT_EQ(count(audited), 4);
  EXPECT_EQ(count(audited + " AND detail LIKE '%\"enqueued\":2%'"), 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DiscordPairsHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
