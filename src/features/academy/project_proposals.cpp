// Projects proposed and built: proposals (with co-builder invitations),
// builders' edits, the organizers' review, promoting and inviting builders.
#include <algorithm>

#include "features/academy/academy_service.hpp"
#include "features/academy/internal.hpp"
#include "features/accounts/contacts.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::academy {

using namespace internal;

namespace {

bool is_date(const std::string& text) {
  // YYYY-MM-DD of a real day: parse_local checks the calendar for us.
  return text.size() == 10 && parse_local(text + "T00:00", "UTC").has_value();
}

bool is_clock_time(const std::string& text) {
  return text.size() == 5 && parse_local("2026-01-01T" + text, "UTC").has_value();
}

// A cohort's project runs within the cohort's running phase (issue #12: the
// certificates print the project's period, and a 2027 period on a cohort that
// ran in 2025 is wrong). Dates are days in the project's own time zone.
Status check_within_running(const Cohort& cohort, const std::string& starts_on,
                            const std::string& ends_on, const std::string& zone) {
  const PhaseWindow& running = cohort.window(Phase::kRunning);
  const std::string first = format_local(running.starts_at, zone, "%Y-%m-%d");
  const std::string last = format_local(running.ends_at - 1, zone, "%Y-%m-%d");
  for (const auto& [name, day] :
       {std::pair<std::string, const std::string&>{"starts_on", starts_on},
        std::pair<std::string, const std::string&>{"ends_on", ends_on}}) {
    if (day < first || day > last) {
      return Error::invalid(name, name + " must be within the cohort's running phase (" + first +
                                      " to " + last + ")");
    }
  }
  return ok_status();
}

// Checks each given field; `creating` also requires the mandatory ones.
Status check_project_input(const ProjectInput& input, bool creating) {
  if (creating) {
    const std::pair<bool, const char*> required[] = {
        {input.title.has_value(), "title"},
        {input.kind.has_value(), "kind"},
        {input.level.has_value(), "level"},
        {input.language.has_value(), "language"},
        {input.mode.has_value(), "mode"},
        {input.weekday.has_value(), "weekday"},
        {input.start_time.has_value(), "start_time"},
        {input.duration_minutes.has_value(), "duration_minutes"},
        {input.starts_on.has_value(), "starts_on"},
        {input.ends_on.has_value(), "ends_on"},
        {input.min_runners.has_value(), "min_runners"},
        {input.max_runners.has_value(), "max_runners"}};
    for (const auto& [present, name] : required) {
      if (!present) return Error::invalid(name, std::string(name) + " is required");
    }
  }
  if (input.title && (input.title->empty() || web::utf8_length(*input.title) > kMaxTitleChars))
    return Error::invalid("title", "title must be 1 to 100 characters");
  if (input.summary && web::utf8_length(*input.summary) > kMaxSummaryChars)
    return Error::invalid("summary", "summary must be at most 300 characters");
  if (input.description && web::utf8_length(*input.description) > kMaxMarkdownChars)
    return Error::invalid("description", "description must be at most 20000 characters");
  if (input.kind && !one_of(kKinds, *input.kind))
    return Error::invalid("kind", "kind must be one of " + joined(kKinds));
  if (input.level && !one_of(kLevels, *input.level))
    return Error::invalid("level", "level must be one of " + joined(kLevels));
  if (input.language && !one_of(kLanguages, *input.language))
    return Error::invalid("language", "language must be one of " + joined(kLanguages));
  if (input.mode && !one_of(kModes, *input.mode))
    return Error::invalid("mode", "mode must be online or offline");
  if (input.place && web::utf8_length(*input.place) > kMaxPlaceChars)
    return Error::invalid("place", "place must be at most 200 characters");
  if (input.mode == "offline" && (!input.place || input.place->empty()))
    return Error::invalid("place", "an offline project needs a place");
  if (input.weekday && (*input.weekday < 0 || *input.weekday > 6))
    return Error::invalid("weekday", "weekday must be 0 (Monday) to 6 (Sunday)");
  if (input.start_time && !is_clock_time(*input.start_time))
    return Error::invalid("start_time", "start_time must be HH:MM, e.g. 20:00");
  if (input.duration_minutes && (*input.duration_minutes < 15 || *input.duration_minutes > 480))
    return Error::invalid("duration_minutes", "duration_minutes must be 15 to 480");
  if (input.time_zone && !is_valid_time_zone(*input.time_zone))
    return Error::invalid("time_zone", "time_zone must be an IANA zone such as Asia/Seoul");
  if (input.starts_on && !is_date(*input.starts_on))
    return Error::invalid("starts_on", "starts_on must be a date YYYY-MM-DD");
  if (input.ends_on && !is_date(*input.ends_on))
    return Error::invalid("ends_on", "ends_on must be a date YYYY-MM-DD");
  if (input.starts_on && input.ends_on && *input.ends_on < *input.starts_on)
    return Error::invalid("ends_on", "ends_on must not be before starts_on");
  if (input.min_runners && (*input.min_runners < 0 || *input.min_runners > kMaxCapacity))
    return Error::invalid("min_runners", "min_runners must be 0 to 500");
  if (input.max_runners && (*input.max_runners < 1 || *input.max_runners > kMaxCapacity))
    return Error::invalid("max_runners", "max_runners must be 1 to 500");
  if (input.min_runners && input.max_runners && *input.min_runners > *input.max_runners)
    return Error::invalid("max_runners", "max_runners must be at least min_runners");
  if (input.tags) {
    if (auto status = check_texts(*input.tags, "tags", kMaxTags, kMaxTagChars, false); !status)
      return status;
  }
  if (input.questions) {
    if (auto status =
            check_texts(*input.questions, "questions", kMaxQuestions, kMaxQuestionChars, false);
        !status)
      return status;
  }
  if (input.co_builders.size() > 5) return Error::invalid("co_builders", "at most 5 co-builders");
  return ok_status();
}

Status insert_tags(db::Transaction& transaction, std::int64_t project_id,
                   const std::vector<std::string>& tags) {
  std::vector<std::string> unique;
  for (const auto& tag : tags) {
    if (std::find(unique.begin(), unique.end(), tag) == unique.end()) unique.push_back(tag);
  }
  for (const auto& tag : unique) {
    auto inserted = transaction.execute("INSERT INTO project_tags (project_id, tag) VALUES (?, ?)",
                                        {project_id, tag});
    if (!inserted) return inserted.error();
  }
  return ok_status();
}

Result<bool> is_member(db::Transaction& transaction, std::int64_t community_id,
                       std::int64_t user_id) {
  auto row = transaction.query_one(
      "SELECT 1 FROM memberships WHERE community_id = ? AND user_id = ?", {community_id, user_id});
  if (!row) return row.error();
  return row->has_value();
}

Status invite(db::Transaction& transaction, const Project& project, std::int64_t community_id,
              std::int64_t inviter, std::int64_t user_id, std::int64_t now) {
  auto member = is_member(transaction, community_id, user_id);
  if (!member) return member.error();
  if (!member.value())
    return Error::invalid("co_builders", "co-builders must be members of this community");
  auto inserted = transaction.execute(
      "INSERT INTO project_builders (project_id, user_id, role, invited_by, invited_at) VALUES "
      "(?, ?, 'co', ?, ?)",
      {project.id, user_id, inviter, now});
  if (!inserted) {
    if (inserted.error().code == db::kUniqueViolation)
      return Error::conflict("user_id", "this person is already a builder or invited");
    return inserted.error();
  }
  auto invited = accounts::contact(transaction, user_id);
  if (!invited) return invited.error();
  if (!invited->has_value()) return Error::not_found("no such person");
  auto inviter_contact = accounts::contact(transaction, inviter);
  if (!inviter_contact) return inviter_contact.error();
  boost::json::object payload{
      {"template", "academy.builder_invitation"},
      {"project_id", project.id},
      {"project", project.title},
      {"inviter", inviter_contact->has_value() ? (*inviter_contact)->display_name : std::string()}};
  if (auto status = add_mail_fields(transaction, user_id, community_id,
                                    "/projects/" + std::to_string(project.id), payload);
      !status)
    return status;
  return outbox::enqueue(transaction,
                         {.kind = "email",
                          .target = (*invited)->email,
                          .payload = std::move(payload),
                          .idempotency_key = "academy.invite:" + std::to_string(project.id) + ":" +
                                             std::to_string(user_id),
                          .community_id = community_id,
                          .cohort_id = project.cohort_id},
                         now);
}

}  // namespace

