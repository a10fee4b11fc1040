// 10,000 outbox rows delivered by the threaded worker, on SQLite:
//   BM_DeliverNoop  the baseline: claim and record only (a connector that does nothing)
//   BM_DeliverSmtp  the same rows as real mail to a local SMTP server (aiosmtpd, --discard)
// Counters: deliveries per second, and the process's peak RSS (the worker
// runs in this process). docs/performance.md records the figures.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "features/integrations/mail/mail_connector.hpp"
#include "features/integrations/testing/helper_process.hpp"
#include "features/integrations/worker.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrations.hpp"
#include "platform/log/log.hpp"

namespace moim::automation {
namespace {

constexpr int kRows = 10'000;

double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

class NoopConnector : public Connector {
 public:
  std::string_view kind() const override { return "email"; }
  Delivery deliver(const OutboxRow&) override { return Delivery::done("noop"); }
};

struct Fixture {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("moim_outbox_bench_" + std::to_string(getpid()) + ".db"))
                         .string();
  std::unique_ptr<db::Database> database;
  Clock clock;

  Fixture() {
    remove_files();
    database = db::Database::open("sqlite:" + path, {.pool_size = 4}).value();
    if (!db::migrate(*database)) throw std::runtime_error("migration failed");
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
      const std::string key = "bench:" + std::to_string(round) + ":" + std::to_string(idx);
      (void)enqueue(transaction,
                    {.kind = "email",
                     .target = "runner" + std::to_string(idx) + "@bench.example",
                     .payload = {{"template", "verify_email"},
                                 {"language", idx % 2 ? "en" : "ko"},
                                 {"to_name", "러너"},
                                 {"link", "https://moim.example/verify-email?token=" + key}},
                     .idempotency_key = key},
                    now);
    }
    (void)transaction.commit();
  }
  std::int64_t waiting() {
    auto reader = database->read().value();
    return reader.query_one("SELECT COUNT(*) FROM outbox WHERE state <> 'done'").value()->int64(0);
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
    Worker worker(*fixture.database, fixture.clock, {.concurrency = 4, .poll_ms = 5},
                  make_leadership("sqlite:" + fixture.path, ""));
    worker.add_connector(make_connector(fixture));
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    worker.start();
    while (fixture.waiting() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    worker.stop();
  }
  state.counters["deliveries_per_s"] = kRows * state.iterations() / seconds;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

void BM_DeliverNoop(benchmark::State& state) {
  deliver_all(state, [](Fixture&) { return std::make_unique<NoopConnector>(); });
}

void BM_DeliverSmtp(benchmark::State& state) {
  testing::HelperProcess sink(MOIM_SOURCE_DIR "/src/features/integrations/testing/smtp_sink.py",
                              {"--discard"});
  auto catalog = web::Catalog::load(MOIM_SOURCE_DIR "/web/i18n").value();
  std::shared_ptr<const web::Templates> templates =
      web::Templates::load(MOIM_SOURCE_DIR "/web/templates", catalog).value();
  deliver_all(state, [&](Fixture& fixture) {
    return std::make_unique<MailConnector>(
        *fixture.database, fixture.clock, templates, catalog,
        MailOptions{{"moim", "noreply@bench.example"}, "", "https://moim.example"},
        make_smtp_transport(
            {.url = "smtp://127.0.0.1:" + std::to_string(sink.port()), .require_starttls = false}));
  });
}

BENCHMARK(BM_DeliverNoop)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK(BM_DeliverSmtp)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace moim::automation

BENCHMARK_MAIN();
