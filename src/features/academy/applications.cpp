// Applications: ranked choices during recruiting (or any time for a lab),
// builders' reviews of their own applicants, co-runners, CSV export.
#include <map>
#include <set>

#include "features/academy/academy_service.hpp"
#include "features/academy/internal.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::academy {

using namespace internal;

namespace {

std::string scope_key(const Scope& scope, std::int64_t id) {
  return (scope.cohort_key ? "cohort:" : "lab:") + std::to_string(id);
}

struct StoredReview {
  std::string review;
  db::Value score;
  db::Value reviewed_by;
  db::Value reviewed_at;
};

constexpr const char* kApplicationColumns =
    "a.id, a.cohort_id, a.lab_id, a.user_id, u.display_name, u.email, a.answers, a.availability, "
    "a.status, a.revision, a.submitted_at, a.updated_at";

Application application_from_row(const db::Row& row) {
  Application application;
  application.id = row.int64(0);
  application.cohort_id = row.opt_int64(1);
  application.lab_id = row.opt_int64(2);
  application.user_id = row.int64(3);
  application.display_name = row.text(4);
  application.email = row.text(5);
  application.answers = from_json_list(row.text(6));
  application.availability = from_json_list(row.text(7));
  application.status = row.text(8);
  application.revision = static_cast<int>(row.int64(9));
  application.submitted_at = row.int64(10);
  application.updated_at = row.int64(11);
  return application;
}

Status load_choices(db::Transaction& reader, Application& application) {
  auto rows = reader.query(
      "SELECT c.choice_rank, c.project_id, p.title, p.questions, c.answers, c.review, c.score, "
      "(SELECT COUNT(*) FROM project_runners r WHERE r.project_id = c.project_id AND r.user_id = "
      "?) FROM application_choices c JOIN academy_projects p ON p.id = c.project_id WHERE "
      "c.application_id = ? ORDER BY c.choice_rank",
      {application.user_id, application.id});
  if (!rows) return rows.error();
  for (const auto& row : *rows) {
    Choice choice;
    choice.rank = static_cast<int>(row.int64(0));
    choice.project_id = row.int64(1);
    choice.project_title = row.text(2);
    choice.questions = from_json_list(row.text(3));
    choice.answers = from_json_list(row.text(4));
    choice.review = row.text(5);
    if (!row.is_null(6)) choice.score = static_cast<int>(row.int64(6));
    choice.placed = row.int64(7) > 0;
    application.choices.push_back(std::move(choice));
  }
  return ok_status();
}

// `about` names the project whose questions these are, so the person knows
// which of the folded project sections on the form still needs an answer.
Status check_answers(const std::vector<std::string>& answers,
                     const std::vector<std::string>& questions, const std::string& field,
                     const std::string& about = "") {
  const std::string of_what = about.empty() ? "" : " for \"" + about + "\"";
  if (auto status = check_texts(answers, field, kMaxQuestions, kMaxAnswerChars, true); !status)
    return status;
  if (answers.size() != questions.size()) {
    return Error::invalid(field, field + " must answer each of the " +
                                     std::to_string(questions.size()) + " questions" + of_what);
  }
  for (std::size_t idx = 0; idx < answers.size(); ++idx) {
    if (web::trim(answers[idx]).empty())
      return Error::invalid(field, "please answer question " + std::to_string(idx + 1) + of_what);
  }
  return ok_status();
}

}  // namespace