Result<Project> AcademyService::propose(const accounts::Viewer& viewer, const std::string& slug,
                                        const Scope& scope, const ProjectInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.is_member())
    return Error::forbidden("join the community to propose a project");
  if (auto status = check_project_input(input, true); !status) return status.error();
  if (scope.lab_id) return Error::invalid("cohort", "a project belongs to a cohort or is a lab");
  if (!scope.cohort_key && input.kind != "lab")
    return Error::invalid("kind", "only labs run year-round outside a cohort");
  for (std::int64_t user_id : input.co_builders) {
    if (user_id == viewer.user_id())
      return Error::invalid("co_builders", "you lead the project already");
  }
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  std::optional<std::int64_t> cohort_id;
  if (scope.cohort_key) {
    auto cohort = load_cohort(*transaction, here->community.id, *scope.cohort_key);
    if (!cohort) return cohort.error();
    if (!cohort->in_phase(Phase::kProposals, now))
      return Error::conflict("phase", "proposals are open only during the proposals phase");
    if (auto within = check_within_running(cohort.value(), *input.starts_on, *input.ends_on,
                                           input.time_zone.value_or(here->community.time_zone));
        !within)
      return within.error();
    cohort_id = cohort->id;
  }
  auto row = transaction->query_one(
      "INSERT INTO academy_projects (community_id, cohort_id, title, summary, description, kind, "
      "level, language, mode, place, weekday, start_time, duration_minutes, time_zone, starts_on, "
      "ends_on, min_runners, max_runners, auditors_welcome, questions, status, proposed_by, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "'proposed', ?, ?, ?) RETURNING id",
      {here->community.id,
       db::maybe(cohort_id),
       *input.title,
       input.summary.value_or(""),
       input.description.value_or(""),
       *input.kind,
       *input.level,
       *input.language,
       *input.mode,
       input.mode == "offline" ? input.place.value_or("") : std::string(),
       std::int64_t{*input.weekday},
       *input.start_time,
       std::int64_t{*input.duration_minutes},
       input.time_zone.value_or(here->community.time_zone),
       *input.starts_on,
       *input.ends_on,
       std::int64_t{*input.min_runners},
       std::int64_t{*input.max_runners},
       std::int64_t{input.auditors_welcome.value_or(false)},
       to_json_list(input.questions.value_or(std::vector<std::string>{})),
       viewer.user_id(),
       now,
       now});
  if (!row) return row.error();
  const std::int64_t project_id = (*row)->int64(0);
  auto lead = transaction->execute(
      "INSERT INTO project_builders (project_id, user_id, role, invited_by, invited_at, "
      "accepted_at) VALUES (?, ?, 'lead', ?, ?, ?)",
      {project_id, viewer.user_id(), viewer.user_id(), now, now});
  if (!lead) return lead.error();
  if (auto status =
          insert_tags(*transaction, project_id, input.tags.value_or(std::vector<std::string>{}));
      !status)
    return status.error();
  Project created;
  created.id = project_id;
  created.title = *input.title;
  for (std::int64_t user_id : input.co_builders) {
    if (auto status =
            invite(*transaction, created, here->community.id, viewer.user_id(), user_id, now);
        !status)
      return status.error();
  }
  if (auto status = write_project_audit(*transaction, here->community.id, viewer.user_id(),
                                        "project.proposed", project_id, std::to_string(project_id),
                                        {{"title", *input.title}}, now);
      !status)
    return status.error();
  auto result = load_project(*transaction, here->community.id, project_id);
  if (!result) return result.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return result;
}

