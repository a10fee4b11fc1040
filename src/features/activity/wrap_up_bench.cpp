// Completion statistics for 100 cohorts × 50 projects × 20 members (100,000
// results; goal: under 200 ms), each beside a baseline in the same run:
//   BM_SortBaseline       sorting the same 100,000 rows by (cohort, project)
//   BM_TallyPure          tally_outcomes: rates per cohort, per project, in total
//   BM_ScanSqlite         the baseline for the database path: reading the rows only
//   BM_StatisticsSqlite   reading the rows from SQLite and tallying them
//   BM_GroupBySqlite      the same figures as one GROUP BY in SQLite (what the
//                         cross-cohort page asks)
// docs/performance.md records the figures.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "features/activity/wrap_up.hpp"
#include "platform/db/migrations.hpp"

namespace moim::activity {
namespace {

constexpr int kCohorts = 100;
constexpr int kProjects = 50;  // per cohort
constexpr int kMembers = 20;   // per project
constexpr std::string_view kOutcomes[] = {kCompleted,    kCompleted, kCompleted, kCompleted,
                                          kCompleted,    kCompleted, kCompleted, kCompleted,
                                          kNotCompleted, kDropped};

// Rows in a shuffled order, as a database would hand them over unsorted.
std::vector<OutcomeRow> make_rows() {
  std::vector<OutcomeRow> rows;
  rows.reserve(kCohorts * kProjects * kMembers);
  std::mt19937 random(42);
  for (int cohort = 1; cohort <= kCohorts; ++cohort)
    for (int project = 1; project <= kProjects; ++project)
      for (int member = 0; member < kMembers; ++member)
        rows.push_back({cohort, (cohort - 1) * kProjects + project,
                        kOutcomes[random() % std::size(kOutcomes)]});
  std::shuffle(rows.begin(), rows.end(), random);
  return rows;
}

const std::vector<OutcomeRow>& rows() {
  static const std::vector<OutcomeRow> made = make_rows();
  return made;
}

void BM_SortBaseline(benchmark::State& state) {
  for (auto _ : state) {
    std::vector<OutcomeRow> copy = rows();
    std::sort(copy.begin(), copy.end(), [](const OutcomeRow& left, const OutcomeRow& right) {
      return std::tie(left.cohort_id, left.project_id) <
             std::tie(right.cohort_id, right.project_id);
    });
    benchmark::DoNotOptimize(copy.data());
  }
  state.counters["rows"] = static_cast<double>(rows().size());
}
BENCHMARK(BM_SortBaseline)->Unit(benchmark::kMillisecond);

void BM_TallyPure(benchmark::State& state) {
  for (auto _ : state) {
    CompletionStatistics statistics = tally_outcomes(rows());
    benchmark::DoNotOptimize(statistics.total.completed);
  }
  const CompletionStatistics statistics = tally_outcomes(rows());
  state.counters["rows"] = static_cast<double>(rows().size());
  state.counters["projects"] = static_cast<double>(statistics.projects.size());
  state.counters["rate_permille"] = statistics.total.rate_permille();
}
BENCHMARK(BM_TallyPure)->Unit(benchmark::kMillisecond);

// A migrated SQLite file with the 100,000 results (and the cohorts,
// projects and people they point at).
struct Store {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("moim_wrap_up_bench_" + std::to_string(getpid()) + ".db"))
                         .string();
  std::unique_ptr<db::Database> database;

