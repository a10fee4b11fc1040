// Projects: reading them (the catalog with its filters, year-round labs,
// one's own projects) and auditing (청강). Proposing, editing, reviewing and
// builder invitations are in project_proposals.cpp.
#include <map>

#include "features/academy/academy_service.hpp"
#include "features/academy/internal.hpp"
#include "platform/web/input.hpp"
#include "platform/web/markdown.hpp"

namespace moim::academy {

using namespace internal;

namespace {

constexpr std::string_view kStatusNames[] = {"proposed", "changes_requested", "approved",
                                             "declined"};
constexpr const char* kProjectColumns =
    "p.id, p.community_id, p.cohort_id, p.title, p.summary, p.description, p.kind, p.level, "
    "p.language, p.mode, p.place, p.weekday, p.start_time, p.duration_minutes, p.time_zone, "
    "p.starts_on, p.ends_on, p.min_runners, p.max_runners, p.auditors_welcome, p.questions, "
    "p.status, p.review_comment, p.created_at, "
    "(SELECT COUNT(*) FROM project_runners r WHERE r.project_id = p.id), "
    "(SELECT COUNT(*) FROM project_auditors au WHERE au.project_id = p.id), "
    "p.applicants_count, "
    "(SELECT COUNT(*) FROM seat_offers so WHERE so.project_id = p.id AND so.state = 'offered')";

Project project_from_row(const db::Row& row) {
  Project project;
  project.id = row.int64(0);
  project.community_id = row.int64(1);
  project.cohort_id = row.opt_int64(2);
  project.title = row.text(3);
  project.summary = row.text(4);
  project.description = row.text(5);
  project.description_html = web::render_markdown(project.description);
  project.kind = row.text(6);
  project.level = row.text(7);
  project.language = row.text(8);
  project.mode = row.text(9);
  project.place = row.text(10);
  project.weekday = static_cast<int>(row.int64(11));
  project.start_time = row.text(12);
  project.duration_minutes = static_cast<int>(row.int64(13));
  project.time_zone = row.text(14);
  project.starts_on = row.text(15);
  project.ends_on = row.text(16);
  project.min_runners = static_cast<int>(row.int64(17));
  project.max_runners = static_cast<int>(row.int64(18));
  project.auditors_welcome = row.boolean(19);
  project.questions = from_json_list(row.text(20));
  project.status = parse_status(row.text(21)).value_or(ProjectStatus::kProposed);
  project.review_comment = row.text(22);
  project.created_at = row.int64(23);
  project.runners = static_cast<int>(row.int64(24));
  project.auditors = static_cast<int>(row.int64(25));
  project.applicants = static_cast<int>(row.int64(26));
  project.offered = static_cast<int>(row.int64(27));
  return project;
}

std::string lower_ascii(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

bool matches(const Project& project, const CatalogQuery& query) {
  if (query.kind && project.kind != *query.kind) return false;
  if (query.level && project.level != *query.level) return false;
  if (query.language && project.language != *query.language) return false;
  if (query.mode && project.mode != *query.mode) return false;
  if (query.weekday && project.weekday != *query.weekday) return false;
  if (query.seats_left && project.seats_left() == 0) return false;
  if (query.auditors_welcome && !project.auditors_welcome) return false;
  if (query.tag) {
    const std::string wanted = lower_ascii(*query.tag);
    if (std::none_of(project.tags.begin(), project.tags.end(),
                     [&](const std::string& tag) { return lower_ascii(tag) == wanted; }))
      return false;
  }
  if (!query.text.empty()) {
    const std::string needle = lower_ascii(query.text);
    std::string haystack = lower_ascii(project.title + "\n" + project.summary);
    for (const auto& tag : project.tags) haystack += "\n" + lower_ascii(tag);
    for (const auto& builder : project.builders)
      haystack += "\n" + lower_ascii(builder.display_name);
    if (haystack.find(needle) == std::string::npos) return false;
  }
  return true;
}

}  // namespace

std::string_view status_name(ProjectStatus status) {
  return kStatusNames[static_cast<int>(status)];
}

std::optional<ProjectStatus> parse_status(std::string_view name) {
  for (int idx = 0; idx < 4; ++idx) {
    if (kStatusNames[idx] == name) return static_cast<ProjectStatus>(idx);
  }
  return std::nullopt;
}

std::optional<Decision> parse_decision(std::string_view name) {
  if (name == "approve") return Decision::kApprove;
  if (name == "request_changes") return Decision::kRequestChanges;
  if (name == "decline") return Decision::kDecline;
  return std::nullopt;
}

bool is_availability_slot(std::string_view slot) {
  for (auto day : kWeekdays) {
    for (auto part : kDayParts) {
      if (slot.size() == day.size() + 1 + part.size() && slot.starts_with(day) &&
          slot[day.size()] == '_' && slot.ends_with(part))
        return true;
    }
  }
  return false;
}

Result<std::vector<Project>> AcademyService::load_projects(db::Transaction& reader,
                                                           const std::string& where,
                                                           const std::vector<db::Value>& params) {
  auto rows =
      reader.query(std::string("SELECT ") + kProjectColumns + " FROM academy_projects p WHERE " +
                       where + " ORDER BY p.title, p.id",
                   params);
  if (!rows) return rows.error();
  std::vector<Project> projects;
  projects.reserve(rows->size());
  std::map<std::int64_t, Project*> by_id;
  for (const auto& row : *rows) projects.push_back(project_from_row(row));
  for (auto& project : projects) by_id[project.id] = &project;
  if (projects.empty()) return projects;
  // Tags and builders of all of them in one query each, not two per card.
  const std::string chosen = "SELECT p.id FROM academy_projects p WHERE " + where;
  auto tags = reader.query("SELECT project_id, tag FROM project_tags WHERE project_id IN (" +
                               chosen + ") ORDER BY project_id, tag",
                           params);
  if (!tags) return tags.error();
  for (const auto& tag_row : *tags) by_id.at(tag_row.int64(0))->tags.push_back(tag_row.text(1));
  auto builders = reader.query(
      "SELECT b.project_id, u.id, u.display_name, u.bio, u.github_url, u.blog_url, b.role, "
      "b.accepted_at FROM project_builders b JOIN users u ON u.id = b.user_id "
      "WHERE b.project_id IN (" +
          chosen + ") ORDER BY b.project_id, b.role DESC, b.invited_at, u.id",
      params);
  if (!builders) return builders.error();
  for (const auto& row : *builders) {
    by_id.at(row.int64(0))
        ->builders.push_back({row.int64(1), row.text(2), row.text(3), row.text(4), row.text(5),
                              row.text(6) == "lead", !row.is_null(7)});
  }
  return projects;
}

Result<Project> AcademyService::load_project(db::Transaction& reader, std::int64_t community_id,
                                             std::int64_t project_id) {
  auto found = load_projects(reader, "p.id = ? AND p.community_id = ?", {project_id, community_id});
  if (!found) return found.error();
  if (found->empty()) return Error::not_found("no such project");
  return std::move(found->front());
}

Result<bool> AcademyService::is_builder(db::Transaction& reader, std::int64_t project_id,
                                        std::int64_t user_id) {
  auto row = reader.query_one(
      "SELECT 1 FROM project_builders WHERE project_id = ? AND user_id = ? AND accepted_at IS NOT "
      "NULL",
      {project_id, user_id});
  if (!row) return row.error();
  return row->has_value();
}

Result<Project> AcademyService::project(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t project_id) {
  auto here = access(viewer, slug);
  if (!here) return here.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto found = load_project(*reader, here->community.id, project_id);
  if (!found) return found.error();
  if (found->status == ProjectStatus::kApproved || here->standing.can_manage()) return found;
  const bool involved =
      std::any_of(found->builders.begin(), found->builders.end(),
                  [&](const Builder& b) { return b.user_id == viewer.user_id(); });
  // Not found rather than forbidden: proposals are private until approved.
  if (!viewer.signed_in() || !involved) return Error::not_found("no such project");
  return found;
}

Result<std::vector<Project>> AcademyService::catalog(const accounts::Viewer& viewer,
                                                     const std::string& slug,
                                                     const std::string& key,
                                                     const CatalogQuery& query) {
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (web::utf8_length(query.text) > 100)
    return Error::invalid("q", "q must be at most 100 characters");
  if (query.status && *query.status != ProjectStatus::kApproved && !here->standing.can_manage())
    return Error::forbidden("only organizers see proposals under review");
  auto cohort = cached_cohort(here->community, key);
  if (!cohort) return cohort.error();
  // The cohort's whole list for the status, from memory while the
  // community's content version stands (every visitor reads the same one);
  // the filters pick from it.
  const ProjectStatus status = query.status.value_or(ProjectStatus::kApproved);
  const auto cache_key = std::make_pair(cohort->id, static_cast<int>(status));
  auto projects = catalogs_.find(cache_key, here->community.content_version);
  if (!projects) {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto loaded = load_projects(*reader, "p.cohort_id = ? AND p.status = ?",
                                {cohort->id, std::string(status_name(status))});
    if (!loaded) return loaded.error();
    projects =
        catalogs_.store(cache_key, here->community.content_version, std::move(loaded.value()));
  }
  std::vector<Project> shown;
  for (const auto& project : *projects) {
    if (matches(project, query)) shown.push_back(project);
  }
  return shown;
}

Result<std::vector<Project>> AcademyService::labs(const accounts::Viewer& viewer,
                                                  const std::string& slug) {
  auto here = access(viewer, slug);
  if (!here) return here.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  return load_projects(*reader, "p.community_id = ? AND p.cohort_id IS NULL AND p.status = ?",
                       {here->community.id, std::string("approved")});
}

Result<std::vector<Project>> AcademyService::my_projects(const accounts::Viewer& viewer,
                                                         const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  return load_projects(*reader,
                       "p.community_id = ? AND p.id IN (SELECT project_id FROM project_builders "
                       "WHERE user_id = ?)",
                       {here->community.id, viewer.user_id()});
}

Result<Project> AcademyService::audit(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t project_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.is_member()) return Error::forbidden("join the community to audit");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto found = load_project(*transaction, here->community.id, project_id);
  if (!found) return found.error();
  if (found->status != ProjectStatus::kApproved) return Error::not_found("no such project");
  if (!found->auditors_welcome)
    return Error::conflict("auditors_welcome", "this project does not take auditors");
  if (found->cohort_id) {
    auto cohort = load_cohort_by_id(*transaction, *found->cohort_id);
    if (!cohort) return cohort.error();
    if (!cohort->auditing_open)
      return Error::conflict("auditing_open", "auditing is closed in this cohort");
    const auto phase = cohort->current_phase(now);
    if (!phase || *phase == Phase::kProposals || *phase == Phase::kClosed)
      return Error::conflict("phase", "auditing opens with recruiting and ends at closing");
  }
  auto inserted = transaction->execute(
      "INSERT INTO project_auditors (project_id, user_id, joined_at) VALUES (?, ?, ?)",
      {project_id, viewer.user_id(), now});
  if (!inserted) {
    if (inserted.error().code == db::kUniqueViolation)
      return Error::conflict("project_id", "you audit this project already");
    return inserted.error();
  }
  // An accepted audit makes the member 청강 (never lowering a higher stage).
  if (auto raised = communities_.record_milestone(
          *transaction, here->community.id, viewer.user_id(), communities::Milestone::kAudit, now);
      !raised)
    return raised.error();
  auto result = load_project(*transaction, here->community.id, project_id);
  if (!result) return result.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return result;
}

Result<Project> AcademyService::stop_auditing(const accounts::Viewer& viewer,
                                              const std::string& slug, std::int64_t project_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto found = load_project(*transaction, here->community.id, project_id);
  if (!found) return found.error();
  auto removed =
      transaction->execute("DELETE FROM project_auditors WHERE project_id = ? AND user_id = ?",
                           {project_id, viewer.user_id()});
  if (!removed) return removed.error();
  if (removed.value() == 0) return Error::not_found("you do not audit this project");
  auto result = load_project(*transaction, here->community.id, project_id);
  if (!result) return result.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return result;
}

Result<bool> AcademyService::is_auditing(const accounts::Viewer& viewer, std::int64_t project_id) {
  if (!viewer.signed_in()) return false;
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row =
      reader->query_one("SELECT 1 FROM project_auditors WHERE project_id = ? AND user_id = ?",
                        {project_id, viewer.user_id()});
  if (!row) return row.error();
  return row->has_value();
}

}  // namespace moim::academy
