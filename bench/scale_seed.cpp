// The scale bench's generator (issue #19, bench/http/scale.sh): grows the demo
// community `pseudolab-demo` (seeded first by `moim demo`) to MEMBERS members,
// with everything a member brings in proportion: a user and membership at a
// spread of stages with their stage history and audit rows, applications to
// cohorts 7 and 6 (about 30% each, 1-3 ranked choices), two growth logs on
// cohort 6's projects, 1-2 login sessions and sent mails, and about 10%
// registered for the demo events. The counts moim keeps on rows
// (communities.member_count, the projects' applicants_count, the events' and
// ticket types' counters) are set
// to what the rows say, so pages show true numbers.
//
// Set-based on purpose: each table is one INSERT ... SELECT over a recursive
// CTE (SQLite and PostgreSQL 15 both run it), so 100,000 members take seconds,
// not the hours the services' one-request-at-a-time path would. It writes
// through moim's own db layer, so the same SQL runs on both databases.
//
// Usage: moim_bench_scale_seed DATABASE_URL MEMBERS
// Running it again with a larger MEMBERS adds more (generated people are
// numbered on from the last run's); with a smaller or equal one it adds none.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace {

using moim::Error;
using moim::Status;
using moim::db::Transaction;
using moim::db::Value;

constexpr const char* kSlug = "pseudolab-demo";
constexpr std::int64_t kDay = 86400;

[[noreturn]] void fail(const std::string& what, const Error& error) {
  std::fprintf(stderr, "moim_bench_scale_seed: %s: %s\n", what.c_str(), error.message.c_str());
  std::exit(1);
}

std::int64_t run(Transaction& tx, const std::string& what, const std::string& sql,
                 const std::vector<Value>& params = {}) {
  auto changed = tx.execute(sql, params);
  if (!changed) fail(what, changed.error());
  return changed.value();
}

std::int64_t number(Transaction& tx, const std::string& sql, const std::vector<Value>& params) {
  auto rows = tx.query(sql, params);
  if (!rows) fail(sql, rows.error());
  if (rows->empty() || rows->front().is_null(0)) return 0;
  return rows->front().int64(0);
}

std::vector<std::int64_t> numbers(Transaction& tx, const std::string& sql,
                                  const std::vector<Value>& params) {
  auto rows = tx.query(sql, params);
  if (!rows) fail(sql, rows.error());
  std::vector<std::int64_t> out;
  for (const auto& row : *rows) out.push_back(row.int64(0));
  return out;
}

void commit(Transaction& tx, const std::string& what) {
  if (auto done = tx.commit(); !done) fail(what, done.error());
}

Transaction begin(moim::db::Database& database) {
  auto tx = database.write();
  if (!tx) fail("begin", tx.error());
  return std::move(tx.value());
}

// 'YYYY-MM-DD' of a UTC day number (days since 1970-01-01), Howard Hinnant's civil_from_days.
std::string civil_date(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char text[48];
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lld", static_cast<long long>(year),
                static_cast<long long>(month), static_cast<long long>(day));
  return text;
}

// A small lookup table (index -> value) the set-based inserts join on.
void fill_lookup(Transaction& tx, const std::string& table, const std::vector<std::int64_t>& keys,
                 const std::vector<Value>& values) {
  run(tx, "create " + table,
      "CREATE TEMP TABLE " + table + " (idx BIGINT NOT NULL, grp BIGINT NOT NULL, value TEXT)");
  for (std::size_t idx = 0; idx < values.size(); ++idx)
    run(tx, "fill " + table,
        "INSERT INTO " + table +
            " (idx, grp, value) VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT), ?)",
        {static_cast<std::int64_t>(idx), keys[idx], values[idx]});
}