  Store() {
    remove_files();
    database = db::Database::open("sqlite:" + path, {.pool_size = 2}).value();
    if (!db::migrate(*database)) throw std::runtime_error("migration failed");
    auto writer = database->write().value();
    auto check = [](const auto& done) {
      if (!done) throw std::runtime_error(done.error().message);
    };
    check(writer.execute(
        "INSERT INTO communities (slug, name, created_at, updated_at) VALUES ('bench', 'bench', 0, "
        "0)"));
    for (int member = 1; member <= kMembers; ++member)
      check(writer.execute(
          "INSERT INTO users (email, display_name, password_hash, created_at, updated_at) VALUES "
          "(?, ?, 'x', 0, 0)",
          {"m" + std::to_string(member) + "@bench", "m" + std::to_string(member)}));
    for (int cohort = 1; cohort <= kCohorts; ++cohort)
      check(writer.execute(
          "INSERT INTO cohorts (id, community_id, cohort_key, name, created_at, updated_at) "
          "VALUES (?, 1, ?, ?, ?, 0)",
          {std::int64_t{cohort}, std::to_string(cohort), std::to_string(cohort) + "기",
           std::int64_t{cohort}}));
    for (int project = 1; project <= kCohorts * kProjects; ++project)
      check(writer.execute(
          "INSERT INTO academy_projects (id, community_id, cohort_id, title, kind, level, "
          "language, "
          "mode, weekday, start_time, duration_minutes, time_zone, starts_on, ends_on, "
          "min_runners, max_runners, status, created_at, updated_at) VALUES (?, 1, ?, ?, 'study', "
          "'beginner', 'ko', 'online', 2, '20:00', 90, 'Asia/Seoul', '2027-03-01', '2027-04-30', "
          "1, 20, 'approved', 0, 0)",
          {std::int64_t{project}, std::int64_t{(project - 1) / kProjects + 1},
           "p" + std::to_string(project)}));
    std::mt19937 random(7);
    for (int project = 1; project <= kCohorts * kProjects; ++project)
      for (int member = 1; member <= kMembers; ++member) {
        const std::string outcome(kOutcomes[random() % std::size(kOutcomes)]);
        check(writer.execute(
            "INSERT INTO completion_results (cohort_id, project_id, user_id, role, computed, "
            "outcome, updated_at) VALUES (?, ?, ?, 'runner', ?, ?, 0)",
            {std::int64_t{(project - 1) / kProjects + 1}, std::int64_t{project},
             std::int64_t{member}, outcome, outcome}));
      }
    check(writer.commit());
  }
  ~Store() {
    database.reset();
    remove_files();
  }
  void remove_files() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
  }
};

Store& store() {
  static Store made;
  return made;
}

constexpr const char* kSelectRows =
    "SELECT cohort_id, project_id, outcome FROM completion_results r JOIN cohorts c ON c.id = "
    "r.cohort_id WHERE c.community_id = ?";

void BM_ScanSqlite(benchmark::State& state) {
  auto& database = *store().database;
  std::size_t read = 0;
  for (auto _ : state) {
    auto reader = database.read().value();
    auto found = reader.query(kSelectRows, {std::int64_t{1}}).value();
    read = found.size();
    benchmark::DoNotOptimize(found.data());
  }
  state.counters["rows"] = static_cast<double>(read);
}
BENCHMARK(BM_ScanSqlite)->Unit(benchmark::kMillisecond);

void BM_StatisticsSqlite(benchmark::State& state) {
  auto& database = *store().database;
  int rate = 0;
  for (auto _ : state) {
    auto reader = database.read().value();
    auto found = reader.query(kSelectRows, {std::int64_t{1}}).value();
    std::vector<std::string> outcomes;  // the rows own their text; the tally views it
    outcomes.reserve(found.size());
    std::vector<OutcomeRow> list;
    list.reserve(found.size());
    for (const auto& row : found) {
      outcomes.push_back(row.text(2));
    }
    for (std::size_t idx = 0; idx < found.size(); ++idx)
      list.push_back({found[idx].int64(0), found[idx].int64(1), outcomes[idx]});
    CompletionStatistics statistics = tally_outcomes(list);
    rate = statistics.total.rate_permille();
    benchmark::DoNotOptimize(rate);
  }
  state.counters["rate_permille"] = rate;
}
BENCHMARK(BM_StatisticsSqlite)->Unit(benchmark::kMillisecond);

void BM_GroupBySqlite(benchmark::State& state) {
  auto& database = *store().database;
  std::size_t groups = 0;
  for (auto _ : state) {
    auto reader = database.read().value();
    auto found = reader
                     .query(
                         "SELECT r.cohort_id, r.outcome, COUNT(*) FROM completion_results r "
                         "JOIN cohorts c ON c.id = r.cohort_id WHERE c.community_id = ? GROUP "
                         "BY r.cohort_id, r.outcome",
                         {std::int64_t{1}})
                     .value();
    groups = found.size();
    benchmark::DoNotOptimize(found.data());
  }
  state.counters["groups"] = static_cast<double>(groups);
}
BENCHMARK(BM_GroupBySqlite)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace moim::activity

BENCHMARK_MAIN();