Result<Project> AcademyService::update_project(const accounts::Viewer& viewer,
                                               const std::string& slug, std::int64_t project_id,
                                               const ProjectInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (auto status = check_project_input(input, false); !status) return status.error();
  if (!input.co_builders.empty())
    return Error::invalid("co_builders", "invite co-builders one by one");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto existing = load_project(*transaction, here->community.id, project_id);
  if (!existing) return existing.error();
  auto builder = is_builder(*transaction, project_id, viewer.user_id());
  if (!builder) return builder.error();
  if (!builder.value() && !here->standing.can_manage())
    return Error::forbidden("only the project's builders and organizers can edit it");
  if (existing->status == ProjectStatus::kDeclined)
    return Error::conflict("status", "a declined project cannot be edited");
  // Re-check what spans several fields against the stored values.
  ProjectInput merged = input;
  if (!merged.mode) merged.mode = existing->mode;
  if (!merged.place) merged.place = existing->place;
  if (!merged.starts_on) merged.starts_on = existing->starts_on;
  if (!merged.ends_on) merged.ends_on = existing->ends_on;
  if (!merged.min_runners) merged.min_runners = existing->min_runners;
  if (!merged.max_runners) merged.max_runners = existing->max_runners;
  if (auto status = check_project_input(merged, false); !status) return status.error();
  if (*merged.max_runners < existing->runners)
    return Error::invalid("max_runners", "max_runners cannot go below the runners already placed");
  if (input.kind && existing->is_lab() && *input.kind != "lab")
    return Error::invalid("kind", "only labs run year-round outside a cohort");
  if (existing->cohort_id && (input.starts_on || input.ends_on || input.time_zone)) {
    auto cohort = load_cohort_by_id(*transaction, *existing->cohort_id);
    if (!cohort) return cohort.error();
    if (auto within = check_within_running(cohort.value(), *merged.starts_on, *merged.ends_on,
                                           input.time_zone.value_or(existing->time_zone));
        !within)
      return within.error();
  }
  const std::string next_status = existing->status == ProjectStatus::kChangesRequested
                                      ? "proposed"
                                      : std::string(status_name(existing->status));
  auto opt_int = [](const std::optional<int>& value) {
    return value ? db::Value{std::int64_t{*value}} : db::null();
  };
  auto updated = transaction->execute(
      "UPDATE academy_projects SET title = COALESCE(?, title), summary = COALESCE(?, summary), "
      "description = COALESCE(?, description), kind = COALESCE(?, kind), level = COALESCE(?, "
      "level), language = COALESCE(?, language), mode = ?, place = ?, weekday = COALESCE(?, "
      "weekday), start_time = COALESCE(?, start_time), duration_minutes = COALESCE(?, "
      "duration_minutes), time_zone = COALESCE(?, time_zone), starts_on = ?, ends_on = ?, "
      "min_runners = ?, max_runners = ?, auditors_welcome = COALESCE(?, auditors_welcome), "
      "questions = COALESCE(?, questions), status = ?, updated_at = ? WHERE id = ?",
      {db::maybe(input.title),
       db::maybe(input.summary),
       db::maybe(input.description),
       db::maybe(input.kind),
       db::maybe(input.level),
       db::maybe(input.language),
       *merged.mode,
       *merged.mode == "offline" ? *merged.place : std::string(),
       opt_int(input.weekday),
       db::maybe(input.start_time),
       opt_int(input.duration_minutes),
       db::maybe(input.time_zone),
       *merged.starts_on,
       *merged.ends_on,
       std::int64_t{*merged.min_runners},
       std::int64_t{*merged.max_runners},
       input.auditors_welcome ? db::Value{std::int64_t{*input.auditors_welcome}} : db::null(),
       input.questions ? db::Value{to_json_list(*input.questions)} : db::null(),
       next_status,
       now,
       project_id});
  if (!updated) return updated.error();
  if (input.tags) {
    auto cleared =
        transaction->execute("DELETE FROM project_tags WHERE project_id = ?", {project_id});
    if (!cleared) return cleared.error();
    if (auto status = insert_tags(*transaction, project_id, *input.tags); !status)
      return status.error();
  }
  if (auto status =
          write_project_audit(*transaction, here->community.id, viewer.user_id(), "project.updated",
                              project_id, std::to_string(project_id), {}, now);
      !status)
    return status.error();
  auto result = load_project(*transaction, here->community.id, project_id);
  if (!result) return result.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return result;
}