Result<Application> AcademyService::apply(const accounts::Viewer& viewer, const std::string& slug,
                                          const Scope& scope, const ApplicationInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.is_member()) return Error::forbidden("join the community to apply");
  if (input.availability.size() > kWeekdays.size() * kDayParts.size())
    return Error::invalid("availability", "too many availability slots");
  std::vector<std::string> availability;
  for (const auto& slot : input.availability) {
    if (!is_availability_slot(slot))
      return Error::invalid("availability", "availability slots look like mon_evening");
    if (std::find(availability.begin(), availability.end(), slot) == availability.end())
      availability.push_back(slot);
  }
  if (input.choices.empty()) return Error::invalid("choices", "choose at least one project");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();

  std::int64_t scope_id = 0;
  std::optional<std::int64_t> cohort_id, lab_id;
  std::string scope_name;
  if (scope.cohort_key) {
    auto cohort = load_cohort(*transaction, here->community.id, *scope.cohort_key);
    if (!cohort) return cohort.error();
    if (!cohort->in_phase(Phase::kRecruiting, now))
      return Error::conflict("phase", "applications are open only during recruiting");
    if (static_cast<int>(input.choices.size()) > cohort->max_choices) {
      return Error::invalid("choices",
                            "choose at most " + std::to_string(cohort->max_choices) + " projects");
    }
    if (auto status = check_answers(input.answers, cohort->questions, "answers"); !status)
      return status.error();
    scope_id = cohort->id;
    cohort_id = cohort->id;
    scope_name = cohort->name;
  } else if (scope.lab_id) {
    auto lab = load_project(*transaction, here->community.id, *scope.lab_id);
    if (!lab || !lab->is_lab() || lab->status != ProjectStatus::kApproved)
      return Error::not_found("no such lab");
    if (input.choices.size() != 1 || input.choices.front().project_id != lab->id)
      return Error::invalid("choices", "an application to a lab chooses that lab only");
    if (!input.answers.empty()) return Error::invalid("answers", "labs have no common questions");
    scope_id = lab->id;
    lab_id = lab->id;
    scope_name = lab->title;
  } else {
    return Error::invalid("cohort", "say which cohort or lab you apply to");
  }

  std::set<std::int64_t> seen;
  std::vector<Project> chosen;
  for (std::size_t idx = 0; idx < input.choices.size(); ++idx) {
    const ChoiceInput& choice = input.choices[idx];
    const std::string field = "choices[" + std::to_string(idx) + "]";
    if (!seen.insert(choice.project_id).second)
      return Error::invalid("choices", "each project may be chosen once");
    auto project = load_project(*transaction, here->community.id, choice.project_id);
    if (!project || project->status != ProjectStatus::kApproved || project->cohort_id != cohort_id)
      return Error::invalid("choices", "choice " + std::to_string(idx + 1) +
                                           " is not an open project of this cohort");
    if (std::any_of(project->builders.begin(), project->builders.end(),
                    [&](const Builder& b) { return b.user_id == viewer.user_id(); }))
      return Error::invalid("choices", "you cannot apply to a project you build");
    if (auto status =
            check_answers(choice.answers, project->questions, field + ".answers", project->title);
        !status)
      return status.error();
    chosen.push_back(std::move(project.value()));
  }

  const std::string key = scope_key(scope, scope_id);
  auto existing = transaction->query_one(
      "SELECT id, revision, status FROM applications WHERE scope = ? AND user_id = ?",
      {key, viewer.user_id()});
  if (!existing) return existing.error();
  std::int64_t application_id = 0;
  std::int64_t revision = 1;
  std::map<std::int64_t, StoredReview> reviews;
  if (existing->has_value()) {
    application_id = (*existing)->int64(0);
    revision = (*existing)->int64(1) + 1;
    // Builders' reviews of a project the applicant keeps choosing stay.
    auto kept = transaction->query(
        "SELECT project_id, review, score, reviewed_by, reviewed_at FROM application_choices "
        "WHERE application_id = ?",
        {application_id});
    if (!kept) return kept.error();
    for (const auto& row : *kept) {
      reviews[row.int64(0)] = {row.text(1), row.is_null(2) ? db::null() : db::Value{row.int64(2)},
                               row.is_null(3) ? db::null() : db::Value{row.int64(3)},
                               row.is_null(4) ? db::null() : db::Value{row.int64(4)}};
    }
    auto updated = transaction->execute(
        "UPDATE applications SET answers = ?, availability = ?, status = 'submitted', revision = "
        "?, updated_at = ? WHERE id = ?",
        {to_json_list(input.answers), to_json_list(availability), revision, now, application_id});
    if (!updated) return updated.error();
    if ((*existing)->text(2) == "submitted") {
      if (auto counted = count_applicant(*transaction, application_id, -1); !counted)
        return counted.error();
    }
    auto cleared = transaction->execute("DELETE FROM application_choices WHERE application_id = ?",
                                        {application_id});
    if (!cleared) return cleared.error();
  } else {
    auto inserted = transaction->query_one(
        "INSERT INTO applications (community_id, cohort_id, lab_id, scope, user_id, answers, "
        "availability, status, revision, submitted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "'submitted', 1, ?, ?) RETURNING id",
        {here->community.id, db::maybe(cohort_id), db::maybe(lab_id), key, viewer.user_id(),
         to_json_list(input.answers), to_json_list(availability), now, now});
    if (!inserted) return inserted.error();
    application_id = (*inserted)->int64(0);
  }
  for (std::size_t idx = 0; idx < input.choices.size(); ++idx) {
    const ChoiceInput& choice = input.choices[idx];
    StoredReview review{"pending", db::null(), db::null(), db::null()};
    if (auto found = reviews.find(choice.project_id); found != reviews.end())
      review = found->second;
    auto inserted = transaction->execute(
        "INSERT INTO application_choices (application_id, choice_rank, project_id, answers, "
        "review, score, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {application_id, static_cast<std::int64_t>(idx + 1), choice.project_id,
         to_json_list(choice.answers), review.review, review.score, review.reviewed_by,
         review.reviewed_at});
    if (!inserted) return inserted.error();
  }
  if (auto counted = count_applicant(*transaction, application_id, +1); !counted)
    return counted.error();
  boost::json::array titles;
  for (const auto& project : chosen) titles.emplace_back(project.title);
  boost::json::object payload{{"template", "academy.application_received"},
                              {"scope", scope_name},
                              {"choices", titles},
                              {"revision", revision}};
  if (auto status = add_mail_fields(*transaction, viewer.user_id(), here->community.id,
                                    scope.cohort_key ? "/cohorts/" + *scope.cohort_key
                                                     : "/projects/" + std::to_string(scope_id),
                                    payload);
      !status)
    return status.error();
  if (auto status = outbox::enqueue(
          *transaction,
          {.kind = "email",
           .target = viewer.user->email,
           .payload = std::move(payload),
           .idempotency_key = "academy.application:" + std::to_string(application_id) + ":" +
                              std::to_string(revision),
           .community_id = here->community.id,
           .cohort_id = cohort_id},
          now);
      !status)
    return status.error();
  auto row = transaction->query_one(std::string("SELECT ") + kApplicationColumns +
                                        " FROM applications a JOIN users u ON u.id = a.user_id "
                                        "WHERE a.id = ?",
                                    {application_id});
  if (!row) return row.error();
  Application result = application_from_row(**row);
  if (auto status = load_choices(*transaction, result); !status) return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return result;
}

