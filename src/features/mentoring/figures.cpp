// Organizers' view of a running program: its figures (kept on the program's
// row in each change's transaction, plus the check-ins' lights counted on
// their index) and, once it has ended, the certificates.
#include <map>
#include <set>

#include "features/mentoring/pair_internal.hpp"

namespace moim::mentoring {

namespace {

Result<std::pair<internal::Place, Program>> organized(communities::CommunitiesService& communities,
                                                      db::Transaction& transaction,
                                                      const accounts::Viewer& viewer,
                                                      const std::string& slug,
                                                      std::int64_t program_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities, viewer, slug);
  if (!place) return place.error();
  auto program = internal::organized_program(transaction, *place, program_id);
  if (!program) return program.error();
  return std::make_pair(std::move(place.value()), std::move(program.value()));
}

}  // namespace

Result<ProgramFigures> PairSpaceService::figures(const accounts::Viewer& viewer,
                                                 const std::string& slug, std::int64_t program_id) {
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto found = organized(communities_, *reader, viewer, slug, program_id);
  if (!found) return found.error();
  ProgramFigures figures;
  figures.program = found->second;
  auto counts = reader->query_one(
      "SELECT pairs_count, sessions_held, goals_total, goals_reached, mentor_ratings, "
      "mentor_rating_sum, mentee_ratings, mentee_rating_sum FROM mentoring_programs WHERE id = ?",
      {program_id});
  if (!counts) return counts.error();
  const db::Row& row = **counts;
  figures.pairs = static_cast<int>(row.int64(0));
  figures.sessions_held = static_cast<int>(row.int64(1));
  figures.sessions_planned = figures.pairs * figures.program.sessions;
  figures.goals_total = static_cast<int>(row.int64(2));
  figures.goals_reached = static_cast<int>(row.int64(3));
  figures.mentor_ratings = static_cast<int>(row.int64(4));
  figures.mentee_ratings = static_cast<int>(row.int64(6));
  if (figures.mentor_ratings > 0)
    figures.mentor_satisfaction = static_cast<double>(row.int64(5)) / figures.mentor_ratings;
  if (figures.mentee_ratings > 0)
    figures.mentee_satisfaction = static_cast<double>(row.int64(7)) / figures.mentee_ratings;
  auto lights = reader->query(
      "SELECT light, count(*) FROM mentoring_checkins WHERE program_id = ? GROUP BY light",
      {program_id});
  if (!lights) return lights.error();
  for (const auto& light : *lights) {
    const int number = static_cast<int>(light.int64(1));
    switch (internal::light_from(light.text(0))) {
      case Light::green:
        figures.green = number;
        break;
      case Light::yellow:
        figures.yellow = number;
        break;
      case Light::red:
        figures.red = number;
        break;
    }
  }
  // Who asked for help: their words are for organizers to act on.
  auto help = reader->query(
      "SELECT pair_id, user_id, light, comment FROM mentoring_checkins WHERE program_id = ? AND "
      "wants_help = 1 ORDER BY updated_at DESC LIMIT 100",
      {program_id});
  if (!help) return help.error();
  std::vector<std::int64_t> askers;
  for (const auto& one : *help) askers.push_back(one.int64(1));
  auto people = accounts::contacts(*reader, askers);
  if (!people) return people.error();
  for (const auto& one : *help) {
    auto person = people->find(one.int64(1));
    figures.help_requests.push_back(
        {one.int64(0), person == people->end() ? std::string() : person->second.display_name,
         one.text(3), internal::light_from(one.text(2))});
  }
  // Sessions held by week of the program, for the chart.
  auto held = reader->query(
      "SELECT s.starts_at FROM mentoring_pairs p JOIN mentoring_sessions s ON s.pair_id = p.id "
      "WHERE p.program_id = ? AND s.status = 'held'",
      {program_id});
  if (!held) return held.error();
  std::map<int, int> by_week;
  const int weeks = static_cast<int>(
      (figures.program.ends_at - figures.program.starts_at + 7 * 86400 - 1) / (7 * 86400));
  for (int week = 0; week < weeks; ++week) by_week[week] = 0;
  for (const auto& one : *held) {
    const std::int64_t since = one.int64(0) - figures.program.starts_at;
    by_week[static_cast<int>(std::max<std::int64_t>(0, since) / (7 * 86400))] += 1;
  }
  for (const auto& [week, count] : by_week) figures.held_by_week.emplace_back(week, count);
  return figures;
}

Result<certificates::MentoringOutcome> PairSpaceService::issue_certificates(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t program_id) {
  certificates::MentoringBatch batch;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto found = organized(communities_, *reader, viewer, slug, program_id);
    if (!found) return found.error();
    const Program& program = found->second;
    if (clock_.now_seconds() < program.ends_at)
      return Error{409, "program_not_ended", "certificates are issued once the program has ended",
                   "program"};
    batch.community_slug = slug;
    batch.program_id = program.id;
    batch.program_name = program.name;
    batch.starts_at = program.starts_at;
    batch.ends_at = program.ends_at;
    // Mentors who held a session; mentees whose pair held half the sessions.
    auto pairs = reader->query(
        "SELECT mentor_user_id, mentee_user_id, sessions_held FROM mentoring_pairs WHERE "
        "program_id = ? AND sessions_held > 0 ORDER BY id",
        {program_id});
    if (!pairs) return pairs.error();
    std::vector<std::pair<std::int64_t, std::string>> holders;
    std::set<std::int64_t> mentors;
    for (const auto& pair : *pairs) {
      if (mentors.insert(pair.int64(0)).second) holders.emplace_back(pair.int64(0), "mentor");
      if (pair.int64(2) * 2 >= program.sessions) holders.emplace_back(pair.int64(1), "mentee");
    }
    std::vector<std::int64_t> ids;
    for (const auto& [user_id, role] : holders) ids.push_back(user_id);
    auto people = accounts::contacts(*reader, ids);
    if (!people) return people.error();
    for (const auto& [user_id, role] : holders) {
      auto person = people->find(user_id);
      if (person == people->end()) continue;
      batch.holders.push_back({user_id, person->second.display_name, person->second.email,
                               person->second.locale, role});
    }
  }
  return certificates_.issue_mentoring(viewer, batch);
}

}  // namespace moim::mentoring
