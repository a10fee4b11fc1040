// The search bench's generator (bench/http/search.sh): adds to the demo
// community `pseudolab-demo` (seeded first by `moim demo`) a searchable
// corpus: PROJECTS approved projects spread over its cohorts and year-round
// labs, and LOGS public growth logs written by 1,000 generated members (50
// weeks each), in Korean and English study-group prose: topic words among
// 5,000 everyday ones with a long tail (the same corpus on every run and
// database). The rows go in through moim's db layer, so the search indexes
// are kept as in service: SQLite's FTS5 triggers and PostgreSQL's GIN index
// (migration 0039).
//
// Usage: moim_bench_search_seed DATABASE_URL PROJECTS LOGS
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace {

using moim::Error;
using moim::db::Transaction;
using moim::db::Value;

constexpr const char* kSlug = "pseudolab-demo";
constexpr int kBatchRows = 200;
constexpr int kWriters = 1000;
constexpr int kWeeksEach = 50;

[[noreturn]] void fail(const std::string& what, const Error& error) {
  std::fprintf(stderr, "moim_bench_search_seed: %s: %s\n", what.c_str(), error.message.c_str());
  std::exit(1);
}

// Words of study-group prose; "추천시스템", "트랜스포머" and "transformer"
// recur like real topics do, so frequent and rare queries both exist.
const std::vector<std::string> kWords = {
    "추천시스템",  "추천",        "협업",      "필터링",    "모델",        "학습",     "데이터",
    "논문",        "리뷰",        "구현",      "실험",      "평가",        "지표",     "트랜스포머",
    "어텐션",      "임베딩",      "벡터",      "검색",      "강화학습",    "정책",     "보상",
    "그래프",      "신경망",      "최적화",    "배치",      "정규화",      "손실",     "함수",
    "발표",        "스터디",      "세션",      "과제",      "회고",        "질문",     "토론",
    "코드",        "파이프라인",  "배포",      "서빙",      "모니터링",    "한국어",   "언어모델",
    "미세조정",    "프롬프트",    "요약",      "번역",      "분류",        "군집",     "시각화",
    "통계",        "확률",        "베이지안",  "추론",      "생성",        "이미지",   "확산",
    "transformer", "attention",   "embedding", "retrieval", "ranking",     "baseline", "dataset",
    "benchmark",   "fine-tuning", "LoRA",      "PyTorch",   "JAX",         "Spark",    "SQL",
    "pipeline",    "inference",   "latency",   "GPU",       "recommender", "graph",    "policy"};

// Everyday words: 5,000 made of common syllables, a few used often and most
// rarely (a cube of a uniform draw), like a language's long tail.
std::vector<std::string> everyday_words() {
  const std::string syllables =
      "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후"
      "기니디리미비시이지치키티피히개내대래매배새애재채";
  std::vector<std::string> syllable_list;
  for (std::size_t at = 0; at + 3 <= syllables.size(); at += 3)
    syllable_list.push_back(syllables.substr(at, 3));
  std::mt19937 random(7);
  std::uniform_int_distribution<std::size_t> pick(0, syllable_list.size() - 1);
  std::vector<std::string> words;
  for (int word = 0; word < 5000; ++word) {
    std::string text;
    for (int syllable = 0; syllable < 2 + word % 2; ++syllable) text += syllable_list[pick(random)];
    words.push_back(text);
  }
  return words;
}

// One in seven words is a study topic (kWords); the rest everyday words.
std::string prose(std::mt19937& random, int words) {
  static const std::vector<std::string> everyday = everyday_words();
  std::uniform_int_distribution<std::size_t> topic(0, kWords.size() - 1);
  std::uniform_real_distribution<double> share(0, 1);
  std::string text;
  for (int word = 0; word < words; ++word) {
    if (word > 0) text += (word % 9 == 0) ? ". " : " ";
    if (share(random) < 1.0 / 7) {
      text += kWords[topic(random)];
    } else {
      const double draw = share(random);
      text += everyday[static_cast<std::size_t>(draw * draw * draw * everyday.size())];
    }
  }
  return text + ".";
}

std::int64_t one_number(Transaction& tx, const std::string& sql, const std::vector<Value>& params) {
  auto rows = tx.query(sql, params);
  if (!rows) fail(sql, rows.error());
  if (rows->empty() || rows->front().is_null(0)) return 0;
  return rows->front().int64(0);
}

// One multi-row INSERT of `rows` rows of `columns` values each.
void insert(Transaction& tx, const std::string& head, int columns,
            const std::vector<Value>& values) {
  if (values.empty()) return;
  std::string row = "(";
  for (int column = 0; column < columns; ++column) row += column ? ", ?" : "?";
  row += ")";
  std::string sql = head + " VALUES ";
  for (std::size_t at = 0; at < values.size(); at += columns) sql += (at ? ", " : "") + row;
  if (auto done = tx.execute(sql, values); !done) fail(head, done.error());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: moim_bench_search_seed DATABASE_URL PROJECTS LOGS WIKI_PAGES\n");
    return 2;
  }
  const int projects = std::stoi(argv[2]);
  const int logs = std::stoi(argv[3]);
  const int wiki_pages = std::stoi(argv[4]);
  auto database = moim::db::Database::open(argv[1], {});
  if (!database) fail("open", database.error());
  auto tx = database.value()->write();
  if (!tx) fail("begin", tx.error());
  const std::int64_t community =
      one_number(*tx, "SELECT id FROM communities WHERE slug = ?", {std::string(kSlug)});
  if (community == 0) fail("community", Error::not_found("run moim demo first"));
  auto cohort_rows = tx->query("SELECT id FROM cohorts WHERE community_id = ?", {community});
  if (!cohort_rows) fail("cohorts", cohort_rows.error());
  std::vector<Value> cohorts{Value{}};  // a year-round lab has no cohort
  for (const auto& row : *cohort_rows) cohorts.push_back(row.int64(0));
  const std::int64_t now = 1'780'000'000;
  std::mt19937 random(20260417);

  std::vector<Value> values;
  for (int project = 0; project < projects; ++project) {
    const std::string title = prose(random, 3);
    values.insert(values.end(), {community,
                                 cohorts[project % cohorts.size()],
                                 title.substr(0, title.size() - 1),
                                 prose(random, 12),
                                 prose(random, 60),
                                 std::string(project % cohorts.size() == 0 ? "lab" : "study"),
                                 std::string("beginner"),
                                 std::string("ko"),
                                 std::string("online"),
                                 std::int64_t{project % 7},
                                 std::string("20:00"),
                                 std::int64_t{90},
                                 std::string("Asia/Seoul"),
                                 std::string("2026-03-02"),
                                 std::string("2026-06-01"),
                                 std::int64_t{0},
                                 std::int64_t{10},
                                 std::string("approved"),
                                 now - project * 600,
                                 now - project * 600});
    if (values.size() >= 20u * kBatchRows || project + 1 == projects) {
      insert(*tx,
             "INSERT INTO academy_projects (community_id, cohort_id, title, summary, description, "
             "kind, level, language, mode, weekday, start_time, duration_minutes, time_zone, "
             "starts_on, ends_on, min_runners, max_runners, status, created_at, updated_at)",
             20, values);
      values.clear();
    }
  }
  std::printf("%d projects\n", projects);

  // The writers: members of the community, numbered after any earlier run.
  const std::int64_t first_writer =
      one_number(*tx, "SELECT COUNT(*) FROM users WHERE email LIKE '%@search.moim.bench'", {});
  const int writers = std::min(kWriters, (logs + kWeeksEach - 1) / kWeeksEach);
  for (int writer = 0; writer < writers; ++writer) {
    const std::string email =
        "writer" + std::to_string(first_writer + writer) + "@search.moim.bench";
    insert(*tx,
           "INSERT INTO users (email, display_name, password_hash, bio, created_at, updated_at)", 6,
           {email, "글쓴이 " + std::to_string(first_writer + writer), std::string("bench-no-login"),
            prose(random, 8), now, now});
    const std::int64_t user =
        one_number(*tx, "SELECT id FROM users WHERE email = ?", {Value{email}});
    insert(*tx, "INSERT INTO memberships (community_id, user_id, stage, joined_at)", 4,
           {community, user, std::string("participant"), now});
    for (int week = 0; week < kWeeksEach && writer * kWeeksEach + week < logs; ++week) {
      // Mondays going back from 2026-06-01 (a Monday), one a week.
      const std::int64_t monday = 1'780'272'000 - std::int64_t{week} * 7 * 86400;
      char day[16];
      const std::time_t seconds = monday;
      std::strftime(day, sizeof day, "%Y-%m-%d", std::gmtime(&seconds));
      values.insert(values.end(), {community, user, std::string(day), prose(random, 40),
                                   prose(random, 8), std::string("public"), monday, monday});
    }
    if (values.size() >= 8u * kBatchRows || writer + 1 == writers) {
      insert(*tx,
             "INSERT INTO activity_growth_logs (community_id, user_id, week_start, learned, "
             "blocked, visibility, created_at, updated_at)",
             8, values);
      values.clear();
    }
  }
  // The wiki: members-only pages of a page or two each, flat under the
  // home page; titles numbered, as a title is unique in a community.
  const std::int64_t first_page =
      one_number(*tx, "SELECT COUNT(*) FROM wiki_pages WHERE community_id = ?", {community});
  for (int page = 0; page < wiki_pages; ++page) {
    std::string title = prose(random, 3);
    title = title.substr(0, title.size() - 1) + " " + std::to_string(first_page + page);
    std::string title_key = title;
    for (char& ch : title_key) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    values.insert(values.end(), {community, title, title_key, prose(random, 150), now - page * 300,
                                 now - page * 300});
    if (values.size() >= 6u * kBatchRows || page + 1 == wiki_pages) {
      insert(*tx,
             "INSERT INTO wiki_pages (community_id, title, title_key, body, created_at, "
             "updated_at)",
             6, values);
      values.clear();
    }
  }
  std::printf("%d wiki pages\n", wiki_pages);

  // PostgreSQL plans with the tables' statistics: a deployment's autovacuum
  // would have them, a bulk load that is measured at once has to ANALYZE.
  if (tx->dialect() == moim::db::Dialect::kPostgres) {
    if (auto analyzed = tx->execute("ANALYZE"); !analyzed) fail("analyze", analyzed.error());
  }
  if (auto committed = tx->commit(); !committed) fail("commit", committed.error());
  std::printf("%d growth logs by %d members\n", logs, writers);
  return 0;
}
