// The plan for a mentoring program's pair channels against the stand-in:
// what it would create, that applying it gives each pair a channel only its
// two linked people (and the bot) see, that planning twice gives the same
// keys and a settled plan is empty, that someone who joins or links later
// is let in by the next plan, and that a big program splits its category.
#include "features/integrations/discord/pair_channels_plan.hpp"

#include <set>

#include "features/integrations/discord/discord_names.hpp"
#include "features/integrations/discord/testing/discord_fixture.hpp"

namespace moim::discord {
namespace {

constexpr const char* kMentorDiscord = "500000000000000011";
constexpr const char* kMenteeDiscord = "500000000000000012";
constexpr const char* kLateDiscord = "500000000000000013";
constexpr const char* kBotUserId = "800000000000000001";  // the stand-in's bot

class PairChannelsPlanTest : public testing::DiscordFixture {
 protected:
  void SetUp() override {
    DiscordFixture::SetUp();
    auto writer = database().write();
    mentor_ = add_user(*writer, "Kim Minjun");
    mentee_ = add_user(*writer, "이서연");
    late_ = add_user(*writer, "Late Linker");
    ASSERT_TRUE(save_link(*writer, {mentor_, kMentorDiscord, "minjun", 1}).ok());
    ASSERT_TRUE(save_link(*writer, {mentee_, kMenteeDiscord, "seoyeon", 1}).ok());
    ASSERT_TRUE(writer->commit().ok());
    // The mentor is on the server; the mentee is not yet (an invite).
    standin_.add_member(kMentorDiscord, "minjun");
    program_ = {.community_id = community_id_,
                .id = 7,
                .name = "Global Mentoring",
                .pairs = {{41, {mentor_, "Kim Minjun"}, {mentee_, "이서연"}},
                          {42, {mentor_, "Kim Minjun"}, {late_, "Late Linker"}}}};
  }

  automation::ServicePlan plan() {
    PairChannelsPlanner planner(database(), clock_, &*secrets_, {.base_url = standin_.base_url()});
    auto planned = planner.plan(program_);
    EXPECT_TRUE(planned) << planned.error().message;
    return planned.value();
  }

  void apply(const automation::ServicePlan& plan) {
    auto writer = database().write();
    for (const auto& action : plan.actions)
      ASSERT_TRUE(automation::enqueue(*writer, action.message, clock_.now_seconds()).ok());
    ASSERT_TRUE(writer->commit().ok());
  }

  static std::vector<std::string> summaries(const automation::ServicePlan& plan) {
    std::vector<std::string> out;
    for (const auto& action : plan.actions) out.push_back(action.verb + ": " + action.summary);
    return out;
  }

  static std::string notice(const automation::ServicePlan& plan, const std::string& key) {
    for (const auto& one : plan.notices)
      if (one.key == key) return one.subject;
    return "";
  }

  // Who may see a channel through their own member overwrite, by its name.
  std::set<std::string> viewers(const std::string& name) {
    std::set<std::string> ids;
    const auto state = standin_.state();
    for (const auto& channel : state.at("channels").as_array()) {
      const auto& object = channel.as_object();
      if (object.at("name").as_string() != name) continue;
      for (const auto& entry : object.at("permission_overwrites").as_array()) {
        const auto& overwrite = entry.as_object();
        const auto allow = std::stoll(std::string(overwrite.at("allow").as_string()));
        if (overwrite.at("type").as_int64() == 1 && (allow & kViewChannel) != 0)
          ids.insert(std::string(overwrite.at("id").as_string()));
        if (overwrite.at("id").as_string() == testing::kGuildId) {
          EXPECT_NE(std::stoll(std::string(overwrite.at("deny").as_string())) & kViewChannel, 0)
              << "@everyone must not see " << name;
        }
      }
    }
    return ids;
  }

