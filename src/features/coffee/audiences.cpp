// Who a program is for: all members, one cohort's builders and placed
// runners, or one project's. Membership is read from the academy (its
// service, never its tables) at opt-in and at every round, so someone who
// dropped out or whose cohort ended is simply not grouped any more.
#include "features/coffee/coffee_service.hpp"

namespace moim::coffee {

Result<CoffeeService::AudienceChoice> CoffeeService::resolve_audience(
    const accounts::Viewer& viewer, const std::string& slug, const ProgramInput& input,
    const Program* current) {
  AudienceChoice choice;
  choice.kind = input.audience.value_or(current ? current->audience : "members");
  if (choice.kind != "members" && choice.kind != "cohort" && choice.kind != "project")
    return Error::invalid("audience", "audience must be members, cohort or project");
  if (input.cohort && choice.kind != "cohort")
    return Error::invalid("cohort", "cohort goes with audience \"cohort\"");
  if (input.project_id && choice.kind != "project")
    return Error::invalid("project_id", "project_id goes with audience \"project\"");
  if (choice.kind == "cohort") {
    if (!input.cohort) {
      // Keeping the cohort chosen before is fine; switching to it needs one.
      if (current && current->audience == "cohort" && current->audience_cohort_id) {
        choice.cohort_id = current->audience_cohort_id;
        return choice;
      }
      return Error::invalid("cohort", "say which cohort the program is for");
    }
    auto cohort = academy_.cohort(slug, *input.cohort);
    if (!cohort) {
      if (cohort.error().http_status == 404)
        return Error::invalid("cohort", "this community has no cohort '" + *input.cohort + "'");
      return cohort.error();
    }
    choice.cohort_id = cohort->id;
  } else if (choice.kind == "project") {
    if (!input.project_id) {
      if (current && current->audience == "project" && current->audience_project_id) {
        choice.project_id = current->audience_project_id;
        return choice;
      }
      return Error::invalid("project_id", "say which project the program is for");
    }
    auto project = academy_.project(viewer, slug, *input.project_id);
    if (!project) {
      if (project.error().http_status == 404 || project.error().http_status == 403)
        return Error::invalid("project_id", "this community has no such project");
      return project.error();
    }
    if (project->status != academy::ProjectStatus::kApproved)
      return Error::invalid("project_id", "only an approved project can have coffee chats");
    choice.project_id = project->id;
  }
  return choice;
}

Status CoffeeService::store_audience(db::Transaction& transaction, std::int64_t program_id,
                                     const AudienceChoice& choice) {
  auto cleared = transaction.execute("DELETE FROM coffee_program_audiences WHERE program_id = ?",
                                     {program_id});
  if (!cleared) return cleared.error();
  if (choice.kind == "members") return ok_status();
  auto stored = transaction.execute(
      "INSERT INTO coffee_program_audiences (program_id, kind, cohort_id, project_id) VALUES (?, "
      "?, ?, ?)",
      {program_id, choice.kind, db::maybe(choice.cohort_id), db::maybe(choice.project_id)});
  if (!stored) return stored.error();
  return ok_status();
}

Result<CoffeeService::Belonging> CoffeeService::belonging(const Program& program) {
  auto members = academy_.current_project_members(program.community_id);
  if (!members) return members.error();
  Belonging result;
  for (const academy::ProjectMember& member : members.value()) {
    result.projects[member.user_id].push_back(member.project_id);
    if (member.cohort_id) result.cohorts[member.user_id].push_back(*member.cohort_id);
    const bool cohort_match = program.audience == "cohort" && member.cohort_id &&
                              member.cohort_id == program.audience_cohort_id;
    const bool project_match =
        program.audience == "project" && program.audience_project_id == member.project_id;
    if (cohort_match || project_match) result.audience.insert(member.user_id);
  }
  return result;
}

bool CoffeeService::in_audience(const Program& program, const Belonging& belonging,
                                std::int64_t user_id) {
  return program.audience == "members" || belonging.audience.contains(user_id);
}

Result<std::vector<AudienceOption>> CoffeeService::audience_options(const accounts::Viewer& viewer,
                                                                    const std::string& slug) {
  auto access = manager_access(viewer, slug);
  if (!access) return access.error();
  std::vector<AudienceOption> options{{"members", "", "members"}};
  auto cohorts = academy_.cohorts(slug);
  if (!cohorts) return cohorts.error();
  std::vector<AudienceOption> projects;
  for (const academy::Cohort& cohort : cohorts.value()) {
    options.push_back({"cohort:" + cohort.key, cohort.name, "cohort"});
    auto listed = academy_.catalog(viewer, slug, cohort.key, {});
    if (!listed) return listed.error();
    for (const academy::Project& project : listed.value())
      projects.push_back({"project:" + std::to_string(project.id),
                          project.title + " (" + cohort.name + ")", "project"});
  }
  auto labs = academy_.labs(viewer, slug);
  if (!labs) return labs.error();
  for (const academy::Project& lab : labs.value()) {
    if (lab.status == academy::ProjectStatus::kApproved)
      projects.push_back({"project:" + std::to_string(lab.id), lab.title, "project"});
  }
  options.insert(options.end(), projects.begin(), projects.end());
  return options;
}

std::string CoffeeService::audience_refusal(const Program& program) {
  const std::string who = program.audience == "cohort"
                              ? "the builders and runners of " + program.audience_name
                              : "the builders and runners of the project " + program.audience_name;
  return "this coffee-chat program is for " + who + "; you are not one of them now";
}

}  // namespace moim::coffee
