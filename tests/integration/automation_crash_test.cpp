// kill -9 the outbox worker in the middle of mailing a cohort, twice, and
// count at the SMTP server by Message-ID: every mail arrives; a mail
// arrives twice only if the database marked its delivery as interrupted
// (the documented at-least-once window between the server's 250 and our
// commit); a standby worker takes over within seconds.

#include <chrono>
#include <map>

#include "environment.hpp"
#include "features/integrations/mail/mime.hpp"
#include "features/integrations/testing/helper_process.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"
#include "worker_process.hpp"

namespace moim::integration {
namespace {

using automation::testing::header_value;
using automation::testing::HelperProcess;

class AutomationCrashTest : public ::testing::TestWithParam<std::string> {};

TEST_P(AutomationCrashTest, KilledWorkersNeitherLoseNorSilentlyRepeatMail) {
  crypto::initialise();
  constexpr int kMails = 240;
  const std::string from = "noreply@crash.example";
  testing::TestDatabase database(GetParam());
  {
    auto transaction = database.database().write();
    for (int idx = 0; idx < kMails; ++idx) {
      ASSERT_TRUE(
          outbox::enqueue(*transaction,
                          {.kind = "email",
                           .target = "runner" + std::to_string(idx) + "@crash.example",
                           .payload = {{"template", "verify_email"},
                                       {"language", idx % 2 ? "en" : "ko"},
                                       {"to_name", "러너 " + std::to_string(idx)},
                                       {"link", "https://moim.example/v?" + std::to_string(idx)}},
                           .idempotency_key = "onboarding:" + std::to_string(idx)},
                          static_cast<std::int64_t>(time(nullptr)))
              .ok());
    }
    ASSERT_TRUE(transaction->commit().ok());
  }
  // A slow server: each 250 comes 15 ms after the mail is stored.
  HelperProcess sink(MOIM_SOURCE_DIR "/src/features/integrations/testing/smtp_sink.py",
                     {"--delay-ms", "15"});
  const std::vector<std::string> flags{
      "--database",           database.url(),
      "--web-root",           MOIM_WEB_ROOT,
      "--log-level",          "info",
      "--smtp-url",           "smtp://127.0.0.1:" + std::to_string(sink.port()),
      "--smtp-tls",           "none",
      "--mail-from",          "moim <" + from + ">",
      "--outbox-poll-ms",     "100",
      "--outbox-concurrency", "4"};
  auto done_rows = [&] {
    auto reader = database.database().read();
    return reader->query_one("SELECT COUNT(*) FROM outbox WHERE state = 'done'").value()->int64(0);
  };

  // Two instances: one leads, the other stands by.
  auto first = std::make_unique<WorkerProcess>("a", flags);
  auto second = std::make_unique<WorkerProcess>("b", flags);
  ASSERT_TRUE(wait_until([&] { return sink.records().size() >= 40; }, 60'000));
  ASSERT_TRUE(first->leads() != second->leads()) << "exactly one worker leads";
  std::unique_ptr<WorkerProcess>& leader = first->leads() ? first : second;
  std::unique_ptr<WorkerProcess>& standby = first->leads() ? second : first;
  leader->kill_hard();  // mid-delivery: four mails in flight
  const auto killed_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_until([&] { return standby->leads(); }, 10'000)) << standby->log();
  const auto takeover_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - killed_at)
                               .count();
  EXPECT_LT(takeover_ms, 5000) << "the standby took over after " << takeover_ms << " ms";

  // Kill the new leader too, half-way through the rest, and start afresh.
  ASSERT_TRUE(wait_until([&] { return sink.records().size() >= 120; }, 60'000));
  standby->kill_hard();
  WorkerProcess third("c", flags);
  ASSERT_TRUE(wait_until([&] { return done_rows() == kMails; }, 120'000)) << third.log();
  EXPECT_EQ(third.stop(), 0);  // SIGTERM is a graceful stop

  // Count at the server, by Message-ID.
  std::map<std::string, int> arrived;
  for (const auto& message : sink.records()) ++arrived[header_value(message, "Message-ID")];
  auto reader = database.database().read();
  auto rows = reader->query("SELECT idempotency_key, interrupted, state FROM outbox").value();
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(kMails));
  std::int64_t interrupted_total = 0;
  std::int64_t extra_copies = 0;
  for (const auto& row : rows) {
    const std::string id = automation::message_id_for(row.text(0), from);
    const int copies = arrived.count(id) ? arrived.at(id) : 0;
    const std::int64_t interrupted = row.int64(1);
    interrupted_total += interrupted;
    EXPECT_EQ(row.text(2), "done") << row.text(0);
    EXPECT_GE(copies, 1) << row.text(0) << " never arrived";
    if (interrupted == 0) {
      EXPECT_EQ(copies, 1) << row.text(0) << " arrived twice without an interruption";
    } else {
      EXPECT_LE(copies, 1 + interrupted) << row.text(0);
    }
    extra_copies += std::max(0, copies - 1);
    arrived.erase(id);
  }
  EXPECT_TRUE(arrived.empty()) << "mail the outbox never held";
  // Only what was in flight at a kill can be interrupted: 4 per kill.
  EXPECT_LE(interrupted_total, 8);
  std::fprintf(stderr,
               "crash test: %d mails, %lld interrupted deliveries, %lld duplicate copies, "
               "takeover in %lld ms\n",
               kMails, static_cast<long long>(interrupted_total),
               static_cast<long long>(extra_copies), static_cast<long long>(takeover_ms));
}

INSTANTIATE_TEST_SUITE_P(Drivers, AutomationCrashTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
