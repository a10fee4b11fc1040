// Selection: organizers run the allocation engine on a cohort's
// applications, pin or move people with a reason, re-run, and publish;
// placed members confirm their seat by a deadline, and freed seats go to the
// next on the waitlist within the late-join window.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <map>
#include <set>

#include "engines/allocation/allocation.hpp"
#include "features/academy/academy_service.hpp"
#include "features/academy/internal.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::academy {

using namespace internal;

namespace {

constexpr std::int64_t kMaxSeed = (std::int64_t{1} << 53) - 1;  // exact in JSON numbers

std::string outcome_name(allocation::ChoiceOutcome outcome) {
  switch (outcome) {
    case allocation::ChoiceOutcome::placed:
      return "placed";
    case allocation::ChoiceOutcome::higher_choice_placed:
      return "higher_choice_placed";
    case allocation::ChoiceOutcome::filled_by_higher_ranked:
      return "filled_by_higher_ranked";
    case allocation::ChoiceOutcome::declined_by_builders:
      return "declined_by_builders";
    case allocation::ChoiceOutcome::project_cancelled:
      return "project_cancelled";
    case allocation::ChoiceOutcome::not_reached:
      return "not_reached";
    case allocation::ChoiceOutcome::filled_to_maximise_ranks:
      return "filled_to_maximise_ranks";
    case allocation::ChoiceOutcome::filled_by_priority:
      return "filled_by_priority";
    case allocation::ChoiceOutcome::filled_by_seed_order:
      return "filled_by_seed_order";
    case allocation::ChoiceOutcome::filled_by_pins:
      return "filled_by_pins";
    case allocation::ChoiceOutcome::no_seats:
      return "no_seats";
  }
  return "not_reached";
}

std::string user_key(std::int64_t user_id) { return "u" + std::to_string(user_id); }
std::string project_key(std::int64_t project_id) { return "p" + std::to_string(project_id); }
std::int64_t id_of(const std::string& key) { return std::stoll(key.substr(1)); }

Result<AcademyService::Access> managing(AcademyService& service, const accounts::Viewer& viewer,
                                        const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = service.access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.can_manage())
    return Error::forbidden("only this community's organizers run the selection");
  return here;
}

}  // namespace