struct Community {
  std::int64_t id = 0;
  std::int64_t organizer = 0;  // the actor of the generated stage changes and check-ins
  std::int64_t members = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: moim_bench_scale_seed DATABASE_URL MEMBERS\n");
    return 2;
  }
  const std::string url = argv[1];
  const std::int64_t target = std::stoll(argv[2]);
  const auto started = std::chrono::steady_clock::now();
  // One connection: the temporary lookup tables live on it across the transactions.
  auto opened = moim::db::Database::open(url, {.pool_size = 1});
  if (!opened) fail("open " + url, opened.error());
  moim::db::Database& database = *opened.value();
  const bool postgres = database.dialect() == moim::db::Dialect::kPostgres;
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));

  Community community;
  std::int64_t add = 0, offset = 0;
  {
    auto tx = begin(database);
    community.id = number(tx, "SELECT id FROM communities WHERE slug = ?", {std::string(kSlug)});
    if (community.id == 0) {
      std::fprintf(stderr, "moim_bench_scale_seed: no community %s: run `moim demo` first\n",
                   kSlug);
      return 1;
    }
    community.members =
        number(tx, "SELECT COUNT(*) FROM memberships WHERE community_id = ?", {community.id});
    community.organizer = number(tx,
                                 "SELECT MIN(user_id) FROM memberships WHERE community_id = ? AND "
                                 "stage = 'organizer'",
                                 {community.id});
    offset = number(tx, "SELECT COUNT(*) FROM users WHERE email LIKE '%@scale.moim.bench'", {});
    add = target - community.members;
    if (add <= 0) {
      std::printf("%s already has %lld members: nothing to add\n", kSlug,
                  static_cast<long long>(community.members));
      return 0;
    }
    // Every generated person in one temporary table: their number n (on from
    // earlier runs), ids, stage (0 observer .. 4 builder) and when they joined.
    // The rest of the seed joins on it.
    const std::int64_t user_base = number(tx, "SELECT MAX(id) FROM users", {});
    const std::int64_t membership_base = number(tx, "SELECT MAX(id) FROM memberships", {});
    run(tx, "create scale_people",
        "CREATE TEMP TABLE scale_people (i BIGINT PRIMARY KEY, n BIGINT NOT NULL, user_id BIGINT "
        "NOT NULL, membership_id BIGINT NOT NULL, stage_rank BIGINT NOT NULL, joined_at BIGINT NOT "
        "NULL)");
    // Stages by n % 200: 70% observers, 15% participants, 7% auditors, 7%
    // runners, 1% builders. Joined 30 to 730 days ago.
    run(tx, "fill scale_people",
        "WITH RECURSIVE seq(i) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT i + 1 FROM seq WHERE "
        "i < CAST(? AS BIGINT)) "
        "INSERT INTO scale_people (i, n, user_id, membership_id, stage_rank, joined_at) "
        "SELECT i, i + CAST(? AS BIGINT), i + CAST(? AS BIGINT), i + CAST(? AS BIGINT), "
        "CASE WHEN (i + CAST(? AS BIGINT)) % 200 < 140 THEN 0 WHEN (i + CAST(? AS BIGINT)) % 200 < "
        "170 THEN 1 WHEN (i + CAST(? AS BIGINT)) % 200 < 184 THEN 2 WHEN (i + CAST(? AS BIGINT)) "
        "% 200 < 198 THEN 3 ELSE 4 END, "
        "CAST(? AS BIGINT) - (30 + (i + CAST(? AS BIGINT)) % 700) * 86400 - (i % 86400) FROM seq",
        {add, offset, user_base, membership_base, offset, offset, offset, offset, now, offset});
    commit(tx, "scale_people");
  }

  // People: users, memberships, their stage history, the organizer's audit rows.
  {
    auto tx = begin(database);
    // Korean-looking names from a family and a given name, as the demo's guests have.
    run(tx, "users",
        "INSERT INTO users (id, email, display_name, password_hash, email_verified_at, is_admin, "
        "created_at, updated_at) "
        "SELECT user_id, 'member' || CAST(n AS TEXT) || '@scale.moim.bench', "
        "substr('김이박최정강조윤장임한오서신권황안송류홍', CAST(n % 20 AS INTEGER) + 1, 1) || "
        "substr('민준서연도윤하은지호지우예준수아시우서윤주원지민하준채원유준다은', "
        "CAST(2 * ((n / 20) % 16) AS INTEGER) + 1, 2), "
        "'bench-no-login', joined_at, 0, joined_at, joined_at FROM scale_people ORDER BY i");
    run(tx, "memberships",
        "INSERT INTO memberships (id, community_id, user_id, stage, joined_at) "
        "SELECT membership_id, CAST(? AS BIGINT), user_id, CASE stage_rank WHEN 0 THEN 'observer' "
        "WHEN 1 THEN 'participant' WHEN 2 THEN 'auditor' WHEN 3 THEN 'runner' ELSE 'builder' END, "
        "joined_at FROM scale_people ORDER BY i",
        {community.id});
    run(tx, "stage_changes (joined)",
        "INSERT INTO stage_changes (membership_id, from_stage, to_stage, changed_by, reason, "
        "changed_at) SELECT membership_id, NULL, 'observer', user_id, 'joined', joined_at FROM "
        "scale_people ORDER BY i");
    // Each step up the ladder, a week apart, by the organizer.
    const std::string ladder =
        " FROM scale_people p JOIN (VALUES (1, 'observer', 'participant'), (2, 'participant', "
        "'auditor'), (3, 'auditor', 'runner'), (4, 'runner', 'builder')) AS l ON l.column1 <= "
        "p.stage_rank ORDER BY p.i, l.column1";
    run(tx, "stage_changes (promotions)",
        "INSERT INTO stage_changes (membership_id, from_stage, to_stage, changed_by, reason, "
        "changed_at) SELECT p.membership_id, l.column2, l.column3, CAST(? AS BIGINT), '', "
        "p.joined_at + l.column1 * 7 * 86400" +
            ladder,
        {community.organizer});
    run(tx, "audit_log",
        "INSERT INTO audit_log (community_id, actor_id, action, subject, detail, created_at) "
        "SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), 'member.stage_changed', CAST(p.user_id AS "
        "TEXT), '{\"from\":\"' || l.column2 || '\",\"to\":\"' || l.column3 || "
        "'\",\"reason\":\"\"}', p.joined_at + l.column1 * 7 * 86400" +
            ladder,
        {community.id, community.organizer});
    run(tx, "member_count",
        "UPDATE communities SET member_count = (SELECT COUNT(*) FROM memberships m WHERE "
        "m.community_id = communities.id) WHERE id = ?",
        {community.id});
    commit(tx, "people");
  }

  // Academy: applications to cohorts 7 (recruiting) and 6 (archived) with
  // 1-3 ranked choices among the cohort's approved projects; growth logs on
  // cohort 6's projects.
  {
    auto tx = begin(database);
    std::vector<std::int64_t> groups, projects;  // cohort (0: 7, 1: 6) and id of each project
    struct Cohort {
      std::int64_t id = 0, opens = 0, closes = 0, projects = 0, running = 0, running_end = 0;
    };
    Cohort by_key[2];  // [0] cohort 7, [1] cohort 6
    const char* keys[2] = {"7", "6"};
    for (int which = 0; which < 2; ++which) {
      Cohort& cohort = by_key[which];
      cohort.id = number(tx, "SELECT id FROM cohorts WHERE community_id = ? AND cohort_key = ?",
                         {community.id, std::string(keys[which])});
      if (cohort.id == 0) fail(std::string("cohort ") + keys[which], Error::not_found("missing"));
      auto phase = [&](const char* name, bool end) {
        return number(tx,
                      std::string("SELECT ") + (end ? "ends_at" : "starts_at") +
                          " FROM cohort_phases WHERE cohort_id = ? AND phase = ?",
                      {cohort.id, std::string(name)});
      };
      cohort.opens = phase("recruiting", false);
      cohort.closes = std::min(phase("recruiting", true), now);
      cohort.running = phase("running", false);
      cohort.running_end = std::min(phase("running", true), now);
      for (std::int64_t project :
           numbers(tx,
                   "SELECT id FROM academy_projects WHERE cohort_id = ? AND status = 'approved' "
                   "ORDER BY id",
                   {cohort.id})) {
        groups.push_back(which);
        projects.push_back(project);
        ++cohort.projects;
      }
      if (cohort.projects == 0)
        fail(std::string("cohort ") + keys[which], Error::not_found("no projects"));
    }
    // Index within its cohort: idx counts from 0 in each group.
    std::vector<std::int64_t> indexes;
    for (std::size_t idx = 0, seen7 = 0, seen6 = 0; idx < groups.size(); ++idx)
      indexes.push_back(groups[idx] == 0 ? static_cast<std::int64_t>(seen7++)
                                         : static_cast<std::int64_t>(seen6++));
    run(tx, "create scale_projects",
        "CREATE TEMP TABLE scale_projects (grp BIGINT NOT NULL, idx BIGINT NOT NULL, project_id "
        "BIGINT NOT NULL)");
    for (std::size_t idx = 0; idx < groups.size(); ++idx)
      run(tx, "fill scale_projects",
          "INSERT INTO scale_projects (grp, idx, project_id) VALUES (CAST(? AS BIGINT), CAST(? AS "
          "BIGINT), CAST(? AS BIGINT))",
          {groups[idx], indexes[idx], projects[idx]});

    const std::int64_t application_base = number(tx, "SELECT MAX(id) FROM applications", {});
    for (int which = 0; which < 2; ++which) {
      const Cohort& cohort = by_key[which];
      // Cohort 7 when n % 10 < 3, cohort 6 when (n / 10) % 10 < 3: 30% each,
      // some people in both. One in twenty withdrew (n / 100 % 20 = 19: every n % 10).
      const std::string chosen = which == 0 ? "p.n % 10 < 3" : "(p.n / 10) % 10 < 3";
      const std::string answers =
          which == 0 ? "'[\"안녕하세요, 함께 꾸준히 공부할 동료를 찾고 있어요.\",\"' || "
                       "CAST(3 + p.n % 8 AS TEXT) || '시간\"]'"
                     : "'[]'";
      run(tx, std::string("applications to cohort ") + keys[which],
          "INSERT INTO applications (id, community_id, cohort_id, scope, user_id, answers, "
          "availability, status, revision, submitted_at, updated_at) "
          "SELECT CAST(? AS BIGINT) + 2 * p.i + CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS "
          "BIGINT), 'cohort:' || CAST(CAST(? AS BIGINT) AS TEXT), p.user_id, " +
              answers +
              ", CASE p.n % 4 WHEN 0 THEN '[\"mon_evening\",\"sat_morning\"]' WHEN 1 THEN "
              "'[\"tue_evening\"]' WHEN 2 THEN '[\"sun_afternoon\",\"wed_evening\"]' ELSE "
              "'[\"thu_evening\"]' END, CASE WHEN (p.n / 100) % 20 = 19 THEN 'withdrawn' ELSE "
              "'submitted' "
              "END, 1, CAST(? AS BIGINT) + p.n % CAST(? AS BIGINT), CAST(? AS BIGINT) + p.n % "
              "CAST(? "
              "AS BIGINT) FROM scale_people p WHERE " +
              chosen + " ORDER BY p.i",
          {application_base, std::int64_t{which}, community.id, cohort.id, cohort.id, cohort.opens,
           std::max<std::int64_t>(1, cohort.closes - cohort.opens), cohort.opens,
           std::max<std::int64_t>(1, cohort.closes - cohort.opens)});
      // 1 + n % 3 choices (at most the projects there are), consecutive
      // projects from a start spread over the cohort's list.
      run(tx, std::string("application_choices for cohort ") + keys[which],
          "INSERT INTO application_choices (application_id, choice_rank, project_id, answers, "
          "review) SELECT CAST(? AS BIGINT) + 2 * p.i + CAST(? AS BIGINT), r.column1, "
          "sp.project_id, '[]', 'pending' FROM scale_people p JOIN (VALUES (1), (2), (3)) AS r ON "
          "r.column1 <= 1 + p.n % 3 AND r.column1 <= CAST(? AS BIGINT) JOIN scale_projects sp ON "
          "sp.grp = CAST(? AS BIGINT) AND sp.idx = (p.n * 37 + r.column1 - 1) % CAST(? AS BIGINT) "
          "WHERE " +
              chosen + " ORDER BY p.i, r.column1",
          {application_base, std::int64_t{which}, cohort.projects, std::int64_t{which},
           cohort.projects});
    }
    // The applicant count the catalog shows is kept on each project
    // (migrations/0024), as the service keeps it when people apply.
    run(tx, "applicants_count",
        "UPDATE academy_projects SET applicants_count = (SELECT COUNT(*) FROM application_choices "
        "ac JOIN applications a ON a.id = ac.application_id WHERE ac.project_id = "
        "academy_projects.id AND a.status = 'submitted') WHERE community_id = ?",
        {community.id});

    // Growth logs: two Mondays of cohort 6's running weeks each, on one of its projects.
    const Cohort& past = by_key[1];
    std::vector<std::int64_t> week_keys;
    std::vector<Value> weeks;
    for (std::int64_t day = past.running / kDay; day * kDay < past.running_end; ++day)
      if ((day + 3) % 7 == 0) {  // 1970-01-01 was a Thursday
        week_keys.push_back(day * kDay);
        weeks.emplace_back(civil_date(day));
      }
    if (weeks.size() < 2) fail("cohort 6 running weeks", Error::not_found("fewer than two"));
    fill_lookup(tx, "scale_weeks", week_keys, weeks);
    run(tx, "activity_growth_logs",
        "INSERT INTO activity_growth_logs (community_id, user_id, week_start, project_id, learned, "
        "blocked, links, visibility, created_at, updated_at) "
        "SELECT CAST(? AS BIGINT), p.user_id, w.value, sp.project_id, '이번 주에는 ' || "
        "CAST(1 + (p.n + k.column1) % 5 AS TEXT) || '장을 읽고 예제를 직접 돌려 봤다', "
        "CASE WHEN p.n % 3 = 0 THEN '환경 설정에 시간이 오래 걸렸다' ELSE '' END, '[]', "
        "CASE WHEN (p.n + k.column1) % 10 < 5 THEN 'public' WHEN (p.n + k.column1) % 10 < 8 THEN "
        "'project' ELSE 'private' END, w.grp + 5 * 86400, w.grp + 5 * 86400 "
        "FROM scale_people p JOIN (VALUES (0), (1)) AS k ON 1 = 1 "
        "JOIN scale_weeks w ON w.idx = (p.n + 5 * k.column1) % CAST(? AS BIGINT) "
        "JOIN scale_projects sp ON sp.grp = 1 AND sp.idx = (p.n + k.column1) % CAST(? AS BIGINT) "
        "ORDER BY p.i, k.column1",
        {community.id, static_cast<std::int64_t>(weeks.size()), past.projects});
    commit(tx, "academy");
  }

  // Accounts: 1-2 login sessions and 1-2 mails already sent per member.
  {
    auto tx = begin(database);
    const std::string two =
        " FROM scale_people p JOIN (VALUES (0), (1)) AS k ON k.column1 = 0 OR "
        "p.n % 2 = 0 ORDER BY p.i, k.column1";
    run(tx, "sessions",
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
        "expires_at, user_agent, ip) SELECT 'scale-session-' || CAST(p.n AS TEXT) || '-' || "
        "CAST(k.column1 AS TEXT), p.user_id, 'scale-csrf', CAST(? AS BIGINT) - (p.n % 30) * 86400, "
        "CAST(? AS BIGINT) - (p.n % 30) * 86400 + 3600, CAST(? AS BIGINT) + (30 - p.n % 30) * "
        "86400, 'Mozilla/5.0 (scale bench)', '127.0.0.1'" +
            two,
        {now, now, now});
    run(tx, "outbox",
        "INSERT INTO outbox (kind, target, payload, idempotency_key, not_before, attempts, state, "
        "created_at, delivered_at, community_id, updated_at) SELECT 'email', 'member' || "
        "CAST(p.n AS TEXT) || '@scale.moim.bench', '{\"template\":\"' || CASE k.column1 WHEN 0 "
        "THEN 'accounts.verify_email' ELSE 'communities.welcome' END || '\",\"language\":\"ko\"}', "
        "'scale-mail-' || CAST(p.n AS TEXT) || '-' || CAST(k.column1 AS TEXT), p.joined_at, 1, "
        "'done', p.joined_at, p.joined_at + 5, CAST(? AS BIGINT), p.joined_at + 5" +
            two,
        {community.id});
    // Consents (issue #16): the two required purposes and, for half, the
    // newsletter; and the community's privacy notice, which every generated
    // member agreed to (the bench's own member has not: the banner shows).
    run(tx, "consents",
        "INSERT INTO consents (user_id, purpose, policy_version, granted_at) SELECT p.user_id, "
        "CASE k.column1 WHEN 0 THEN 'account' WHEN 1 THEN 'community_membership' ELSE "
        "'newsletter' END, '2026-12', p.joined_at FROM scale_people p JOIN (VALUES (0), (1), (2)) "
        "AS k ON k.column1 < 2 OR p.n % 2 = 0 ORDER BY p.i, k.column1");
    run(tx, "privacy_notices",
        "INSERT INTO privacy_notices (community_id, version, body_ko, body_en, published_by, "
        "published_at) VALUES (CAST(? AS BIGINT), 1, '# 개인정보 처리방침\n\n수집 항목: 이름, "
        "이메일', '# Privacy notice\n\nWhat we collect: name, email', CAST(? AS BIGINT), "
        "CAST(? AS BIGINT))",
        {community.id, community.organizer, now - 30 * kDay});
    run(tx, "privacy_notice_agreements",
        "INSERT INTO privacy_notice_agreements (community_id, user_id, version, agreed_at) SELECT "
        "CAST(? AS BIGINT), p.user_id, 1, CAST(? AS BIGINT) FROM scale_people p ORDER BY p.i",
        {community.id, now - 29 * kDay});
    commit(tx, "accounts");
  }

  // Events: about 10% register for one of the first two demo events (the
  // past conference, the upcoming meetup); a larger community books a larger
  // room, so the ticket's capacity grows with them. Two in three of the past
  // event's came.
  {
    auto tx = begin(database);
    auto events = tx.query(
        "SELECT e.id, e.ends_at, (SELECT MIN(t.id) FROM event_ticket_types t WHERE t.event_id = "
        "e.id) FROM events e WHERE e.community_id = ? ORDER BY e.id",
        {community.id});
    if (!events) fail("events", events.error());
    std::int64_t registration_base = number(tx, "SELECT MAX(id) FROM event_registrations", {});
    for (std::size_t which = 0; which < events->size() && which < 2; ++which) {
      const auto& event = (*events)[which];
      const std::int64_t event_id = event.int64(0), ends_at = event.int64(1),
                         ticket = event.int64(2);
      const bool past = ends_at < now;
      run(tx, "event_registrations",
          "INSERT INTO event_registrations (id, event_id, ticket_type_id, user_id, person_key, "
          "name, email, status, ticket_code, source, language, checked_in_at, checked_in_by, "
          "created_at, updated_at) "
          "SELECT CAST(? AS BIGINT) + p.i, CAST(? AS BIGINT), CAST(? AS BIGINT), p.user_id, 'u:' "
          "|| "
          "CAST(p.user_id AS TEXT), u.display_name, u.email, 'confirmed', 'SCL-' || CAST(p.n AS "
          "TEXT), 'self', 'ko', CASE WHEN CAST(? AS BIGINT) = 1 AND p.n % 3 <> 0 THEN CAST(? AS "
          "BIGINT) - 4 * 3600 ELSE NULL END, CASE WHEN CAST(? AS BIGINT) = 1 AND p.n % 3 <> 0 THEN "
          "CAST(? AS BIGINT) ELSE NULL END, CAST(? AS BIGINT) - 86400 * (1 + p.n % 20), CAST(? AS "
          "BIGINT) - 86400 * (1 + p.n % 20) FROM scale_people p JOIN users u ON u.id = p.user_id "
          "WHERE p.n % 20 = CAST(? AS BIGINT) ORDER BY p.i",
          {registration_base, event_id, ticket, std::int64_t{past}, ends_at, std::int64_t{past},
           community.organizer, std::min(ends_at, now), std::min(ends_at, now),
           static_cast<std::int64_t>(1 + 10 * which)});
      run(tx, "event_check_ins",
          "INSERT INTO event_check_ins (registration_id, staff_id, action, at) SELECT id, "
          "checked_in_by, 'check_in', checked_in_at FROM event_registrations WHERE event_id = ? "
          "AND "
          "id > ? AND checked_in_at IS NOT NULL ORDER BY id",
          {event_id, registration_base});
      registration_base = number(tx, "SELECT MAX(id) FROM event_registrations", {});
      // The counters, from the rows (as the events service keeps them).
      run(tx, "event_ticket_types counters",
          "UPDATE event_ticket_types SET capacity = CASE WHEN capacity < (SELECT COUNT(*) FROM "
          "event_registrations r WHERE r.ticket_type_id = event_ticket_types.id AND r.status IN "
          "('confirmed', 'offered')) THEN (SELECT COUNT(*) FROM event_registrations r WHERE "
          "r.ticket_type_id = event_ticket_types.id AND r.status IN ('confirmed', 'offered')) ELSE "
          "capacity END, held = (SELECT COUNT(*) FROM event_registrations r WHERE r.ticket_type_id "
          "= event_ticket_types.id AND r.status IN ('confirmed', 'offered')) WHERE event_id = ?",
          {event_id});
      run(tx, "events counters",
          "UPDATE events SET confirmed_count = (SELECT COUNT(*) FROM event_registrations r WHERE "
          "r.event_id = events.id AND r.status IN ('confirmed', 'offered')), waitlisted_count = "
          "(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = events.id AND r.status = "
          "'waitlisted'), checked_in_count = (SELECT COUNT(*) FROM event_registrations r WHERE "
          "r.event_id = events.id AND r.checked_in_at IS NOT NULL), cancelled_count = (SELECT "
          "COUNT(*) FROM event_registrations r WHERE r.event_id = events.id AND r.status = "
          "'cancelled') WHERE id = ?",
          {event_id});
      // The stage each member registered at, and the kept figures (0040).
      run(tx, "event_registrations stages",
          "UPDATE event_registrations SET stage = COALESCE((SELECT m.stage FROM memberships m "
          "WHERE m.community_id = ? AND m.user_id = event_registrations.user_id), 'guest') WHERE "
          "event_id = ? AND user_id IS NOT NULL",
          {community.id, event_id});
      run(tx, "event_registration_tallies reset",
          "DELETE FROM event_registration_tallies WHERE event_id = ?", {event_id});
      run(tx, "event_registration_tallies",
          "INSERT INTO event_registration_tallies (event_id, ticket_type_id, stage, status, "
          "checked_in, registrations) SELECT event_id, ticket_type_id, stage, status, CASE WHEN "
          "checked_in_at IS NULL THEN 0 ELSE 1 END, COUNT(*) FROM event_registrations WHERE "
          "event_id = ? GROUP BY event_id, ticket_type_id, stage, status, CASE WHEN checked_in_at "
          "IS NULL THEN 0 ELSE 1 END",
          {event_id});
    }
    if (postgres) {
      // Explicit ids leave PostgreSQL's identity sequences behind: move them
      // past the highest id, as the migrations' @SYNC_ID@ does.
      for (const char* table : {"users", "memberships", "applications", "event_registrations"})
        run(tx, std::string("sync ") + table,
            std::string("SELECT setval(pg_get_serial_sequence('") + table +
                "', 'id'), (SELECT MAX(id) FROM " + table + "))");
    }
    commit(tx, "events");
  }
  {
    auto tx = begin(database);
    run(tx, "drop", "DROP TABLE scale_people");
    run(tx, "drop", "DROP TABLE scale_projects");
    run(tx, "drop", "DROP TABLE scale_weeks");
    // PostgreSQL's autovacuum would have analyzed tables this size long
    // before anyone measured; SQLite gets no statistics, as moim never runs
    // ANALYZE there (the bench measures what a deployment sees).
    if (postgres) run(tx, "analyze", "ANALYZE");
    commit(tx, "finish");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%s: %lld members (+%lld) in %.1f s\n", kSlug, static_cast<long long>(target),
              static_cast<long long>(add), seconds);
  return 0;
}