Result<Project> AcademyService::review_project(const accounts::Viewer& viewer,
                                               const std::string& slug, std::int64_t project_id,
                                               Decision decision, const std::string& comment) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.can_manage())
    return Error::forbidden("only this community's organizers review proposals");
  if (web::utf8_length(comment) > kMaxCommentChars)
    return Error::invalid("comment", "comment must be at most 1000 characters");
  if (decision == Decision::kRequestChanges && web::trim(comment).empty())
    return Error::invalid("comment", "say which changes you ask for");
  const std::int64_t now = clock_.now_seconds();
  Result<Project> result = Error::internal("review not stored");
  {  // The transaction (and SQLite's one writer) is released before promotions.
    auto transaction = database_.write();
    if (!transaction) return transaction.error();
    auto existing = load_project(*transaction, here->community.id, project_id);
    if (!existing) return existing.error();
    if (existing->status == ProjectStatus::kDeclined ||
        (existing->status == ProjectStatus::kApproved && decision == Decision::kApprove))
      return Error::conflict(
          "status", "this project was already " + std::string(status_name(existing->status)));
    const std::string next = decision == Decision::kApprove          ? "approved"
                             : decision == Decision::kRequestChanges ? "changes_requested"
                                                                     : "declined";
    auto updated = transaction->execute(
        "UPDATE academy_projects SET status = ?, review_comment = ?, updated_at = ? WHERE id = ?",
        {next, comment, now, project_id});
    if (!updated) return updated.error();
    auto lead = transaction->query_one(
        "SELECT user_id FROM project_builders WHERE project_id = ? AND role = 'lead'",
        {project_id});
    if (!lead) return lead.error();
    // The lead's address from accounts, which owns people's rows.
    std::optional<accounts::Contact> lead_contact;
    if (lead->has_value()) {
      auto found = accounts::contact(*transaction, (*lead)->int64(0));
      if (!found) return found.error();
      lead_contact = found.value();
    }
    if (lead_contact) {
      boost::json::object payload{{"template", "academy.proposal_" + next},
                                  {"project_id", project_id},
                                  {"project", existing->title},
                                  {"comment", comment}};
      if (auto status = add_mail_fields(*transaction, (*lead)->int64(0), here->community.id,
                                        "/projects/" + std::to_string(project_id), payload);
          !status)
        return status.error();
      if (auto status =
              outbox::enqueue(*transaction,
                              {.kind = "email",
                               .target = lead_contact->email,
                               .payload = std::move(payload),
                               .idempotency_key = "academy.review:" + std::to_string(project_id) +
                                                  ":" + next + ":" + std::to_string(now),
                               .community_id = here->community.id,
                               .cohort_id = existing->cohort_id},
                              now);
          !status)
        return status.error();
    }
    if (auto status = write_project_audit(*transaction, here->community.id, viewer.user_id(),
                                          "project." + next, project_id, std::to_string(project_id),
                                          {{"comment", comment}}, now);
        !status)
      return status.error();
    result = load_project(*transaction, here->community.id, project_id);
    if (!result) return result.error();
    if (auto status = transaction->commit(); !status) return status.error();
  }
  if (decision == Decision::kApprove) {
    // Builders climb the growth ladder through the communities room; its
    // own transaction, after the approval is safely stored.
    if (auto status = promote_builders(viewer, slug, result.value()); !status)
      return status.error();
  }
  return result;
}