Result<AllocationRun> AcademyService::load_run(db::Transaction& reader, std::int64_t run_id) {
  auto row = reader.query_one(
      "SELECT id, cohort_id, mode, seed, cancel_under_minimum, summary, created_at, published_at "
      "FROM allocation_runs WHERE id = ?",
      {run_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such allocation run");
  AllocationRun run;
  run.id = (*row)->int64(0);
  const std::int64_t cohort_id = (*row)->int64(1);
  run.mode = (*row)->text(2);
  run.seed = (*row)->int64(3);
  run.cancel_under_minimum = (*row)->boolean(4);
  run.created_at = (*row)->int64(6);
  run.published_at = (*row)->opt_int64(7);
  boost::system::error_code error;
  auto summary = boost::json::parse((*row)->text(5), error);
  if (!error && summary.is_object()) {
    const auto& object = summary.as_object();
    if (auto found = object.find("by_rank"); found != object.end() && found->value().is_array()) {
      for (const auto& count : found->value().as_array())
        run.by_rank.push_back(static_cast<int>(count.to_number<std::int64_t>()));
    }
    if (auto found = object.find("unassigned"); found != object.end())
      run.unassigned = static_cast<int>(found->value().to_number<std::int64_t>());
    if (auto found = object.find("projects"); found != object.end() && found->value().is_array()) {
      for (const auto& item : found->value().as_array()) {
        const auto& fill = item.as_object();
        ProjectFill project;
        project.project_id = fill.at("project_id").to_number<std::int64_t>();
        project.filled = static_cast<int>(fill.at("filled").to_number<std::int64_t>());
        project.cancelled = fill.at("cancelled").as_bool();
        run.projects.push_back(project);
      }
    }
  }
  std::map<std::int64_t, std::string> titles;
  auto projects = reader.query(
      "SELECT id, title, min_runners, max_runners FROM academy_projects WHERE cohort_id = ?",
      {cohort_id});
  if (!projects) return projects.error();
  std::map<std::int64_t, std::pair<int, int>> limits;
  for (const auto& project_row : *projects) {
    titles[project_row.int64(0)] = project_row.text(1);
    limits[project_row.int64(0)] = {static_cast<int>(project_row.int64(2)),
                                    static_cast<int>(project_row.int64(3))};
  }
  std::map<std::int64_t, std::size_t> fill_index;
  for (std::size_t idx = 0; idx < run.projects.size(); ++idx) {
    auto& project = run.projects[idx];
    project.title = titles[project.project_id];
    project.min = limits[project.project_id].first;
    project.max = limits[project.project_id].second;
    fill_index[project.project_id] = idx;
  }
  auto waitlists = reader.query(
      "SELECT project_id, user_id FROM allocation_waitlists WHERE run_id = ? ORDER BY "
      "project_id, position",
      {run_id});
  if (!waitlists) return waitlists.error();
  for (const auto& waiting : *waitlists) {
    if (auto found = fill_index.find(waiting.int64(0)); found != fill_index.end())
      run.projects[found->second].waitlist.push_back(waiting.int64(1));
  }
  auto results = reader.query(
      "SELECT r.user_id, u.display_name, r.project_id, r.choice_rank, r.explanation, p.project_id, "
      "p.reason FROM allocation_results r JOIN users u ON u.id = r.user_id LEFT JOIN "
      "allocation_pins p ON p.user_id = r.user_id AND p.cohort_id = ? WHERE r.run_id = ? ORDER "
      "BY u.display_name, r.user_id",
      {cohort_id, run_id});
  if (!results) return results.error();
  for (const auto& result_row : *results) {
    Placement placement;
    placement.user_id = result_row.int64(0);
    placement.display_name = result_row.text(1);
    placement.project_id = result_row.opt_int64(2);
    if (placement.project_id) placement.project_title = titles[*placement.project_id];
    placement.rank = static_cast<int>(result_row.int64(3));
    auto explanation = boost::json::parse(result_row.text(4), error);
    if (!error && explanation.is_array()) {
      for (const auto& item : explanation.as_array()) {
        const auto& object = item.as_object();
        const std::int64_t project_id = object.at("project_id").to_number<std::int64_t>();
        placement.explanation.push_back(
            {project_id, titles[project_id], std::string(object.at("outcome").as_string())});
      }
    }
    placement.pinned_project = result_row.opt_int64(5);
    placement.pin_reason = result_row.is_null(6) ? "" : result_row.text(6);
    run.placements.push_back(std::move(placement));
  }
  return run;
}

Result<AllocationRun> AcademyService::run_allocation(const accounts::Viewer& viewer,
                                                     const std::string& slug,
                                                     const std::string& key,
                                                     const RunInput& input) {
  auto here = managing(*this, viewer, slug);
  if (!here) return here.error();
  const bool rank_maximal = input.mode == "rank_maximal";
  if (!rank_maximal && input.mode != "stable")
    return Error::invalid("mode", "mode must be stable or rank_maximal");
  if (input.seed && (*input.seed < 0 || *input.seed > kMaxSeed))
    return Error::invalid("seed", "seed must be 0 to 2^53-1");
  const std::int64_t now = clock_.now_seconds();
  const std::int64_t seed = input.seed.value_or(now % kMaxSeed);
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto cohort = load_cohort(*transaction, here->community.id, key);
  if (!cohort) return cohort.error();
  if (!cohort->in_phase(Phase::kSelection, now))
    return Error::conflict("phase", "the allocation runs during the selection phase");
  auto published = transaction->query_one(
      "SELECT COUNT(*) FROM allocation_runs WHERE cohort_id = ? AND published_at IS NOT NULL",
      {cohort->id});
  if (!published) return published.error();
  if ((*published)->int64(0) > 0) return Error::conflict("run", "the result is published already");

  // The engine's instance: approved projects, submitted applications, the
  // builders' reviews, co-runners and organizers' pins.
  auto projects =
      load_projects(*transaction, "p.cohort_id = ? AND p.status = 'approved'", {cohort->id});
  if (!projects) return projects.error();
  allocation::Instance instance;
  instance.seed = static_cast<std::uint64_t>(seed);
  instance.cancel_under_minimum = input.cancel_under_minimum;
  std::map<std::int64_t, std::size_t> project_index;
  for (const auto& project : *projects) {
    project_index[project.id] = instance.projects.size();
    instance.projects.push_back(
        {project_key(project.id), project.min_runners, project.max_runners, {}, {}});
  }
  auto choices = transaction->query(
      "SELECT a.user_id, c.project_id, c.review, c.score, c.choice_rank FROM applications a JOIN "
      "application_choices c ON c.application_id = a.id WHERE a.cohort_id = ? AND a.status = "
      "'submitted' ORDER BY a.user_id, c.choice_rank",
      {cohort->id});
  if (!choices) return choices.error();
  std::map<std::int64_t, std::size_t> applicant_index;
  // Builders' preference: accepted first, then by score (higher first); the
  // people they neither accepted nor scored follow in the engine's seed order.
  std::map<std::int64_t, std::vector<std::tuple<int, int, std::int64_t>>> preferences;
  for (const auto& row : *choices) {
    const std::int64_t user_id = row.int64(0);
    const std::int64_t project_id = row.int64(1);
    auto project = project_index.find(project_id);
    if (project == project_index.end()) continue;  // no longer approved
    auto [slot, inserted] = applicant_index.emplace(user_id, instance.applicants.size());
    if (inserted) instance.applicants.push_back({user_key(user_id), {}, 0, std::nullopt});
    instance.applicants[slot->second].choices.push_back(project_key(project_id));
    const std::string review = row.text(2);
    if (review == "declined") {
      instance.projects[project->second].declined.push_back(user_key(user_id));
    } else if (review == "accepted" || !row.is_null(3)) {
      preferences[project_id].emplace_back(review == "accepted" ? 0 : 1,
                                           row.is_null(3) ? 0 : -static_cast<int>(row.int64(3)),
                                           user_id);
    }
  }
  for (auto& [project_id, ranked] : preferences) {
    std::sort(ranked.begin(), ranked.end());
    for (const auto& entry : ranked)
      instance.projects[project_index[project_id]].ranking.push_back(user_key(std::get<2>(entry)));
  }
  auto co_runners = transaction->query(
      "SELECT cr.user_id, cr.project_id FROM project_co_runners cr JOIN academy_projects p ON p.id "
      "= cr.project_id WHERE p.cohort_id = ? ORDER BY cr.added_at",
      {cohort->id});
  if (!co_runners) return co_runners.error();
  for (const auto& row : *co_runners) {
    auto applicant = applicant_index.find(row.int64(0));
    if (applicant == applicant_index.end() || !project_index.count(row.int64(1))) continue;
    auto& pinned = instance.applicants[applicant->second].pinned;
    if (!pinned) pinned = project_key(row.int64(1));  // builders' must-accept
  }
  auto pins = transaction->query(
      "SELECT user_id, project_id FROM allocation_pins WHERE cohort_id = ?", {cohort->id});
  if (!pins) return pins.error();
  for (const auto& row : *pins) {
    auto applicant = applicant_index.find(row.int64(0));
    if (applicant == applicant_index.end() || !project_index.count(row.int64(1))) continue;
    instance.applicants[applicant->second].pinned = project_key(row.int64(1));  // organizers win
  }
  // A pin or co-runner must not be declined by the same project's builders
  // for the engine; the organizer's word stands, so drop that decline.
  for (const auto& applicant : instance.applicants) {
    if (!applicant.pinned) continue;
    auto& declined = instance.projects[project_index[id_of(*applicant.pinned)]].declined;
    declined.erase(std::remove(declined.begin(), declined.end(), applicant.id), declined.end());
  }
  if (auto problems = allocation::validate(instance); !problems.empty()) {
    return Error::conflict("pins", problems.front().where + " " + problems.front().field + ": " +
                                       problems.front().message);
  }
  const allocation::Outcome outcome = allocation::allocate(
      instance, rank_maximal ? allocation::Mode::rank_maximal : allocation::Mode::stable);

  boost::json::array by_rank, fills;
  for (int count : outcome.summary.by_rank) by_rank.emplace_back(count);
  for (const auto& project : outcome.projects) {
    fills.push_back(boost::json::object{{"project_id", id_of(project.id)},
                                        {"filled", project.filled},
                                        {"cancelled", project.cancelled}});
  }
  auto run_row = transaction->query_one(
      "INSERT INTO allocation_runs (cohort_id, mode, seed, cancel_under_minimum, summary, run_by, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {cohort->id, input.mode, seed, std::int64_t{input.cancel_under_minimum},
       boost::json::serialize(boost::json::object{
           {"by_rank", by_rank}, {"unassigned", outcome.summary.unassigned}, {"projects", fills}}),
       viewer.user_id(), now});
  if (!run_row) return run_row.error();
  const std::int64_t run_id = (*run_row)->int64(0);
  for (const auto& result : outcome.applicants) {
    boost::json::array explanation;
    for (const auto& choice : result.choices) {
      explanation.push_back(boost::json::object{{"project_id", id_of(choice.project)},
                                                {"outcome", outcome_name(choice.outcome)}});
    }
    auto stored = transaction->execute(
        "INSERT INTO allocation_results (run_id, user_id, project_id, choice_rank, explanation) "
        "VALUES (?, ?, ?, ?, ?)",
        {run_id, id_of(result.id), result.project ? db::Value{id_of(*result.project)} : db::null(),
         std::int64_t{result.rank}, boost::json::serialize(explanation)});
    if (!stored) return stored.error();
  }
  for (const auto& project : outcome.projects) {
    for (std::size_t position = 0; position < project.waitlist.size(); ++position) {
      auto stored = transaction->execute(
          "INSERT INTO allocation_waitlists (run_id, project_id, position, user_id) VALUES (?, ?, "
          "?, ?)",
          {run_id, id_of(project.id), static_cast<std::int64_t>(position + 1),
           id_of(project.waitlist[position])});
      if (!stored) return stored.error();
    }
  }
  if (auto status =
          write_audit(*transaction, here->community.id, viewer.user_id(), "allocation.run", key,
                      {{"run_id", run_id},
                       {"mode", input.mode},
                       {"seed", seed},
                       {"cancel_under_minimum", input.cancel_under_minimum},
                       {"unassigned", outcome.summary.unassigned},
                       {"cohort_id", cohort->id}},
                      now);
      !status)
    return status.error();
  auto run = load_run(*transaction, run_id);
  if (!run) return run.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return run;
}

Result<std::optional<AllocationRun>> AcademyService::latest_run(const accounts::Viewer& viewer,
                                                                const std::string& slug,
                                                                const std::string& key) {
  auto here = managing(*this, viewer, slug);
  if (!here) return here.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto cohort = load_cohort(*reader, here->community.id, key);
  if (!cohort) return cohort.error();
  auto row = reader->query_one(
      "SELECT id FROM allocation_runs WHERE cohort_id = ? ORDER BY (published_at IS NULL), id "
      "DESC",
      {cohort->id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<AllocationRun>{};
  auto run = load_run(*reader, (*row)->int64(0));
  if (!run) return run.error();
  return std::optional<AllocationRun>(std::move(run.value()));
}

Status AcademyService::pin(const accounts::Viewer& viewer, const std::string& slug,
                           const std::string& key, std::int64_t user_id,
                           std::optional<std::int64_t> project_id, const std::string& reason) {
  auto here = managing(*this, viewer, slug);
  if (!here) return here.error();
  if (web::trim(reason).empty()) return Error::invalid("reason", "say why (it is audit logged)");
  if (web::utf8_length(reason) > kMaxCommentChars)
    return Error::invalid("reason", "reason must be at most 1000 characters");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto cohort = load_cohort(*transaction, here->community.id, key);
  if (!cohort) return cohort.error();
  if (!cohort->in_phase(Phase::kSelection, now))
    return Error::conflict("phase", "pins are made during the selection phase");
  auto applicant = transaction->query_one(
      "SELECT 1 FROM applications WHERE cohort_id = ? AND user_id = ? AND status = 'submitted'",
      {cohort->id, user_id});
  if (!applicant) return applicant.error();
  if (!applicant->has_value()) return Error::invalid("user_id", "this person has not applied");
  if (project_id) {
    auto project = transaction->query_one(
        "SELECT 1 FROM academy_projects WHERE id = ? AND cohort_id = ? AND status = 'approved'",
        {*project_id, cohort->id});
    if (!project) return project.error();
    if (!project->has_value())
      return Error::invalid("project_id", "choose an approved project of this cohort");
    auto saved = transaction->execute(
        "DELETE FROM allocation_pins WHERE cohort_id = ? AND user_id = ?", {cohort->id, user_id});
    if (!saved) return saved.error();
    auto inserted = transaction->execute(
        "INSERT INTO allocation_pins (cohort_id, user_id, project_id, reason, pinned_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        {cohort->id, user_id, *project_id, reason, viewer.user_id(), now});
    if (!inserted) return inserted.error();
  } else {
    auto removed = transaction->execute(
        "DELETE FROM allocation_pins WHERE cohort_id = ? AND user_id = ?", {cohort->id, user_id});
    if (!removed) return removed.error();
    if (removed.value() == 0) return Error::not_found("this person is not pinned");
  }
  if (auto status = write_audit(*transaction, here->community.id, viewer.user_id(),
                                project_id ? "allocation.pinned" : "allocation.unpinned",
                                std::to_string(user_id),
                                {{"cohort", key},
                                 {"project_id", project_id ? boost::json::value(*project_id)
                                                           : boost::json::value(nullptr)},
                                 {"reason", reason},
                                 {"cohort_id", cohort->id}},
                                now);
      !status)
    return status;
  return transaction->commit();
}

Status AcademyService::offer_seat(db::Transaction& transaction, const Cohort& cohort,
                                  std::int64_t project_id, std::int64_t user_id, std::int64_t now,
                                  const std::string& why) {
  const std::int64_t deadline = now + std::int64_t{cohort.seat_confirm_hours} * 3600;
  auto offered = transaction.execute(
      "INSERT INTO seat_offers (cohort_id, project_id, user_id, state, offered_at, deadline) "
      "VALUES (?, ?, ?, 'offered', ?, ?)",
      {cohort.id, project_id, user_id, now, deadline});
  if (!offered) return offered.error();
  auto who = transaction.query_one(
      "SELECT u.email, p.title FROM users u, academy_projects p WHERE u.id = ? AND p.id = ?",
      {user_id, project_id});
  if (!who) return who.error();
  boost::json::object payload{{"template", "academy.result_placed"},
                              {"cohort", cohort.name},
                              {"project", (*who)->text(1)},
                              {"confirm_by", format_utc_iso(deadline)},
                              {"why", why}};
  if (auto status = add_mail_fields(transaction, user_id, cohort.community_id,
                                    "/cohorts/" + cohort.key, payload);
      !status)
    return status;
  // The deadline as the community reads it (the UTC form stays for machines).
  payload["confirm_by_local"] = format_local(deadline, payload["time_zone"].as_string()) + " (" +
                                std::string(payload["time_zone"].as_string()) + ")";
  return outbox::enqueue(transaction,
                         {.kind = "email",
                          .target = (*who)->text(0),
                          .payload = std::move(payload),
                          .idempotency_key = "academy.offer:" + std::to_string(project_id) + ":" +
                                             std::to_string(user_id),
                          .community_id = cohort.community_id,
                          .cohort_id = cohort.id},
                         now);
}

Status AcademyService::settle_seats(db::Transaction& transaction, const Cohort& cohort,
                                    std::int64_t now) {
  auto expired = transaction.execute(
      "UPDATE seat_offers SET state = 'expired', responded_at = ? WHERE cohort_id = ? AND state = "
      "'offered' AND deadline <= ?",
      {now, cohort.id, now});
  if (!expired) return expired.error();
  const std::int64_t late_join_ends =
      cohort.window(Phase::kRunning).starts_at + std::int64_t{cohort.late_join_days} * 24 * 3600;
  if (now >= late_join_ends) return ok_status();
  auto run = transaction.query_one(
      "SELECT id FROM allocation_runs WHERE cohort_id = ? AND published_at IS NOT NULL",
      {cohort.id});
  if (!run) return run.error();
  if (!run->has_value()) return ok_status();
  const std::int64_t run_id = (*run)->int64(0);
  auto projects = transaction.query(
      "SELECT p.id, p.max_runners, (SELECT COUNT(*) FROM seat_offers s WHERE s.project_id = p.id "
      "AND s.state IN ('offered', 'confirmed')) FROM academy_projects p WHERE p.cohort_id = ? AND "
      "p.status = 'approved'",
      {cohort.id});
  if (!projects) return projects.error();
  for (const auto& project : *projects) {
    std::int64_t free_seats = project.int64(1) - project.int64(2);
    if (free_seats <= 0) continue;
    // The next on the waitlist who holds no seat anywhere in this cohort and
    // was never offered this one.
    auto next = transaction.query(
        "SELECT w.user_id FROM allocation_waitlists w WHERE w.run_id = ? AND w.project_id = ? AND "
        "NOT EXISTS (SELECT 1 FROM seat_offers s WHERE s.cohort_id = ? AND s.user_id = w.user_id "
        "AND (s.state IN ('offered', 'confirmed') OR s.project_id = w.project_id)) AND EXISTS "
        "(SELECT 1 FROM applications a WHERE a.cohort_id = ? AND a.user_id = w.user_id AND "
        "a.status = 'submitted') ORDER BY w.position LIMIT ?",
        {run_id, project.int64(0), cohort.id, cohort.id, free_seats});
    if (!next) return next.error();
    for (const auto& waiting : *next) {
      if (auto status =
              offer_seat(transaction, cohort, project.int64(0), waiting.int64(0), now, "waitlist");
          !status)
        return status;
    }
  }
  return ok_status();
}

Result<AllocationRun> AcademyService::publish(const accounts::Viewer& viewer,
                                              const std::string& slug, const std::string& key,
                                              std::int64_t run_id) {
  auto here = managing(*this, viewer, slug);
  if (!here) return here.error();
  const std::int64_t now = clock_.now_seconds();
  std::vector<std::int64_t> placed_users;
  Result<AllocationRun> result = Error::internal("not published");
  {  // The writer is released before growth stages change.
    auto transaction = database_.write();
    if (!transaction) return transaction.error();
    auto cohort = load_cohort(*transaction, here->community.id, key);
    if (!cohort) return cohort.error();
    if (!cohort->in_phase(Phase::kSelection, now))
      return Error::conflict("phase", "results are published during the selection phase");
    auto run = load_run(*transaction, run_id);
    if (!run) return run.error();
    auto owner =
        transaction->query_one("SELECT cohort_id FROM allocation_runs WHERE id = ?", {run_id});
    if (!owner) return owner.error();
    if ((*owner)->int64(0) != cohort->id) return Error::not_found("no such allocation run");
    auto already = transaction->query_one(
        "SELECT COUNT(*) FROM allocation_runs WHERE cohort_id = ? AND published_at IS NOT NULL",
        {cohort->id});
    if (!already) return already.error();
    if ((*already)->int64(0) > 0) return Error::conflict("run_id", "a result is published already");
    auto marked = transaction->execute("UPDATE allocation_runs SET published_at = ? WHERE id = ?",
                                       {now, run_id});
    if (!marked) return marked.error();
    std::map<std::int64_t, std::vector<Waitlisted>> waitlisted;
    for (const auto& project : run->projects) {
      for (std::size_t position = 0; position < project.waitlist.size(); ++position) {
        waitlisted[project.waitlist[position]].push_back(
            {project.project_id, project.title, static_cast<int>(position + 1)});
      }
    }
    for (const auto& placement : run->placements) {
      if (placement.project_id) {
        if (auto status = offer_seat(*transaction, cohort.value(), *placement.project_id,
                                     placement.user_id, now, "allocation");
            !status)
          return status.error();
        placed_users.push_back(placement.user_id);
      }
      auto email =
          transaction->query_one("SELECT email FROM users WHERE id = ?", {placement.user_id});
      if (!email) return email.error();
      boost::json::array explanation, positions;
      for (const auto& choice : placement.explanation) {
        explanation.push_back(
            boost::json::object{{"project", choice.project_title}, {"outcome", choice.outcome}});
      }
      for (const auto& entry : waitlisted[placement.user_id]) {
        positions.push_back(
            boost::json::object{{"project", entry.project_title}, {"position", entry.position}});
      }
      if (placement.project_id && positions.empty()) continue;  // the seat offer says it all
      const std::string kind = placement.project_id ? "academy.result_placed_waitlisted"
                               : positions.empty()  ? "academy.result_not_placed"
                                                    : "academy.result_waitlisted";
      boost::json::object payload{{"template", kind},
                                  {"cohort", cohort->name},
                                  {"waitlists", positions},
                                  {"explanation", explanation}};
      if (auto status = add_mail_fields(*transaction, placement.user_id, here->community.id,
                                        "/cohorts/" + key, payload);
          !status)
        return status.error();
      if (auto status =
              outbox::enqueue(*transaction,
                              {.kind = "email",
                               .target = (*email)->text(0),
                               .payload = std::move(payload),
                               .idempotency_key = "academy.result:" + std::to_string(run_id) + ":" +
                                                  std::to_string(placement.user_id),
                               .community_id = here->community.id,
                               .cohort_id = cohort->id},
                              now);
          !status)
        return status.error();
    }
    if (auto status =
            write_audit(*transaction, here->community.id, viewer.user_id(), "allocation.published",
                        key, {{"run_id", run_id}, {"cohort_id", cohort->id}}, now);
        !status)
      return status.error();
    result = load_run(*transaction, run_id);
    if (!result) return result.error();
    if (auto status = transaction->commit(); !status) return status.error();
  }
  return result;
}

Result<MyResult> AcademyService::my_result(const accounts::Viewer& viewer, const std::string& slug,
                                           const std::string& key) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  const std::int64_t now = clock_.now_seconds();
  // Settling may expire offers and promote the waitlist: a write.
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto cohort = load_cohort(*transaction, here->community.id, key);
  if (!cohort) return cohort.error();
  if (auto status = settle_seats(*transaction, cohort.value(), now); !status) return status.error();
  MyResult mine;
  auto run = transaction->query_one(
      "SELECT id FROM allocation_runs WHERE cohort_id = ? AND published_at IS NOT NULL",
      {cohort->id});
  if (!run) return run.error();
  if (run->has_value()) {
    mine.published = true;
    const std::int64_t run_id = (*run)->int64(0);
    auto loaded = load_run(*transaction, run_id);
    if (!loaded) return loaded.error();
    for (const auto& placement : loaded->placements) {
      if (placement.user_id != viewer.user_id()) continue;
      mine.rank = placement.rank;
      mine.explanation = placement.explanation;
    }
    auto offer = transaction->query_one(
        "SELECT s.project_id, p.title, s.state, s.deadline FROM seat_offers s JOIN "
        "academy_projects p ON p.id = s.project_id WHERE s.cohort_id = ? AND s.user_id = ? ORDER "
        "BY CASE s.state WHEN 'confirmed' THEN 0 WHEN 'offered' THEN 1 ELSE 2 END, s.offered_at "
        "DESC",
        {cohort->id, viewer.user_id()});
    if (!offer) return offer.error();
    if (offer->has_value()) {
      mine.project_id = (*offer)->int64(0);
      mine.project_title = (*offer)->text(1);
      mine.offer_state = (*offer)->text(2);
      mine.deadline = (*offer)->int64(3);
    }
    for (const auto& project : loaded->projects) {
      for (std::size_t position = 0; position < project.waitlist.size(); ++position) {
        if (project.waitlist[position] == viewer.user_id())
          mine.waitlisted.push_back(
              {project.project_id, project.title, static_cast<int>(position + 1)});
      }
    }
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return mine;
}

Result<MyResult> AcademyService::respond_to_offer(const accounts::Viewer& viewer,
                                                  const std::string& slug, const std::string& key,
                                                  bool confirm) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  const std::int64_t now = clock_.now_seconds();
  bool became_runner = false;
  {
    auto transaction = database_.write();
    if (!transaction) return transaction.error();
    auto cohort = load_cohort(*transaction, here->community.id, key);
    if (!cohort) return cohort.error();
    if (auto status = settle_seats(*transaction, cohort.value(), now); !status)
      return status.error();
    auto offer = transaction->query_one(
        "SELECT project_id FROM seat_offers WHERE cohort_id = ? AND user_id = ? AND state = "
        "'offered'",
        {cohort->id, viewer.user_id()});
    if (!offer) return offer.error();
    if (!offer->has_value()) return Error::not_found("you have no open seat offer to answer");
    const std::int64_t project_id = (*offer)->int64(0);
    auto answered = transaction->execute(
        "UPDATE seat_offers SET state = ?, responded_at = ? WHERE project_id = ? AND user_id = ?",
        {std::string(confirm ? "confirmed" : "declined"), now, project_id, viewer.user_id()});
    if (!answered) return answered.error();
    if (confirm) {
      auto seated = transaction->execute(
          "INSERT INTO project_runners (project_id, user_id, placed_at) VALUES (?, ?, ?)",
          {project_id, viewer.user_id(), now});
      if (!seated) return seated.error();
      became_runner = true;
    } else if (auto status = settle_seats(*transaction, cohort.value(), now); !status) {
      return status.error();  // the freed seat goes to the waitlist at once
    }
    if (auto status = transaction->commit(); !status) return status.error();
  }
  if (became_runner && here->standing.stage &&
      static_cast<int>(*here->standing.stage) < static_cast<int>(communities::Stage::kRunner)) {
    // Placed → runner, through the communities room, as the member's own step
    // recorded by the system (no organizer acted).
    if (auto status = communities_.raise_stage(here->community.id, viewer.user_id(),
                                               communities::Stage::kRunner, "러너: 좌석 확정");
        !status)
      return status.error();
  }
  return my_result(viewer, slug, key);
}

}  // namespace moim::academy
