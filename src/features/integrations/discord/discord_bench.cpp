// 10,000 "discord" outbox rows delivered by the threaded worker (4 in
// flight) to the stand-in Discord (tests/standins/discord_standin.py), on
// SQLite:
//   BM_DeliverNoop     the baseline: claim and record only
//   BM_DeliverDiscord  give_role rows for 100 roles x 100 members: each one
//                      checks its role on the server (GET roles), creates it
//                      the first time, and PUTs the member's role
// Counters: deliveries per second, and the process's peak RSS (the worker
// runs in this process). docs/performance.md records the figures.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "features/integrations/discord/discord_connector.hpp"
#include "features/integrations/discord/discord_names.hpp"
#include "features/integrations/testing/helper_process.hpp"
#include "features/integrations/worker.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrations.hpp"
#include "platform/log/log.hpp"

namespace moim::discord {
namespace {

constexpr int kRoles = 100;
constexpr int kMembers = 100;
constexpr int kRows = kRoles * kMembers;

double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

class NoopConnector : public automation::Connector {
 public:
  std::string_view kind() const override { return "discord"; }
  automation::Delivery deliver(const automation::OutboxRow&) override {
    return automation::Delivery::done("noop");
  }
};

struct Fixture {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("moim_discord_bench_" + std::to_string(getpid()) + ".db"))
                         .string();
  std::unique_ptr<db::Database> database;
  Clock clock;
  crypto::SecretBox secrets = crypto::SecretBox::from_key(crypto::random_bytes(32)).value();
  std::int64_t community_id = 0;

  Fixture() {
    remove_files();
    database = db::Database::open("sqlite:" + path, {.pool_size = 4}).value();
    if (!db::migrate(*database)) throw std::runtime_error("migration failed");
    auto writer = database->write().value();
    community_id = writer
                       .query_one(
                           "INSERT INTO communities (slug, name, created_at, updated_at) "
                           "VALUES ('bench', 'bench', 1, 1) RETURNING id")
                       .value()
                       ->int64(0);
    (void)save_connection(writer, secrets, community_id,
                          {.mode = "bot",
                           .bot_token = "standin-bot-token.moim-demo",
                           .guild_id = "900000000000000001",
                           .guild_name = "bench"},
                          std::nullopt, 1);
    (void)writer.commit();
  }
  ~Fixture() {
    database.reset();
    remove_files();
  }
  void remove_files() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", ".worker-lock"})
      std::filesystem::remove(path + suffix, ignored);
  }
  void fill(int round) {
    auto transaction = database->write().value();
    const std::int64_t now = clock.now_seconds();
    for (int idx = 0; idx < kRows; ++idx) {
      const int role = idx / kMembers;
      const int member = idx % kMembers + 1;
      (void)automation::enqueue(
          transaction,
          {.kind = "discord",
           .target = "900000000000000001",
           .payload = {{"op", "give_role"},
                       {"role_key", role_key(role)},
                       {"role_name", "bench role " + std::to_string(role)},
                       {"discord_user_id", std::to_string(700000000000000000LL + member)}},
           .idempotency_key = "bench:" + std::to_string(round) + ":" + std::to_string(idx),
           .community_id = community_id},
          now);
    }
    (void)transaction.commit();
  }
  std::int64_t waiting() {
    auto reader = database->read().value();
    return reader.query_one("SELECT COUNT(*) FROM outbox WHERE state NOT IN ('done', 'dead')")
        .value()
        ->int64(0);
  }
};

template <class MakeConnector>
void deliver_all(benchmark::State& state, MakeConnector make_connector) {
  crypto::initialise();
  log::set_min_level(log::Level::kError);
  Fixture fixture;
  int round = 0;
  double seconds = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fixture.fill(round++);
    automation::Worker worker(
        *fixture.database, fixture.clock,
        {.concurrency = 4, .backoff = {.base_ms = 1000, .max_ms = 1000}, .poll_ms = 5},
        automation::make_leadership("sqlite:" + fixture.path, ""));
    worker.add_connector(make_connector(fixture));
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    worker.start();
    while (fixture.waiting() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    worker.stop();
  }
  auto reader = fixture.database->read().value();
  state.counters["dead_rows"] = static_cast<double>(
      reader.query_one("SELECT COUNT(*) FROM outbox WHERE state = 'dead'").value()->int64(0));
  state.counters["deliveries_per_s"] = kRows * state.iterations() / seconds;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

void BM_DeliverNoop(benchmark::State& state) {
  deliver_all(state, [](Fixture&) { return std::make_unique<NoopConnector>(); });
}

void BM_DeliverDiscord(benchmark::State& state) {
  // Generous buckets: this measures moim and the stand-in, not a rate limit.
  automation::testing::HelperProcess standin(
      MOIM_SOURCE_DIR "/tests/standins/discord_standin.py",
      {"--seed-members", std::to_string(kMembers), "--bucket-limit", "1000000"});
  deliver_all(state, [&](Fixture& fixture) {
    return std::make_unique<DiscordConnector>(
        *fixture.database, fixture.clock, &fixture.secrets,
        ApiOptions{.base_url = "http://127.0.0.1:" + std::to_string(standin.port())});
  });
}

BENCHMARK(BM_DeliverNoop)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_DeliverDiscord)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace moim::discord

BENCHMARK_MAIN();
