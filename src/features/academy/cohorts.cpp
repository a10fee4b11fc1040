// Cohorts: creation and editing by organizers, phases, settings.
#include <algorithm>
#include <limits>
#include <map>

#include "features/academy/academy_service.hpp"
#include "features/academy/internal.hpp"
#include "platform/web/input.hpp"

namespace moim::academy {

using namespace internal;

namespace {

constexpr std::string_view kPhaseNames[] = {"proposals", "recruiting", "selection",
                                            "running",   "wrap_up",    "closed"};
constexpr const char* kCohortColumns =
    "id, community_id, cohort_key, name, description, max_choices, questions, auditing_open, "
    "completion_min_attendance, completion_min_submissions, completion_retrospective, created_at, "
    "seat_confirm_hours, late_join_days";

Cohort cohort_from_row(const db::Row& row) {
  Cohort cohort;
  cohort.id = row.int64(0);
  cohort.community_id = row.int64(1);
  cohort.key = row.text(2);
  cohort.name = row.text(3);
  cohort.description = row.text(4);
  cohort.max_choices = static_cast<int>(row.int64(5));
  cohort.questions = from_json_list(row.text(6));
  cohort.auditing_open = row.boolean(7);
  cohort.completion = {static_cast<int>(row.int64(8)), static_cast<int>(row.int64(9)),
                       row.boolean(10)};
  cohort.created_at = row.int64(11);
  cohort.seat_confirm_hours = static_cast<int>(row.int64(12));
  cohort.late_join_days = static_cast<int>(row.int64(13));
  return cohort;
}

Status check_cohort_input(const CohortInput& input) {
  if (input.name && (input.name->empty() || web::utf8_length(*input.name) > 40))
    return Error::invalid("name", "name must be 1 to 40 characters, e.g. 10기");
  if (input.description && web::utf8_length(*input.description) > 2000)
    return Error::invalid("description", "description must be at most 2000 characters");
  if (input.max_choices && (*input.max_choices < 1 || *input.max_choices > 10))
    return Error::invalid("max_choices", "max_choices must be 1 to 10");
  if (input.questions) {
    if (auto status =
            check_texts(*input.questions, "questions", kMaxQuestions, kMaxQuestionChars, false);
        !status)
      return status;
  }
  if (input.min_attendance_percent &&
      (*input.min_attendance_percent < 0 || *input.min_attendance_percent > 100))
    return Error::invalid("min_attendance_percent", "min_attendance_percent must be 0 to 100");
  if (input.min_submissions && (*input.min_submissions < 0 || *input.min_submissions > 100))
    return Error::invalid("min_submissions", "min_submissions must be 0 to 100");
  if (input.seat_confirm_hours &&
      (*input.seat_confirm_hours < 1 || *input.seat_confirm_hours > 720))
    return Error::invalid("seat_confirm_hours", "seat_confirm_hours must be 1 to 720");
  if (input.late_join_days && (*input.late_join_days < 0 || *input.late_join_days > 90))
    return Error::invalid("late_join_days", "late_join_days must be 0 to 90");
  if (input.phases) {
    const auto& phases = *input.phases;
    if (phases.size() != kAllPhases.size())
      return Error::invalid("phases", "phases must give all six phases with start and end");
    for (std::size_t idx = 0; idx < phases.size(); ++idx) {
      const std::string name(phase_name(kAllPhases[idx]));
      if (phases[idx].phase != kAllPhases[idx])
        return Error::invalid("phases", "phases must be in order: proposals first, closed last");
      if (phases[idx].starts_at >= phases[idx].ends_at)
        return Error::invalid("phases." + name, "the " + name + " phase must end after it starts");
      if (idx > 0 && phases[idx].starts_at < phases[idx - 1].ends_at) {
        return Error::invalid("phases." + name,
                              "the " + name + " phase must start after the previous one ends");
      }
    }
  }
  return ok_status();
}

}  // namespace

std::string_view phase_name(Phase phase) { return kPhaseNames[static_cast<int>(phase)]; }

std::optional<Phase> parse_phase(std::string_view name) {
  for (Phase phase : kAllPhases) {
    if (phase_name(phase) == name) return phase;
  }
  return std::nullopt;
}

std::optional<Phase> Cohort::current_phase(std::int64_t now) const {
  for (const auto& window : phases) {
    if (window.starts_at <= now && now < window.ends_at) return window.phase;
  }
  return std::nullopt;
}

bool Cohort::in_phase(Phase phase, std::int64_t now) const { return current_phase(now) == phase; }

const PhaseWindow& Cohort::window(Phase phase) const {
  return phases.at(static_cast<std::size_t>(phase));
}

Status check_cohort_key(const std::string& key) {
  const bool shaped =
      !key.empty() && key.size() <= 40 && std::all_of(key.begin(), key.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
      });
  if (!shaped || key == "new")
    return Error::invalid("key",
                          "key must be 1 to 40 lowercase letters, digits or dashes, e.g. 10");
  return ok_status();
}