  ProgramWant program_;
  std::int64_t mentor_ = 0, mentee_ = 0, late_ = 0;
};

TEST(PairChannelNames, BothNamesAsDiscordKeepsThem) {
  EXPECT_EQ(pair_channel_name("Kim Minjun", "이서연"), "kim-minjun-이서연");
  EXPECT_EQ(pair_channel_name("!!", "Ana"), "ana");
  EXPECT_EQ(pair_channel_name("!!", "??"), "pair");
  EXPECT_LE(pair_channel_name(std::string(80, 'a'), std::string(80, 'b')).size(), kMaxNameBytes);
  EXPECT_EQ(pair_channel_key(12), "mentoring-pair:12:text");
  EXPECT_EQ(program_category_key(3, 0), "mentoring:3:category");
  EXPECT_EQ(program_category_key(3, 1), "mentoring:3:category:2");
}

TEST_P(PairChannelsPlanTest, PlansAppliesAndLetsLateComersIn) {
  const auto first = plan();
  EXPECT_TRUE(first.connected);
  EXPECT_EQ(first.remote_error, "");
  EXPECT_EQ(summaries(first),
            (std::vector<std::string>{
                "create: create the category 'Global Mentoring'",
                "create: create the private text channel 'kim-minjun-이서연' for Kim Minjun and "
                "이서연",
                "create: invite 이서연 to the server",
                "create: create the private text channel 'kim-minjun-late-linker' for Kim Minjun "
                "and Late Linker",
            }));
  EXPECT_EQ(notice(first, "discord_notice_pair_not_linked"), "Late Linker");
  // Planning twice gives the same keys: applying both changes nothing more.
  const auto again = plan();
  ASSERT_EQ(again.actions.size(), first.actions.size());
  for (std::size_t idx = 0; idx < first.actions.size(); ++idx)
    EXPECT_EQ(again.actions[idx].message.idempotency_key,
              first.actions[idx].message.idempotency_key);
  apply(first);
  apply(again);
  auto worker = make_worker();
  deliver_all(*worker);
  EXPECT_EQ(standin_.count("create_channel"), 3);  // the category and two channels
  EXPECT_EQ(standin_.count("create_invite"), 1);
  EXPECT_EQ(viewers("kim-minjun-이서연"), (std::set<std::string>{kMentorDiscord, kBotUserId}));
  EXPECT_EQ(viewers("kim-minjun-late-linker"), (std::set<std::string>{kMentorDiscord, kBotUserId}));
  {
    auto reader = database().read();
    auto mail = reader->query_one("SELECT target FROM outbox WHERE kind = 'email'").value();
    ASSERT_TRUE(mail.has_value());
    EXPECT_EQ((*mail).text(0), "이서연@example.org");
  }
  const auto settled = plan();
  EXPECT_TRUE(settled.actions.empty()) << ::testing::PrintToString(summaries(settled));
  EXPECT_EQ(settled.in_sync, 5);  // the category, two channels, the mentor in each

  // The mentee joins the server; the other mentee links and joins.
  standin_.add_member(kMenteeDiscord, "seoyeon");
  standin_.add_member(kLateDiscord, "late");
  {
    auto writer = database().write();
    ASSERT_TRUE(save_link(*writer, {late_, kLateDiscord, "late", 1}).ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  const auto later = plan();
  EXPECT_EQ(summaries(later),
            (std::vector<std::string>{
                "update: let 이서연 into the channel 'kim-minjun-이서연'",
                "update: let Late Linker into the channel 'kim-minjun-late-linker'",
            }));
  EXPECT_TRUE(later.notices.empty());
  apply(later);
  deliver_all(*worker);
  EXPECT_EQ(viewers("kim-minjun-이서연"),
            (std::set<std::string>{kMentorDiscord, kMenteeDiscord, kBotUserId}));
  EXPECT_EQ(viewers("kim-minjun-late-linker"),
            (std::set<std::string>{kMentorDiscord, kLateDiscord, kBotUserId}));
  EXPECT_TRUE(plan().actions.empty());
  EXPECT_EQ(standin_.count("create_channel"), 3);  // never a second channel
}

TEST_P(PairChannelsPlanTest, MoreThanFiftyPairsSplitTheCategory) {
  program_.pairs.clear();
  for (int idx = 0; idx < 51; ++idx)
    program_.pairs.push_back({100 + idx, {mentor_, "Kim Minjun"}, {mentee_, "이서연"}});
  const auto planned = plan();
  ASSERT_GE(planned.actions.size(), 3u);
  EXPECT_EQ(planned.actions[0].summary, "create the category 'Global Mentoring (1)'");
  EXPECT_EQ(planned.actions[1].summary, "create the category 'Global Mentoring (2)'");
  EXPECT_EQ(notice(planned, "discord_notice_pair_category_split"),
            "Global Mentoring (1), Global Mentoring (2)");
  // The same two names: distinct channel names, so none is taken for another.
  std::set<std::string> names;
  for (const auto& action : planned.actions)
    if (action.message.payload.at("op").as_string() == "ensure_member_channel")
      names.insert(std::string(action.message.payload.at("name").as_string()));
  EXPECT_EQ(names.size(), 51u);
  EXPECT_TRUE(names.count("kim-minjun-이서연-51"));
}

INSTANTIATE_TEST_SUITE_P(Drivers, PairChannelsPlanTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::discord