Status AcademyService::withdraw(const accounts::Viewer& viewer, const std::string& slug,
                                const Scope& scope) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  std::int64_t scope_id = 0;
  if (scope.cohort_key) {
    auto cohort = load_cohort(*transaction, here->community.id, *scope.cohort_key);
    if (!cohort) return cohort.error();
    if (!cohort->in_phase(Phase::kRecruiting, now))
      return Error::conflict("phase", "applications can be withdrawn only until recruiting ends");
    scope_id = cohort->id;
  } else if (scope.lab_id) {
    scope_id = *scope.lab_id;
  } else {
    return Error::invalid("cohort", "say which cohort or lab");
  }
  auto changed = transaction->execute(
      "UPDATE applications SET status = 'withdrawn', updated_at = ? WHERE scope = ? AND user_id "
      "= ? AND community_id = ? AND status = 'submitted'",
      {now, scope_key(scope, scope_id), viewer.user_id(), here->community.id});
  if (!changed) return changed.error();
  if (changed.value() == 0) return Error::not_found("you have no application here to withdraw");
  auto withdrawn =
      transaction->query_one("SELECT id FROM applications WHERE scope = ? AND user_id = ?",
                             {scope_key(scope, scope_id), viewer.user_id()});
  if (!withdrawn) return withdrawn.error();
  if (auto counted = count_applicant(*transaction, (*withdrawn)->int64(0), -1); !counted)
    return counted.error();
  if (scope.lab_id) {
    auto freed =
        transaction->execute("DELETE FROM project_runners WHERE project_id = ? AND user_id = ?",
                             {*scope.lab_id, viewer.user_id()});
    if (!freed) return freed.error();
  }
  return transaction->commit();
}