AcademyService::AcademyService(db::Database& database, const Clock& clock,
                               communities::CommunitiesService& communities)
    : database_(database), clock_(clock), communities_(communities) {}

Result<AcademyService::Access> AcademyService::access(const accounts::Viewer& viewer,
                                                      const std::string& slug) {
  auto community = communities_.find(slug);
  if (!community) return community.error();
  auto standing = communities_.standing(viewer, community.value());
  if (!standing) return standing.error();
  return Access{community.value(), standing.value()};
}

Result<std::vector<Cohort>> AcademyService::load_cohorts(db::Transaction& reader,
                                                         const std::string& where,
                                                         const std::vector<db::Value>& params) {
  auto rows = reader.query(
      std::string("SELECT ") + kCohortColumns + " FROM cohorts c WHERE " + where + " ORDER BY c.id",
      params);
  if (!rows) return rows.error();
  std::vector<Cohort> cohorts;
  cohorts.reserve(rows->size());
  std::map<std::int64_t, Cohort*> by_id;
  for (const auto& row : *rows) {
    cohorts.push_back(cohort_from_row(row));
    cohorts.back().phases.resize(kAllPhases.size());
    for (std::size_t idx = 0; idx < kAllPhases.size(); ++idx)
      cohorts.back().phases[idx].phase = kAllPhases[idx];
  }
  for (auto& cohort : cohorts) by_id[cohort.id] = &cohort;
  if (cohorts.empty()) return cohorts;
  // Phases and published results of all of them in one query each, not
  // three queries per cohort (the community home lists every cohort).
  const std::string chosen = "SELECT c.id FROM cohorts c WHERE " + where;
  auto phases = reader.query(
      "SELECT cohort_id, phase, starts_at, ends_at FROM cohort_phases WHERE cohort_id IN (" +
          chosen + ")",
      params);
  if (!phases) return phases.error();
  for (const auto& row : *phases) {
    if (auto phase = parse_phase(row.text(1))) {
      by_id.at(row.int64(0))->phases[static_cast<std::size_t>(*phase)] = {*phase, row.int64(2),
                                                                          row.int64(3)};
    }
  }
  auto published = reader.query(
      "SELECT DISTINCT cohort_id FROM allocation_runs WHERE published_at IS NOT NULL AND "
      "cohort_id IN (" +
          chosen + ")",
      params);
  if (!published) return published.error();
  for (const auto& row : *published) by_id.at(row.int64(0))->results_published = true;
  return cohorts;
}

Result<Cohort> AcademyService::load_cohort_by_id(db::Transaction& reader, std::int64_t cohort_id) {
  auto found = load_cohorts(reader, "c.id = ?", {cohort_id});
  if (!found) return found.error();
  if (found->empty()) return Error::not_found("no such cohort");
  return std::move(found->front());
}

Result<Cohort> AcademyService::load_cohort(db::Transaction& reader, std::int64_t community_id,
                                           const std::string& key) {
  if (key.size() > 40) return Error::not_found("no such cohort");
  auto row = reader.query_one("SELECT id FROM cohorts WHERE community_id = ? AND cohort_key = ?",
                              {community_id, key});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such cohort");
  return load_cohort_by_id(reader, (*row)->int64(0));
}

