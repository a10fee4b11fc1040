#include "engines/allocation/testing/checkers.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "engines/allocation/market.hpp"

namespace moim::allocation::testing {

namespace {

const Project& project_named(const Instance& instance, const std::string& id) {
  return *std::find_if(instance.projects.begin(), instance.projects.end(),
                       [&](const Project& p) { return p.id == id; });
}

const Applicant& applicant_named(const Instance& instance, const std::string& id) {
  return *std::find_if(instance.applicants.begin(), instance.applicants.end(),
                       [&](const Applicant& a) { return a.id == id; });
}

bool contains(const std::vector<std::string>& list, const std::string& id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

int rank_in(const Applicant& applicant, const std::string& project) {
  const auto it = std::find(applicant.choices.begin(), applicant.choices.end(), project);
  return it == applicant.choices.end() ? 0 : static_cast<int>(it - applicant.choices.begin()) + 1;
}

}  // namespace

bool project_prefers(const Instance& instance, const Project& project, const std::string& x,
                     const std::string& y) {
  const auto position = [&](const std::string& id) {
    const auto it = std::find(project.ranking.begin(), project.ranking.end(), id);
    return it == project.ranking.end() ? project.ranking.size() + 1
                                       : static_cast<std::size_t>(it - project.ranking.begin());
  };
  if (position(x) != position(y)) return position(x) < position(y);
  const Applicant& ax = applicant_named(instance, x);
  const Applicant& ay = applicant_named(instance, y);
  if (ax.priority != ay.priority) return ax.priority > ay.priority;
  const auto lx = detail::lottery_number(instance.seed, x);
  const auto ly = detail::lottery_number(instance.seed, y);
  if (lx != ly) return lx < ly;
  return &ax < &ay;  // same lottery number: input order
}

std::vector<std::string> hard_rule_violations(const Instance& instance, const Outcome& outcome,
                                              Mode mode) {
  std::vector<std::string> problems;
  const auto fail = [&](std::string message) { problems.push_back(std::move(message)); };
  if (outcome.applicants.size() != instance.applicants.size() ||
      outcome.projects.size() != instance.projects.size()) {
    fail("outcome sizes differ from the input");
    return problems;
  }
  std::map<std::string, int> filled;
  std::map<std::string, bool> cancelled;
  for (const auto& project : outcome.projects) cancelled[project.id] = project.cancelled;
  Summary summary;
  for (const auto& applicant : instance.applicants)
    summary.by_rank.resize(std::max(summary.by_rank.size(), applicant.choices.size()));
  for (std::size_t a = 0; a < instance.applicants.size(); ++a) {
    const Applicant& input = instance.applicants[a];
    const ApplicantResult& result = outcome.applicants[a];
    if (result.id != input.id) fail("applicant order changed at " + input.id);
    if (input.pinned && result.project != input.pinned) fail("pin not honoured for " + input.id);
    if (result.choices.size() != input.choices.size()) fail("explanation size for " + input.id);
    if (!result.project) {
      ++summary.unassigned;
      if (result.rank != 0) fail("unassigned with a rank: " + input.id);
    } else {
      const Project& project = project_named(instance, *result.project);
      ++filled[project.id];
      if (contains(project.declined, input.id)) fail(input.id + " placed where declined");
      if (cancelled[project.id]) fail(input.id + " placed in a cancelled project");
      const int rank = rank_in(input, project.id);
      if (rank != result.rank) fail("wrong rank for " + input.id);
      if (rank == 0 && !input.pinned) fail(input.id + " placed outside their choices");
      if (rank == 0)
        ++summary.pinned_outside_choices;
      else
        ++summary.by_rank[rank - 1];
    }
    for (std::size_t k = 0; k < result.choices.size() && k < input.choices.size(); ++k) {
      const auto& choice = result.choices[k];
      const int rank = static_cast<int>(k) + 1;
      if (choice.project != input.choices[k]) fail("explanation order for " + input.id);
      const bool is_placed = result.rank == rank;
      if ((choice.outcome == ChoiceOutcome::placed) != is_placed)
        fail("placed outcome mismatch for " + input.id);
      if ((choice.outcome == ChoiceOutcome::higher_choice_placed) !=
          (result.rank != 0 && rank > result.rank))
        fail("higher_choice_placed mismatch for " + input.id);
      if (choice.outcome == ChoiceOutcome::filled_to_maximise_ranks && mode == Mode::stable)
        fail("rank-maximal explanation in stable mode for " + input.id);
      if (choice.outcome == ChoiceOutcome::declined_by_builders &&
          !contains(project_named(instance, choice.project).declined, input.id))
        fail("declined_by_builders without a decline for " + input.id);
      if (choice.outcome == ChoiceOutcome::project_cancelled && !cancelled[choice.project])
        fail("project_cancelled for a running project, " + input.id);
      // The "why full" reasons, recomputed from the input and the placements
      // (issue #12: never blame the builders' ranking when none decided it).
      if (choice.outcome == ChoiceOutcome::filled_by_higher_ranked ||
          choice.outcome == ChoiceOutcome::filled_by_priority ||
          choice.outcome == ChoiceOutcome::filled_by_seed_order ||
          choice.outcome == ChoiceOutcome::filled_by_pins) {
        const Project& project = project_named(instance, choice.project);
        std::vector<std::string> seated;  // placed there by the algorithm, not by a pin
        bool pinned_there = false;
        for (std::size_t other = 0; other < instance.applicants.size(); ++other) {
          if (outcome.applicants[other].project != choice.project) continue;
          if (instance.applicants[other].pinned)
            pinned_there = true;
          else
            seated.push_back(instance.applicants[other].id);
        }
        if (choice.outcome == ChoiceOutcome::filled_by_pins && !pinned_there)
          fail("filled_by_pins without a pin for " + input.id);
        if (choice.outcome != ChoiceOutcome::filled_by_pins) {
          // The rival: the seated one the project likes least.
          const std::string* rival = nullptr;
          for (const auto& id : seated)
            if (!rival || project_prefers(instance, project, *rival, id)) rival = &id;
          if (!rival) {
            fail("a preference reason with nobody seated for " + input.id);
          } else {
            const bool rival_ranked = contains(project.ranking, *rival);
            const bool same_priority = applicant_named(instance, *rival).priority == input.priority;
            if (!project_prefers(instance, project, *rival, input.id) && mode == Mode::stable)
              fail("a preference reason for a preferred applicant, " + input.id);
            if ((choice.outcome == ChoiceOutcome::filled_by_higher_ranked) != rival_ranked)
              fail("filled_by_higher_ranked mismatch for " + input.id);
            if (choice.outcome == ChoiceOutcome::filled_by_priority && same_priority)
              fail("filled_by_priority with equal priority for " + input.id);
            if (choice.outcome == ChoiceOutcome::filled_by_seed_order &&
                (!same_priority || contains(project.ranking, input.id)))
              fail("filled_by_seed_order where the seed did not decide, " + input.id);
          }
        }
      }
    }
  }
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    const Project& project = instance.projects[p];
    const ProjectResult& result = outcome.projects[p];
    if (result.id != project.id) fail("project order changed at " + project.id);
    if (filled[project.id] > project.max) fail("capacity exceeded in " + project.id);
    if (filled[project.id] != result.filled) fail("filled count wrong for " + project.id);
    if (result.cancelled) ++summary.cancelled_projects;
    if (result.cancelled && !instance.cancel_under_minimum) fail("cancelled without asking");
    if (instance.cancel_under_minimum && !result.cancelled && result.filled < project.min) {
      bool has_pin = false;
      for (const auto& applicant : instance.applicants)
        has_pin = has_pin || applicant.pinned == project.id;
      if (!has_pin) fail(project.id + " left below its minimum");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < result.waitlist.size(); ++i) {
      const std::string& id = result.waitlist[i];
      if (!seen.insert(id).second) fail("waitlist repeats " + id);
      const Applicant& applicant = applicant_named(instance, id);
      const auto& placed = outcome.applicants[&applicant - instance.applicants.data()];
      const int rank = rank_in(applicant, project.id);
      if (rank == 0 || contains(project.declined, id) || applicant.pinned ||
          (placed.project && placed.rank <= rank && placed.rank != 0))
        fail("waitlist of " + project.id + " holds " + id);
      if (i > 0 && !project_prefers(instance, project, result.waitlist[i - 1], id))
        fail("waitlist of " + project.id + " out of order");
    }
  }
  if (summary.by_rank != outcome.summary.by_rank ||
      summary.unassigned != outcome.summary.unassigned ||
      summary.pinned_outside_choices != outcome.summary.pinned_outside_choices ||
      summary.cancelled_projects != outcome.summary.cancelled_projects)
    fail("summary does not match the assignment");
  return problems;
}

std::vector<std::string> blocking_pairs(const Instance& instance, const Outcome& outcome) {
  std::vector<std::string> pairs;
  std::map<std::string, std::vector<std::string>> market_members;  // non-pinned, per project
  std::map<std::string, int> pins;
  for (std::size_t a = 0; a < instance.applicants.size(); ++a) {
    if (instance.applicants[a].pinned)
      ++pins[*instance.applicants[a].pinned];
    else if (outcome.applicants[a].project)
      market_members[*outcome.applicants[a].project].push_back(instance.applicants[a].id);
  }
  for (std::size_t a = 0; a < instance.applicants.size(); ++a) {
    const Applicant& applicant = instance.applicants[a];
    if (applicant.pinned) continue;
    const int current = outcome.applicants[a].project ? outcome.applicants[a].rank : 0;
    for (std::size_t k = 0; k < applicant.choices.size(); ++k) {
      if (current != 0 && static_cast<int>(k) + 1 >= current) break;
      const Project& project = project_named(instance, applicant.choices[k]);
      const auto& result = outcome.projects[&project - instance.projects.data()];
      if (result.cancelled || contains(project.declined, applicant.id)) continue;
      const auto& members = market_members[project.id];
      const int seats = project.max - pins[project.id];
      bool blocks = static_cast<int>(members.size()) < seats;
      for (const auto& member : members)
        blocks = blocks || project_prefers(instance, project, applicant.id, member);
      if (blocks) pairs.push_back(applicant.id + " and " + project.id);
    }
  }
  return pairs;
}

std::vector<int> signature(const Instance& instance, const Outcome& outcome) {
  std::size_t ranks = 0;
  for (const auto& applicant : instance.applicants)
    ranks = std::max(ranks, applicant.choices.size());
  std::vector<int> counts(ranks, 0);
  for (const auto& result : outcome.applicants)
    if (result.project && result.rank > 0) ++counts[result.rank - 1];
  return counts;
}

BruteForce brute_force(const Instance& instance, const Outcome& outcome) {
  const std::size_t n = instance.applicants.size();
  std::size_t ranks = 0;
  for (const auto& applicant : instance.applicants)
    ranks = std::max(ranks, applicant.choices.size());
  std::map<std::string, int> seats;
  for (std::size_t p = 0; p < instance.projects.size(); ++p)
    seats[instance.projects[p].id] = outcome.projects[p].cancelled ? 0 : instance.projects[p].max;
  for (const auto& applicant : instance.applicants)
    if (applicant.pinned) --seats[*applicant.pinned];

  BruteForce result;
  result.best_signature.assign(ranks, 0);
  result.best_stable_rank.assign(n, 0);
  std::vector<int> rank_of(n, 0);  // current trial: 0 = unassigned
  std::vector<std::string> project_of(n);
  std::vector<int> pinned_rank(n, 0);  // pins are fixed: their ranks count in every trial
  for (std::size_t i = 0; i < n; ++i)
    if (instance.applicants[i].pinned)
      pinned_rank[i] = rank_in(instance.applicants[i], *instance.applicants[i].pinned);
  const std::function<void(std::size_t)> search = [&](std::size_t a) {
    if (a == n) {
      std::vector<int> counts(ranks, 0);
      for (std::size_t i = 0; i < n; ++i)
        if (rank_of[i] > 0) ++counts[rank_of[i] - 1];
      result.best_signature = std::max(result.best_signature, counts);
      Outcome trial = outcome;
      for (std::size_t i = 0; i < n; ++i) {
        if (instance.applicants[i].pinned) continue;
        trial.applicants[i].rank = rank_of[i];
        trial.applicants[i].project =
            rank_of[i] > 0 ? std::optional<std::string>(project_of[i]) : std::nullopt;
      }
      if (blocking_pairs(instance, trial).empty()) {
        ++result.stable_allocations;
        for (std::size_t i = 0; i < n; ++i) {
          auto& best = result.best_stable_rank[i];
          if (rank_of[i] > 0 && (best == 0 || rank_of[i] < best)) best = rank_of[i];
        }
      }
      return;
    }
    const Applicant& applicant = instance.applicants[a];
    rank_of[a] = pinned_rank[a];
    search(a + 1);
    if (applicant.pinned) return;
    for (std::size_t k = 0; k < applicant.choices.size(); ++k) {
      const auto& id = applicant.choices[k];
      if (seats[id] <= 0 || contains(project_named(instance, id).declined, applicant.id)) continue;
      --seats[id];
      rank_of[a] = static_cast<int>(k) + 1;
      project_of[a] = id;
      search(a + 1);
      ++seats[id];
      rank_of[a] = 0;
    }
  };
  search(0);
  return result;
}

}  // namespace moim::allocation::testing
