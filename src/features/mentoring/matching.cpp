// Matching: the accepted sides as the engine's instance (with the
// community's history: earlier programs' pairs are past pairs; mentoring
// done before, and a builder's or organizer's stage, are experience), a
// kept run with its pairs and unmatched mentees, and announcing one run.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <map>

#include "engines/allocation/io/mentoring_io.hpp"
#include "features/mentoring/internal.hpp"

namespace moim::mentoring {

namespace engine = allocation::mentoring;

namespace {

std::string mentor_key(std::int64_t offer_id) { return "o" + std::to_string(offer_id); }
std::string mentee_key(std::int64_t application_id) { return "a" + std::to_string(application_id); }
std::int64_t id_of(const std::string& key) { return std::stoll(key.substr(1)); }

template <class Side>
Result<std::vector<Side>> accepted(db::Transaction& transaction, const char* table,
                                   const char* columns, Side (*from)(const db::Row&),
                                   std::int64_t program_id) {
  auto rows = transaction.query(std::string("SELECT ") + columns + " FROM " + table +
                                    " WHERE program_id = ? AND status = 'accepted' ORDER BY id",
                                {program_id});
  if (!rows) return rows.error();
  std::vector<Side> sides;
  for (const auto& row : *rows) sides.push_back(from(row));
  return sides;
}

// `stages`: the mentors' growth stages in the community.
Result<engine::Instance> instance_of(db::Transaction& transaction, const Program& program,
                                     const std::vector<Offer>& offers,
                                     const std::vector<Application>& applications,
                                     const std::map<std::int64_t, communities::Stage>& stages,
                                     std::uint64_t seed) {
  engine::Instance instance;
  instance.session_minutes = program.session_minutes;
  instance.allow_repeat_pairs = program.allow_repeat_pairs;
  instance.seed = seed;
  // Mentoring done in the community's earlier programs counts as experience.
  auto done = transaction.query(
      "SELECT mentor_user_id, count(DISTINCT program_id) FROM mentoring_pairs WHERE "
      "community_id = ? AND program_id <> ? GROUP BY mentor_user_id",
      {program.community_id, program.id});
  if (!done) return done.error();
  std::map<std::int64_t, int> experience;
  for (const auto& row : *done) experience[row.int64(0)] = static_cast<int>(row.int64(1));
  std::map<std::int64_t, std::vector<std::int64_t>> offers_of, applications_of;  // by user
  for (const auto& offer : offers) {
    offers_of[offer.user_id].push_back(offer.id);
    auto found = experience.find(offer.user_id);
    // A builder or organizer (빌더, 운영진) has led people before: one more.
    auto stage = stages.find(offer.user_id);
    const bool leads = stage != stages.end() && stage->second >= communities::Stage::kBuilder;
    instance.mentors.push_back({mentor_key(offer.id), offer.capacity, offer.profile.languages,
                                offer.profile.topics, offer.hours,
                                (found == experience.end() ? 0 : found->second) + (leads ? 1 : 0)});
  }
  for (const auto& application : applications) {
    applications_of[application.user_id].push_back(application.id);
    engine::Mentee mentee{mentee_key(application.id),
                          application.profile.languages,
                          application.profile.topics,
                          application.hours,
                          {}};
    for (auto offer_id : application.ranking)
      if (std::any_of(offers.begin(), offers.end(),
                      [&](const Offer& offer) { return offer.id == offer_id; }))
        mentee.ranking.push_back(mentor_key(offer_id));
    instance.mentees.push_back(std::move(mentee));
    // Nobody mentors themselves.
    if (auto own = offers_of.find(application.user_id); own != offers_of.end())
      for (auto offer_id : own->second)
        instance.exclusions.push_back(
            {mentor_key(offer_id), mentee_key(application.id), "the same person"});
  }
  // Pairs from the community's earlier programs, by person.
  auto past = transaction.query(
      "SELECT mentor_user_id, mentee_user_id FROM mentoring_pairs WHERE community_id = ? AND "
      "program_id <> ?",
      {program.community_id, program.id});
  if (!past) return past.error();
  for (const auto& row : *past) {
    auto mentor = offers_of.find(row.int64(0));
    auto mentee = applications_of.find(row.int64(1));
    if (mentor == offers_of.end() || mentee == applications_of.end()) continue;
    for (auto offer_id : mentor->second)
      for (auto application_id : mentee->second)
        instance.past_pairs.push_back({mentor_key(offer_id), mentee_key(application_id)});
  }
  // Organizers' pins and exclusions between accepted people.
  auto rules = transaction.query(
      "SELECT offer_id, application_id, kind, reason FROM mentoring_rules WHERE program_id = ? "
      "ORDER BY id",
      {program.id});
  if (!rules) return rules.error();
  for (const auto& row : *rules) {
    const bool known = std::any_of(offers.begin(), offers.end(),
                                   [&](const Offer& offer) { return offer.id == row.int64(0); }) &&
                       std::any_of(applications.begin(), applications.end(),
                                   [&](const Application& one) { return one.id == row.int64(1); });
    if (!known) continue;
    engine::PairRule rule{mentor_key(row.int64(0)), mentee_key(row.int64(1)), row.text(3)};
    (row.text(2) == "pin" ? instance.pins : instance.exclusions).push_back(std::move(rule));
  }
  return instance;
}

boost::json::object summary_json(const engine::Summary& summary) {
  return {{"mentees", summary.mentees},         {"mentors", summary.mentors},
          {"capacity", summary.capacity},       {"matched", summary.matched},
          {"unmatched", summary.unmatched},     {"pinned", summary.pinned},
          {"total_score", summary.total_score}, {"compatible_pairs", summary.compatible_pairs}};
}

engine::Summary summary_from(const std::string& text) {
  engine::Summary summary;
  boost::system::error_code error;
  const auto value = boost::json::parse(text, error);
  if (error || !value.is_object()) return summary;
  const auto& object = value.as_object();
  const auto number = [&](const char* key) -> long long {
    auto found = object.find(key);
    return found != object.end() && found->value().is_int64() ? found->value().as_int64() : 0;
  };
  summary.mentees = static_cast<int>(number("mentees"));
  summary.mentors = static_cast<int>(number("mentors"));
  summary.capacity = static_cast<int>(number("capacity"));
  summary.matched = static_cast<int>(number("matched"));
  summary.unmatched = static_cast<int>(number("unmatched"));
  summary.pinned = static_cast<int>(number("pinned"));
  summary.total_score = number("total_score");
  summary.compatible_pairs = number("compatible_pairs");
  return summary;
}

}  // namespace

Result<Run> MentoringService::match(const accounts::Viewer& viewer, const std::string& slug,
                                    std::int64_t program_id, engine::Mode mode,
                                    std::uint64_t seed) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto program = internal::organized_program(*transaction, *place, program_id);
  if (!program) return program.error();
  if (program->announced_run_id)
    return Error::conflict("program", "the pairs are announced; the matching is closed");
  auto offers = accepted<Offer>(*transaction, "mentoring_offers", internal::kOfferColumns,
                                &internal::offer_from, program_id);
  if (!offers) return offers.error();
  auto applications =
      accepted<Application>(*transaction, "mentoring_applications", internal::kApplicationColumns,
                            &internal::application_from, program_id);
  if (!applications) return applications.error();
  if (applications->empty())
    return Error{422, "nothing_to_match", "accept at least one mentee before matching", "program"};
  std::vector<std::int64_t> mentor_ids;
  for (const auto& offer : *offers) mentor_ids.push_back(offer.user_id);
  auto stages = communities_.stages_of(program->community_id, mentor_ids);
  if (!stages) return stages.error();
  auto instance = instance_of(*transaction, *program, *offers, *applications, *stages, seed);
  if (!instance) return instance.error();
  if (const auto problems = engine::validate(*instance); !problems.empty()) {
    // Only organizers' pins can break the rules here: say which.
    std::string message = "these pins cannot hold: ";
    for (std::size_t index = 0; index < problems.size() && index < 5; ++index)
      message += (index ? "; " : "") + problems[index].where + " " + problems[index].message;
    return Error{422, "pins_cannot_hold", message, "pins"};
  }
  const engine::Outcome outcome = engine::match(*instance, mode);
  boost::json::array unmatched;
  for (const auto& one : outcome.unmatched)
    unmatched.push_back({{"application", id_of(one.mentee)},
                         {"reason", engine::io::to_string(one.reason)},
                         {"compatible", one.compatible_mentors}});
  const std::int64_t now = clock_.now_seconds();
  auto run = transaction->query_one(
      "INSERT INTO mentoring_runs (program_id, mode, seed, summary, unmatched, created_by, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {program_id, std::string(engine::io::to_string(mode)), static_cast<std::int64_t>(seed),
       boost::json::serialize(summary_json(outcome.summary)), boost::json::serialize(unmatched),
       viewer.user_id(), now});
  if (!run) return run.error();
  const std::int64_t run_id = (*run)->int64(0);
  for (const auto& pair : outcome.pairs) {
    auto stored = transaction->execute(
        "INSERT INTO mentoring_run_pairs (run_id, offer_id, application_id, score, "
        "overlap_minutes, shared_topics, ranked, pinned) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {run_id, id_of(pair.mentor), id_of(pair.mentee), std::int64_t{pair.fit.score},
         std::int64_t{pair.fit.longest_overlap}, std::int64_t{pair.fit.shared_topics},
         std::int64_t{pair.fit.rank}, std::int64_t{pair.pinned ? 1 : 0}});
    if (!stored) return stored.error();
  }
  auto read = read_run(*transaction, *program, run_id);
  if (!read) return read.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return read;
}