Result<Cohort> AcademyService::create_cohort(const accounts::Viewer& viewer,
                                             const std::string& slug, const CohortInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.can_manage())
    return Error::forbidden("only this community's organizers can create cohorts");
  if (!input.key) return Error::invalid("key", "key is required, e.g. 10");
  if (auto status = check_cohort_key(*input.key); !status) return status.error();
  if (!input.name) return Error::invalid("name", "name is required, e.g. 10기");
  if (!input.phases) return Error::invalid("phases", "phases are required");
  if (auto status = check_cohort_input(input); !status) return status.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "INSERT INTO cohorts (community_id, cohort_key, name, description, max_choices, questions, "
      "auditing_open, completion_min_attendance, completion_min_submissions, "
      "completion_retrospective, seat_confirm_hours, late_join_days, created_by, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {here->community.id, *input.key, *input.name, input.description.value_or(""),
       std::int64_t{input.max_choices.value_or(3)},
       to_json_list(input.questions.value_or(std::vector<std::string>{})),
       std::int64_t{input.auditing_open.value_or(true)},
       std::int64_t{input.min_attendance_percent.value_or(80)},
       std::int64_t{input.min_submissions.value_or(0)},
       std::int64_t{input.retrospective_required.value_or(true)},
       std::int64_t{input.seat_confirm_hours.value_or(72)},
       std::int64_t{input.late_join_days.value_or(14)}, viewer.user_id(), now, now});
  if (!row) {
    if (row.error().code == db::kUniqueViolation)
      return Error::conflict("key", "a cohort with this key exists already");
    return row.error();
  }
  const std::int64_t cohort_id = (*row)->int64(0);
  for (const auto& window : *input.phases) {
    auto inserted = transaction->execute(
        "INSERT INTO cohort_phases (cohort_id, phase, starts_at, ends_at) VALUES (?, ?, ?, ?)",
        {cohort_id, std::string(phase_name(window.phase)), window.starts_at, window.ends_at});
    if (!inserted) return inserted.error();
  }
  if (auto status =
          write_audit(*transaction, here->community.id, viewer.user_id(), "cohort.created",
                      *input.key, {{"name", *input.name}, {"cohort_id", cohort_id}}, now);
      !status)
    return status.error();
  auto created = load_cohort_by_id(*transaction, cohort_id);
  if (!created) return created.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return created;
}

Result<Cohort> AcademyService::update_cohort(const accounts::Viewer& viewer,
                                             const std::string& slug, const std::string& key,
                                             const CohortInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.can_manage())
    return Error::forbidden("only this community's organizers can edit cohorts");
  if (input.key && *input.key != key) return Error::invalid("key", "the key cannot be changed");
  if (auto status = check_cohort_input(input); !status) return status.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto existing = load_cohort(*transaction, here->community.id, key);
  if (!existing) return existing.error();
  auto updated = transaction->execute(
      "UPDATE cohorts SET name = COALESCE(?, name), description = COALESCE(?, description), "
      "max_choices = COALESCE(?, max_choices), questions = COALESCE(?, questions), "
      "auditing_open = COALESCE(?, auditing_open), "
      "completion_min_attendance = COALESCE(?, completion_min_attendance), "
      "completion_min_submissions = COALESCE(?, completion_min_submissions), "
      "completion_retrospective = COALESCE(?, completion_retrospective), "
      "seat_confirm_hours = COALESCE(?, seat_confirm_hours), "
      "late_join_days = COALESCE(?, late_join_days), updated_at = ? "
      "WHERE id = ?",
      {db::maybe(input.name), db::maybe(input.description),
       input.max_choices ? db::Value{std::int64_t{*input.max_choices}} : db::null(),
       input.questions ? db::Value{to_json_list(*input.questions)} : db::null(),
       input.auditing_open ? db::Value{std::int64_t{*input.auditing_open}} : db::null(),
       input.min_attendance_percent ? db::Value{std::int64_t{*input.min_attendance_percent}}
                                    : db::null(),
       input.min_submissions ? db::Value{std::int64_t{*input.min_submissions}} : db::null(),
       input.retrospective_required ? db::Value{std::int64_t{*input.retrospective_required}}
                                    : db::null(),
       input.seat_confirm_hours ? db::Value{std::int64_t{*input.seat_confirm_hours}} : db::null(),
       input.late_join_days ? db::Value{std::int64_t{*input.late_join_days}} : db::null(), now,
       existing->id});
  if (!updated) return updated.error();
  if (input.phases) {
    for (const auto& window : *input.phases) {
      auto changed = transaction->execute(
          "UPDATE cohort_phases SET starts_at = ?, ends_at = ? WHERE cohort_id = ? AND phase = ?",
          {window.starts_at, window.ends_at, existing->id, std::string(phase_name(window.phase))});
      if (!changed) return changed.error();
    }
  }
  boost::json::object detail;
  if (input.name) detail["name"] = *input.name;
  if (input.phases) detail["phases"] = "changed";
  if (input.max_choices) detail["max_choices"] = *input.max_choices;
  detail["cohort_id"] = existing->id;
  if (auto status = write_audit(*transaction, here->community.id, viewer.user_id(),
                                "cohort.updated", key, detail, now);
      !status)
    return status.error();
  auto result = load_cohort_by_id(*transaction, existing->id);
  if (!result) return result.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return result;
}