Result<std::optional<Application>> AcademyService::my_application(const accounts::Viewer& viewer,
                                                                  const std::string& slug,
                                                                  const Scope& scope) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  std::int64_t scope_id = 0;
  if (scope.cohort_key) {
    auto cohort = load_cohort(*reader, here->community.id, *scope.cohort_key);
    if (!cohort) return cohort.error();
    scope_id = cohort->id;
  } else if (scope.lab_id) {
    scope_id = *scope.lab_id;
  } else {
    return Error::invalid("cohort", "say which cohort or lab");
  }
  auto row = reader->query_one(std::string("SELECT ") + kApplicationColumns +
                                   " FROM applications a JOIN users u ON u.id = a.user_id WHERE "
                                   "a.scope = ? AND a.user_id = ? AND a.community_id = ?",
                               {scope_key(scope, scope_id), viewer.user_id(), here->community.id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<Application>{};
  Application application = application_from_row(**row);
  if (auto status = load_choices(*reader, application); !status) return status.error();
  return std::optional<Application>(std::move(application));
}

Result<std::vector<Applicant>> AcademyService::applicants(const accounts::Viewer& viewer,
                                                          const std::string& slug,
                                                          std::int64_t project_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto project = load_project(*reader, here->community.id, project_id);
  if (!project) return project.error();
  auto builder = is_builder(*reader, project_id, viewer.user_id());
  if (!builder) return builder.error();
  if (!builder.value() && !here->standing.can_manage())
    return Error::forbidden("only this project's builders and organizers see its applicants");
  auto rows = reader->query(
      "SELECT a.id, a.user_id, u.display_name, u.email, c.choice_rank, a.answers, c.answers, "
      "a.availability, c.review, c.score, a.submitted_at, "
      "(SELECT COUNT(*) FROM project_co_runners cr WHERE cr.project_id = c.project_id AND "
      "cr.user_id = a.user_id) "
      "FROM application_choices c JOIN applications a ON a.id = c.application_id JOIN users u ON "
      "u.id = a.user_id WHERE c.project_id = ? AND a.status = 'submitted' "
      "ORDER BY CASE WHEN c.score IS NULL THEN 1 ELSE 0 END, c.score DESC, c.choice_rank, "
      "a.submitted_at, a.id",
      {project_id});
  if (!rows) return rows.error();
  std::vector<Applicant> list;
  for (const auto& row : *rows) {
    Applicant applicant;
    applicant.application_id = row.int64(0);
    applicant.user_id = row.int64(1);
    applicant.display_name = row.text(2);
    applicant.email = row.text(3);
    applicant.rank = static_cast<int>(row.int64(4));
    applicant.common_answers = from_json_list(row.text(5));
    applicant.answers = from_json_list(row.text(6));
    applicant.availability = from_json_list(row.text(7));
    applicant.review = row.text(8);
    if (!row.is_null(9)) applicant.score = static_cast<int>(row.int64(9));
    applicant.submitted_at = row.int64(10);
    applicant.co_runner = row.int64(11) > 0;
    list.push_back(std::move(applicant));
  }
  return list;
}

Result<Applicant> AcademyService::review_applicant(const accounts::Viewer& viewer,
                                                   const std::string& slug, std::int64_t project_id,
                                                   std::int64_t application_id,
                                                   const ReviewInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (input.review && !one_of(kReviews, *input.review))
    return Error::invalid("review", "review must be pending, accepted or declined");
  if (input.score && (*input.score < 0 || *input.score > 100))
    return Error::invalid("score", "score must be 0 to 100");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto project = load_project(*transaction, here->community.id, project_id);
  if (!project) return project.error();
  auto builder = is_builder(*transaction, project_id, viewer.user_id());
  if (!builder) return builder.error();
  if (!builder.value() && !here->standing.can_manage())
    return Error::forbidden("only this project's builders and organizers review its applicants");
  if (project->cohort_id) {
    auto cohort = load_cohort_by_id(*transaction, *project->cohort_id);
    if (!cohort) return cohort.error();
    const auto phase = cohort->current_phase(now);
    if (phase != Phase::kRecruiting && phase != Phase::kSelection)
      return Error::conflict("phase", "applicants are reviewed during recruiting and selection");
  }
  auto choice = transaction->query_one(
      "SELECT a.user_id, u.email, c.review FROM application_choices c JOIN applications a ON a.id "
      "= c.application_id JOIN users u ON u.id = a.user_id WHERE c.project_id = ? AND "
      "c.application_id = ? AND a.status = 'submitted'",
      {project_id, application_id});
  if (!choice) return choice.error();
  if (!choice->has_value()) return Error::not_found("no such applicant of this project");
  const std::int64_t applicant_id = (*choice)->int64(0);
  auto updated = transaction->execute(
      "UPDATE application_choices SET review = COALESCE(?, review), score = CASE WHEN ? = 1 THEN "
      "NULL ELSE COALESCE(?, score) END, reviewed_by = ?, reviewed_at = ? WHERE application_id = "
      "? AND project_id = ?",
      {db::maybe(input.review), std::int64_t{input.clear_score},
       input.score ? db::Value{std::int64_t{*input.score}} : db::null(), viewer.user_id(), now,
       application_id, project_id});
  if (!updated) return updated.error();
  if (project->is_lab() && input.review) {
    // A lab has no selection: accepting places the person, within capacity.
    if (*input.review == "accepted") {
      auto seated = transaction->query_one(
          "SELECT COUNT(*), SUM(CASE WHEN user_id = ? THEN 1 ELSE 0 END) FROM project_runners "
          "WHERE project_id = ?",
          {applicant_id, project_id});
      if (!seated) return seated.error();
      const bool already = !(*seated)->is_null(1) && (*seated)->int64(1) > 0;
      if (!already) {
        if ((*seated)->int64(0) >= project->max_runners)
          return Error::conflict("review", "the lab is full (max_runners reached)");
        auto placed = transaction->execute(
            "INSERT INTO project_runners (project_id, user_id, placed_at) VALUES (?, ?, ?)",
            {project_id, applicant_id, now});
        if (!placed) return placed.error();
        boost::json::object payload{{"template", "academy.lab_placed"},
                                    {"project_id", project_id},
                                    {"project", project->title}};
        if (auto status = add_mail_fields(*transaction, applicant_id, here->community.id,
                                          "/projects/" + std::to_string(project_id), payload);
            !status)
          return status.error();
        if (auto status = outbox::enqueue(
                *transaction,
                {.kind = "email",
                 .target = (*choice)->text(1),
                 .payload = std::move(payload),
                 .idempotency_key = "academy.lab_placed:" + std::to_string(project_id) + ":" +
                                    std::to_string(applicant_id) + ":" + std::to_string(now),
                 .community_id = here->community.id},
                now);
            !status)
          return status.error();
      }
    } else {
      auto freed =
          transaction->execute("DELETE FROM project_runners WHERE project_id = ? AND user_id = ?",
                               {project_id, applicant_id});
      if (!freed) return freed.error();
    }
  }
  if (auto status = write_project_audit(
          *transaction, here->community.id, viewer.user_id(), "application.reviewed", project_id,
          std::to_string(application_id),
          {{"review", input.review.value_or("")},
           {"score", input.score ? boost::json::value(*input.score) : boost::json::value(nullptr)}},
          now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  auto list = applicants(viewer, slug, project_id);
  if (!list) return list.error();
  for (auto& applicant : list.value()) {
    if (applicant.application_id == application_id) return std::move(applicant);
  }
  return Error::not_found("no such applicant of this project");
}

Result<std::vector<std::int64_t>> AcademyService::set_co_runners(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t project_id,
    const std::vector<std::int64_t>& user_ids) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (user_ids.size() > kMaxCoRunners)
    return Error::invalid("user_ids", "at most " + std::to_string(kMaxCoRunners) + " co-runners");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto project = load_project(*transaction, here->community.id, project_id);
  if (!project) return project.error();
  auto builder = is_builder(*transaction, project_id, viewer.user_id());
  if (!builder) return builder.error();
  if (!builder.value() && !here->standing.can_manage())
    return Error::forbidden("only this project's builders and organizers name co-runners");
  if (static_cast<int>(user_ids.size()) > project->max_runners)
    return Error::invalid("user_ids", "more co-runners than seats");
  std::vector<std::int64_t> unique;
  for (std::int64_t user_id : user_ids) {
    if (std::find(unique.begin(), unique.end(), user_id) != unique.end()) continue;
    auto member =
        transaction->query_one("SELECT 1 FROM memberships WHERE community_id = ? AND user_id = ?",
                               {here->community.id, user_id});
    if (!member) return member.error();
    if (!member->has_value())
      return Error::invalid("user_ids", "co-runners must be members of this community");
    unique.push_back(user_id);
  }
  auto cleared =
      transaction->execute("DELETE FROM project_co_runners WHERE project_id = ?", {project_id});
  if (!cleared) return cleared.error();
  for (std::int64_t user_id : unique) {
    auto inserted = transaction->execute(
        "INSERT INTO project_co_runners (project_id, user_id, added_by, added_at) VALUES (?, ?, "
        "?, ?)",
        {project_id, user_id, viewer.user_id(), now});
    if (!inserted) return inserted.error();
  }
  boost::json::array ids;
  for (std::int64_t user_id : unique) ids.emplace_back(user_id);
  if (auto status = write_project_audit(*transaction, here->community.id, viewer.user_id(),
                                        "project.co_runners", project_id,
                                        std::to_string(project_id), {{"user_ids", ids}}, now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return unique;
}

Result<std::vector<Application>> AcademyService::applications(const accounts::Viewer& viewer,
                                                              const std::string& slug,
                                                              const std::string& key) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.can_manage())
    return Error::forbidden("only this community's organizers see every application");
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto cohort = load_cohort(*reader, here->community.id, key);
  if (!cohort) return cohort.error();
  auto rows = reader->query(std::string("SELECT ") + kApplicationColumns +
                                " FROM applications a JOIN users u ON u.id = a.user_id WHERE "
                                "a.cohort_id = ? ORDER BY a.submitted_at, a.id",
                            {cohort->id});
  if (!rows) return rows.error();
  std::vector<Application> list;
  for (const auto& row : *rows) {
    Application application = application_from_row(row);
    if (auto status = load_choices(*reader, application); !status) return status.error();
    list.push_back(std::move(application));
  }
  return list;
}

Result<std::string> AcademyService::applications_csv(const accounts::Viewer& viewer,
                                                     const std::string& slug,
                                                     const std::string& key,
                                                     std::optional<std::int64_t> project_id) {
  std::string csv = "\xEF\xBB\xBF";  // BOM: Excel then reads UTF-8
  csv +=
      "name,email,status,choice_rank,project,review,score,submitted_at,availability,answers,"
      "project_answers\r\n";
  auto join_cells = [](const std::vector<std::string>& items, const char* separator) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
    return text;
  };
  if (project_id) {
    auto project = this->project(viewer, slug, *project_id);
    if (!project) return project.error();
    auto cohort = this->cohort(slug, key);
    if (!cohort) return cohort.error();
    if (project->cohort_id != cohort->id) return Error::not_found("no such project in this cohort");
    auto list = applicants(viewer, slug, *project_id);
    if (!list) return list.error();
    for (const auto& applicant : list.value()) {
      csv += csv_cell(applicant.display_name) + "," + csv_cell(applicant.email) + ",submitted," +
             std::to_string(applicant.rank) + "," + csv_cell(project->title) + "," +
             applicant.review + "," + (applicant.score ? std::to_string(*applicant.score) : "") +
             "," + format_utc_iso(applicant.submitted_at) + "," +
             csv_cell(join_cells(applicant.availability, ";")) + "," +
             csv_cell(join_cells(applicant.common_answers, "\n---\n")) + "," +
             csv_cell(join_cells(applicant.answers, "\n---\n")) + "\r\n";
    }
    return csv;
  }
  auto list = applications(viewer, slug, key);
  if (!list) return list.error();
  for (const auto& application : list.value()) {
    for (const auto& choice : application.choices) {
      csv += csv_cell(application.display_name) + "," + csv_cell(application.email) + "," +
             application.status + "," + std::to_string(choice.rank) + "," +
             csv_cell(choice.project_title) + "," + choice.review + "," +
             (choice.score ? std::to_string(*choice.score) : "") + "," +
             format_utc_iso(application.submitted_at) + "," +
             csv_cell(join_cells(application.availability, ";")) + "," +
             csv_cell(join_cells(application.answers, "\n---\n")) + "," +
             csv_cell(join_cells(choice.answers, "\n---\n")) + "\r\n";
    }
  }
  return csv;
}

}  // namespace moim::academy