Result<Run> MentoringService::read_run(db::Transaction& transaction, const Program& program,
                                       std::int64_t run_id) {
  auto row = transaction.query_one(
      "SELECT id, mode, seed, summary, unmatched, created_at FROM mentoring_runs WHERE id = ? AND "
      "program_id = ?",
      {run_id, program.id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such matching run");
  Run run;
  run.id = (*row)->int64(0);
  run.mode = (*row)->text(1);
  run.seed = static_cast<std::uint64_t>((*row)->int64(2));
  run.summary = summary_from((*row)->text(3));
  run.created_at = (*row)->int64(5);
  run.announced = program.announced_run_id == run.id;
  auto pairs = transaction.query(
      "SELECT p.offer_id, p.application_id, p.score, p.overlap_minutes, p.shared_topics, "
      "p.ranked, p.pinned, o.user_id, a.user_id FROM mentoring_run_pairs p JOIN mentoring_offers "
      "o ON o.id = p.offer_id JOIN mentoring_applications a ON a.id = p.application_id WHERE "
      "p.run_id = ? ORDER BY p.id",
      {run_id});
  if (!pairs) return pairs.error();
  // Unmatched mentees are named by application; the program's are few.
  auto mentees = transaction.query(
      "SELECT id, user_id FROM mentoring_applications WHERE program_id = ?", {program.id});
  if (!mentees) return mentees.error();
  std::map<std::int64_t, std::int64_t> user_of_application;
  std::vector<std::int64_t> user_ids;
  for (const auto& one : *mentees) {
    user_of_application[one.int64(0)] = one.int64(1);
    user_ids.push_back(one.int64(1));
  }
  for (const auto& pair : *pairs) user_ids.push_back(pair.int64(7));
  auto people = accounts::contacts(transaction, user_ids);
  if (!people) return people.error();
  const auto name = [&](std::int64_t user_id) {
    auto found = people->find(user_id);
    return found == people->end() ? std::string() : found->second.display_name;
  };
  for (const auto& pair : *pairs)
    run.pairs.push_back({pair.int64(0), pair.int64(1), name(pair.int64(7)), name(pair.int64(8)),
                         static_cast<int>(pair.int64(2)), static_cast<int>(pair.int64(3)),
                         static_cast<int>(pair.int64(4)), static_cast<int>(pair.int64(5)),
                         pair.int64(6) != 0});
  boost::system::error_code error;
  const auto unmatched = boost::json::parse((*row)->text(4), error);
  if (!error && unmatched.is_array()) {
    for (const auto& item : unmatched.as_array()) {
      if (!item.is_object()) continue;
      const auto& one = item.as_object();
      const std::int64_t application =
          one.contains("application") && one.at("application").is_int64()
              ? one.at("application").as_int64()
              : 0;
      const auto user = user_of_application.find(application);
      run.unmatched.push_back(
          {application, user == user_of_application.end() ? std::string() : name(user->second),
           one.contains("reason") && one.at("reason").is_string()
               ? std::string(one.at("reason").as_string())
               : std::string(),
           one.contains("compatible") && one.at("compatible").is_int64()
               ? static_cast<int>(one.at("compatible").as_int64())
               : 0});
    }
  }
  return run;
}

Result<std::vector<Run>> MentoringService::runs(const accounts::Viewer& viewer,
                                                const std::string& slug, std::int64_t program_id,
                                                int limit) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto program = internal::organized_program(*reader, *place, program_id);
  if (!program) return program.error();
  auto ids =
      reader->query("SELECT id FROM mentoring_runs WHERE program_id = ? ORDER BY id DESC LIMIT ?",
                    {program_id, std::int64_t{std::clamp(limit, 1, 50)}});
  if (!ids) return ids.error();
  std::vector<Run> runs;
  for (const auto& row : *ids) {
    auto run = read_run(*reader, *program, row.int64(0));
    if (!run) return run.error();
    runs.push_back(std::move(run.value()));
  }
  return runs;
}

Result<Run> MentoringService::announce(const accounts::Viewer& viewer, const std::string& slug,
                                       std::int64_t program_id, std::int64_t run_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto program = internal::organized_program(*transaction, *place, program_id);
  if (!program) return program.error();
  if (program->announced_run_id)
    return Error::conflict("program", "this program's pairs are already announced");
  auto run = read_run(*transaction, *program, run_id);
  if (!run) return run.error();
  // Someone withdrawn or declined since the run makes it out of date.
  auto stale = transaction->query_one(
      "SELECT count(*) FROM mentoring_run_pairs p JOIN mentoring_offers o ON o.id = p.offer_id "
      "JOIN mentoring_applications a ON a.id = p.application_id WHERE p.run_id = ? AND "
      "(o.status <> 'accepted' OR a.status <> 'accepted')",
      {run_id});
  if (!stale) return stale.error();
  if ((*stale)->int64(0) > 0)
    return Error{409, "stale_run",
                 "someone in this run was withdrawn or declined since; match again", "run"};
  const std::int64_t now = clock_.now_seconds();
  auto made = transaction->execute(
      "INSERT INTO mentoring_pairs (program_id, community_id, offer_id, application_id, "
      "mentor_user_id, mentee_user_id, score, overlap_minutes, goals, created_at) SELECT ?, ?, "
      "p.offer_id, p.application_id, o.user_id, a.user_id, p.score, p.overlap_minutes, a.goals, "
      "? FROM "
      "mentoring_run_pairs p JOIN mentoring_offers o ON o.id = p.offer_id JOIN "
      "mentoring_applications a ON a.id = p.application_id WHERE p.run_id = ? ORDER BY p.id",
      {program_id, program->community_id, now, run_id});
  if (!made) return made.error();
  auto closed = transaction->execute(
      "UPDATE mentoring_programs SET announced_run_id = ?, signups_closed_at = "
      "COALESCE(signups_closed_at, ?), updated_at = ? WHERE id = ?",
      {run_id, now, now, program_id});
  if (!closed) return closed.error();
  program->announced_run_id = run_id;
  auto made_pairs = internal::read_pairs(*transaction, *program, {});
  if (!made_pairs) return made_pairs.error();
  std::int64_t goals = 0;
  for (const auto& pair : *made_pairs) goals += static_cast<std::int64_t>(pair.goals.size());
  auto counted = transaction->execute(
      "UPDATE mentoring_programs SET pairs_count = ?, goals_total = ? WHERE id = ?",
      {static_cast<std::int64_t>(made_pairs->size()), goals, program_id});
  if (!counted) return counted.error();
  if (auto status = internal::mail_pairs(*transaction, *program, place->community, now); !status)
    return status.error();
  if (auto status = communities::write_audit(*transaction, program->community_id, viewer.user_id(),
                                             "mentoring.announced", std::to_string(program_id),
                                             {{"run", run_id}, {"pairs", run->pairs.size()}}, now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  run->announced = true;
  return run;
}

}  // namespace moim::mentoring