Result<Cohort> AcademyService::start_next_phase(const accounts::Viewer& viewer,
                                                const std::string& slug, const std::string& key) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.can_manage())
    return Error::forbidden("only this community's organizers can move a cohort's phases");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto existing = load_cohort(*transaction, here->community.id, key);
  if (!existing) return existing.error();
  std::vector<PhaseWindow> phases = existing->phases;
  // The next phase: the first that has not started yet.
  std::size_t next = 0;
  while (next < phases.size() && phases[next].starts_at <= now) ++next;
  if (next == phases.size()) return Error::conflict("phase", "this cohort has no next phase");
  const auto from = existing->current_phase(now);
  if (next > 0) phases[next - 1].ends_at = std::min(phases[next - 1].ends_at, now);
  const std::int64_t length = phases[next].ends_at - phases[next].starts_at;
  phases[next].starts_at = now;
  if (phases[next].ends_at <= now) phases[next].ends_at = now + length;
  // Keep the order: a later phase that would now overlap moves, keeping its length.
  for (std::size_t idx = next + 1; idx < phases.size(); ++idx) {
    if (phases[idx].starts_at >= phases[idx - 1].ends_at) break;
    const std::int64_t shift = phases[idx - 1].ends_at - phases[idx].starts_at;
    phases[idx].starts_at += shift;
    phases[idx].ends_at += shift;
  }
  for (std::size_t idx = next == 0 ? 0 : next - 1; idx < phases.size(); ++idx) {
    auto changed = transaction->execute(
        "UPDATE cohort_phases SET starts_at = ?, ends_at = ? WHERE cohort_id = ? AND phase = ?",
        {phases[idx].starts_at, phases[idx].ends_at, existing->id,
         std::string(phase_name(phases[idx].phase))});
    if (!changed) return changed.error();
  }
  if (auto status = write_audit(
          *transaction, here->community.id, viewer.user_id(), "cohort.phase_started", key,
          {{"from", from ? boost::json::value(phase_name(*from)) : boost::json::value(nullptr)},
           {"to", phase_name(phases[next].phase)},
           {"cohort_id", existing->id}},
          now);
      !status)
    return status.error();
  auto result = load_cohort_by_id(*transaction, existing->id);
  if (!result) return result.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return result;
}

Result<Cohort> AcademyService::cohort(const std::string& slug, const std::string& key) {
  auto community = communities_.find(slug);
  if (!community) return community.error();
  return cached_cohort(community.value(), key);
}

Result<Cohort> AcademyService::cached_cohort(const communities::Community& community,
                                             const std::string& key) {
  const auto cache_key = std::make_pair(community.id, key);
  if (auto kept = cohorts_by_key_.find(cache_key, community.content_version)) return *kept;
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto loaded = load_cohort(*reader, community.id, key);
  if (!loaded) return loaded.error();
  return *cohorts_by_key_.store(cache_key, community.content_version, std::move(loaded.value()));
}

Result<bool> AcademyService::cohort_closed(const communities::Community& community,
                                           const Cohort& cohort) {
  if (!closure_probe_) return false;
  if (auto kept = closed_.find(cohort.id, community.content_version)) return *kept;
  auto closed = closure_probe_(cohort.id);
  if (!closed) return closed.error();
  return *closed_.store(cohort.id, community.content_version, closed.value());
}

namespace {

// Newest first: by the start of proposals, then by id.
void newest_first(std::vector<Cohort>& cohorts) {
  auto starts = [](const Cohort& cohort) { return cohort.phases.front().starts_at; };
  std::stable_sort(cohorts.begin(), cohorts.end(), [&](const Cohort& x, const Cohort& y) {
    return starts(x) != starts(y) ? starts(x) > starts(y) : x.id > y.id;
  });
}

}  // namespace

Result<std::vector<Cohort>> AcademyService::cohorts(const std::string& slug) {
  auto community = communities_.find(slug);
  if (!community) return community.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto list = load_cohorts(*reader, "c.community_id = ?", {community->id});
  if (!list) return list.error();
  newest_first(list.value());
  return list;
}

Result<std::vector<Cohort>> AcademyService::open_cohorts(const std::string& slug,
                                                         std::int64_t now) {
  auto community = communities_.find(slug);
  if (!community) return community.error();
  // Only a write adds a cohort to this list (and bumps the version); time
  // only takes them off it, as each reaches its closed phase.
  if (auto kept = open_cohorts_.find(community->id, community->content_version);
      kept && kept->read_at <= now && now < kept->valid_until)
    return kept->cohorts;
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto list = load_cohorts(*reader,
                           "c.community_id = ? AND c.id IN (SELECT cohort_id FROM cohort_phases "
                           "WHERE phase = 'closed' AND starts_at > ?)",
                           {community->id, now});
  if (!list) return list.error();
  newest_first(list.value());
  OpenCohorts open{list.value(), now, std::numeric_limits<std::int64_t>::max()};
  for (const Cohort& cohort : open.cohorts)
    open.valid_until = std::min(open.valid_until, cohort.window(Phase::kClosed).starts_at);
  open_cohorts_.store(community->id, community->content_version, std::move(open));
  return list;
}

}  // namespace moim::academy
