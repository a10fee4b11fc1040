// The stand-in Discord (tests/standins/discord_standin.py) and a database
// with one community connected to it, for the connector and plan tests.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "features/integrations/discord/discord_api.hpp"
#include "features/integrations/discord/discord_connector.hpp"
#include "features/integrations/discord/discord_store.hpp"
#include "features/integrations/testing/helper_process.hpp"
#include "features/integrations/worker.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/secret_box.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/outbox/outbox_store.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::discord::testing {

inline constexpr const char* kGuildId = "900000000000000001";
inline constexpr const char* kBotToken = "standin-bot-token.moim-demo";

class StandIn {
 public:
  StandIn()
      : process_(MOIM_SOURCE_DIR "/tests/standins/discord_standin.py", {"--bucket-limit", "1000"}),
        api_({.base_url = base_url(), .timeout_ms = 5000}) {}
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(process_.port()); }
  boost::json::object state() {
    return api_.call("GET", "/_standin/state", nullptr, Auth::kNone, "").body.as_object();
  }
  void post(const std::string& path, boost::json::object body) {
    ASSERT_TRUE(api_.call("POST", path, body, Auth::kNone, "").ok()) << path;
  }
  void fault(const std::string& mode, int count, const std::string& route = "",
             const std::string& method = "", double delay = 0) {
    post("/_standin/faults", {{"mode", mode},
                              {"count", count},
                              {"route", route},
                              {"method", method},
                              {"retry_after", 1.5},
                              {"delay", delay}});
  }
  void add_member(const std::string& id, const std::string& name) {
    post("/_standin/members", {{"id", id}, {"username", name}});
  }
  std::int64_t count(const std::string& effect) {
    const auto all = state();
    const auto& counts = all.at("counts").as_object();
    return counts.contains(effect) ? counts.at(effect).as_int64() : 0;
  }
  DiscordApi& api() { return api_; }

 private:
  automation::testing::HelperProcess process_;
  DiscordApi api_;
};

// One community ("pseudo", id in community_id) connected to the stand-in.
class DiscordFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    secrets_.emplace(crypto::SecretBox::from_key(crypto::random_bytes(32)).value());
    auto writer = database().write();
    ASSERT_TRUE(writer);
    organizer_ = add_user(*writer, "organizer");
    community_id_ = writer
                        ->query_one(
                            "INSERT INTO communities (slug, name, created_at, updated_at) VALUES "
                            "('pseudo', '가짜연구소', 1, 1) RETURNING id")
                        .value()
                        ->int64(0);
    ASSERT_TRUE(save_connection(*writer, *secrets_, community_id_,
                                {.mode = "bot",
                                 .bot_token = kBotToken,
                                 .guild_id = kGuildId,
                                 .guild_name = "Stand-in Guild"},
                                organizer_, clock_.now_seconds())
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }

  std::int64_t add_user(db::Transaction& writer, const std::string& name) {
    auto row = writer.query_one(
        "INSERT INTO users (email, display_name, password_hash, created_at, updated_at) VALUES "
        "(?, ?, 'x', 1, 1) RETURNING id",
        {name + "@example.org", name});
    return row.value()->int64(0);
  }

  std::unique_ptr<automation::Worker> make_worker(int timeout_ms = 3000) {
    auto worker = std::make_unique<automation::Worker>(
        database(), clock_,
        automation::WorkerOptions{.concurrency = 2,
                                  .max_attempts = 8,
                                  .backoff = {.base_ms = 1000, .max_ms = 4000},
                                  .poll_ms = 50},
        automation::make_leadership(test_db_->url(), ""));
    worker->add_connector(std::make_unique<DiscordConnector>(
        database(), clock_, &*secrets_,
        ApiOptions{.base_url = standin_.base_url(), .timeout_ms = timeout_ms}));
    return worker;
  }

  // Drains, moving the clock past every retry, until nothing is left to do.
  void deliver_all(automation::Worker& worker) {
    for (int round = 0; round < 30; ++round) {
      worker.drain_once();
      auto reader = database().read();
      auto open = reader->query_one(
          "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'failed', 'delivering')");
      if (open.value()->int64(0) == 0) return;
      clock_.advance(10);
    }
  }

  void enqueue(const std::string& key, boost::json::object payload) {
    auto writer = database().write();
    ASSERT_TRUE(automation::enqueue(*writer,
                                    {.kind = "discord",
                                     .target = kGuildId,
                                     .payload = std::move(payload),
                                     .idempotency_key = key,
                                     .community_id = community_id_},
                                    clock_.now_seconds())
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }

  std::string state_of(const std::string& key) {
    auto reader = database().read();
    auto row = reader->query_one(
        "SELECT state, COALESCE(last_error, '') FROM outbox WHERE "
        "idempotency_key = ?",
        {key});
    if (!row.value()) return "missing";
    const db::Row& found = *row.value();
    // The last error stays on a done row (it says what the retries were for).
    if (found.text(0) == "done") return "done";
    return found.text(0) + (found.text(1).empty() ? "" : " " + found.text(1));
  }

  db::Database& database() { return test_db_->database(); }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::optional<crypto::SecretBox> secrets_;
  StandIn standin_;
  std::int64_t organizer_ = 0;
  std::int64_t community_id_ = 0;
};

}  // namespace moim::discord::testing