Status AcademyService::promote_builders(const accounts::Viewer& organizer, const std::string& slug,
                                        const Project& project) {
  for (const auto& builder : project.builders) {
    if (!builder.accepted) continue;
    auto member = communities_.member(organizer, slug, builder.user_id);
    if (!member) continue;  // left the community meanwhile
    if (static_cast<int>(member->stage) >= static_cast<int>(communities::Stage::kBuilder)) continue;
    auto changed = communities_.change_stage(
        organizer, slug, builder.user_id, communities::Stage::kBuilder, "빌더: " + project.title);
    if (!changed) return changed.error();
  }
  return ok_status();
}

Result<Project> AcademyService::invite_builder(const accounts::Viewer& viewer,
                                               const std::string& slug, std::int64_t project_id,
                                               std::int64_t user_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto existing = load_project(*transaction, here->community.id, project_id);
  if (!existing) return existing.error();
  auto builder = is_builder(*transaction, project_id, viewer.user_id());
  if (!builder) return builder.error();
  if (!builder.value() && !here->standing.can_manage())
    return Error::forbidden("only the project's builders can invite co-builders");
  if (existing->builders.size() >= 6) return Error::invalid("user_id", "at most 6 builders");
  if (auto status = invite(*transaction, existing.value(), here->community.id, viewer.user_id(),
                           user_id, now);
      !status) {
    if (status.error().field == "co_builders")
      return Error::invalid("user_id", status.error().message);
    return status.error();
  }
  auto result = load_project(*transaction, here->community.id, project_id);
  if (!result) return result.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return result;
}

Result<Project> AcademyService::accept_invitation(const accounts::Viewer& viewer,
                                                  const std::string& slug,
                                                  std::int64_t project_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto changed = transaction->execute(
      "UPDATE project_builders SET accepted_at = ? WHERE project_id = ? AND user_id = ? AND "
      "accepted_at IS NULL AND project_id IN (SELECT id FROM academy_projects WHERE community_id "
      "= ?)",
      {now, project_id, viewer.user_id(), here->community.id});
  if (!changed) return changed.error();
  if (changed.value() == 0) return Error::not_found("no open invitation to this project");
  if (auto status = write_project_audit(*transaction, here->community.id, viewer.user_id(),
                                        "project.builder_joined", project_id,
                                        std::to_string(project_id), {}, now);
      !status)
    return status.error();
  auto result = load_project(*transaction, here->community.id, project_id);
  if (!result) return result.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return result;
}

}  // namespace moim::academy
