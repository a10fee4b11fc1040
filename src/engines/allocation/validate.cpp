// validate(): every problem in the input, each naming where and which field,
// so an organizer can fix a file in one pass instead of one error per run.
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "engines/allocation/allocation.hpp"

namespace moim::allocation {

namespace {

std::string at(std::string_view kind, std::size_t index) {
  return std::string(kind) + "[" + std::to_string(index) + "]";
}

std::string quoted(std::string_view id) { return "\"" + std::string(id) + "\""; }

// Reports unknown and repeated ids in one list field (choices, ranking, declined).
template <class Known>
void check_id_list(const std::vector<std::string>& ids, const Known& known, std::string_view what,
                   const std::string& where, const std::string& field,
                   std::vector<InputProblem>& problems) {
  std::unordered_set<std::string_view> seen;
  for (const auto& id : ids) {
    if (!known.contains(id))
      problems.push_back({where, field, "unknown " + std::string(what) + " " + quoted(id)});
    else if (!seen.insert(id).second)
      problems.push_back({where, field, quoted(id) + " is listed twice"});
  }
}

}  // namespace

std::vector<InputProblem> validate(const Instance& instance) {
  std::vector<InputProblem> problems;
  std::unordered_map<std::string_view, std::size_t> projects, applicants;

  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    const Project& project = instance.projects[p];
    const std::string where = at("projects", p);
    if (project.id.empty())
      problems.push_back({where, "id", "must not be empty"});
    else if (auto [it, inserted] = projects.emplace(project.id, p); !inserted)
      problems.push_back({where, "id", "duplicate project id " + quoted(project.id) +
                                           " (also projects[" + std::to_string(it->second) + "])"});
    if (project.min < 0) problems.push_back({where, "min", "must be 0 or more"});
    if (project.max < project.min)
      problems.push_back({where, "max", "max (" + std::to_string(project.max) +
                                            ") is less than min (" +
                                            std::to_string(project.min) + ")"});
  }
  for (std::size_t a = 0; a < instance.applicants.size(); ++a) {
    const Applicant& applicant = instance.applicants[a];
    const std::string where = at("applicants", a);
    if (applicant.id.empty())
      problems.push_back({where, "id", "must not be empty"});
    else if (auto [it, inserted] = applicants.emplace(applicant.id, a); !inserted)
      problems.push_back({where, "id", "duplicate applicant id " + quoted(applicant.id) +
                                           " (also applicants[" + std::to_string(it->second) +
                                           "])"});
  }

  std::unordered_map<std::string_view, std::unordered_set<std::string_view>> declined_by;
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    const Project& project = instance.projects[p];
    const std::string where = at("projects", p);
    check_id_list(project.ranking, applicants, "applicant", where, "ranking", problems);
    check_id_list(project.declined, applicants, "applicant", where, "declined", problems);
    const std::unordered_set<std::string_view> ranked(project.ranking.begin(),
                                                      project.ranking.end());
    for (const auto& id : project.declined)
      if (ranked.contains(id))
        problems.push_back({where, "declined", quoted(id) + " is both ranked and declined"});
    declined_by[project.id].insert(project.declined.begin(), project.declined.end());
  }

  std::unordered_map<std::string_view, int> pins;
  for (std::size_t a = 0; a < instance.applicants.size(); ++a) {
    const Applicant& applicant = instance.applicants[a];
    const std::string where = at("applicants", a);
    check_id_list(applicant.choices, projects, "project", where, "choices", problems);
    if (!applicant.pinned) continue;
    if (!projects.contains(*applicant.pinned)) {
      problems.push_back({where, "pinned", "unknown project " + quoted(*applicant.pinned)});
      continue;
    }
    if (declined_by[*applicant.pinned].contains(applicant.id))
      problems.push_back({where, "pinned", "the builders of " + quoted(*applicant.pinned) +
                                               " declined this applicant"});
    ++pins[*applicant.pinned];
  }
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    const Project& project = instance.projects[p];
    const auto pinned = pins.find(project.id);
    if (pinned != pins.end() && pinned->second > project.max)
      problems.push_back({at("projects", p), "max",
                          std::to_string(pinned->second) + " applicants are pinned here but max is " +
                              std::to_string(project.max)});
  }
  return problems;
}

}  // namespace moim::allocation
