// The allocation engine: applicants with ranked choices → seats in projects.
// Pure: no I/O, no database, no clock. Same input and seed → same output.
//
// Two exact modes (docs/allocation.md explains both):
//   stable       applicant-proposing deferred acceptance with capacities: the
//                applicant-optimal stable matching (no applicant and project
//                would both rather be together than with what they got).
//   rank_maximal the most 1st choices, then the most 2nd choices, and so on.
// Hard rules in both: a project's max is never exceeded, an applicant its
// builders declined is never placed there, one seat per applicant, pins hold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moim::allocation {

enum class Mode { stable, rank_maximal };

struct Project {
  std::string id;
  int min = 0, max = 0;               // seats; 0 <= min <= max
  std::vector<std::string> ranking;   // builders' order of preference (applicant ids)
  std::vector<std::string> declined;  // never placed here
};

struct Applicant {
  std::string id;
  std::vector<std::string> choices;  // ranked project ids, 1st first
  int priority = 0;  // higher first (e.g. returning members), after builders' ranking
  std::optional<std::string>
      pinned;  // organizer pin: placed here regardless (still within capacity)
};

struct Instance {
  std::vector<Project> projects;
  std::vector<Applicant> applicants;
  std::uint64_t seed = 0;             // breaks all remaining ties, reproducibly
  bool cancel_under_minimum = false;  // cancel projects below min, move their people on, iterate
};

// where = "applicants[3]" or "line 7", field = "choices", message = what is wrong.
struct InputProblem {
  std::string where;
  std::string field;
  std::string message;
};

// Every problem found (not just the first), in input order; empty = valid.
std::vector<InputProblem> validate(const Instance&);

// Why an applicant is or is not in each of their choices.
enum class ChoiceOutcome {
  placed,                   // this is where they are
  higher_choice_placed,     // they got a choice they ranked above this one
  filled_by_higher_ranked,  // full with applicants the builders ranked above them
  declined_by_builders,     // the builders declined them
  project_cancelled,        // the project fell below its minimum and was cancelled
  not_reached,              // never considered: an organizer pinned them elsewhere
  // Added after the first API: rank-maximal mode only. The seats went to
  // applicants the project does not prefer to them, because that gave more
  // people a higher choice overall (the mode's promise).
  filled_to_maximise_ranks,
  // Added with issue #12: "filled_by_higher_ranked" used to cover every way
  // a full project preferred others, which told people "the builders ranked
  // others higher" when no builder had ranked anyone. The true reason now:
  filled_by_priority,    // neither was ranked by the builders; the others had priority
  filled_by_seed_order,  // neither was ranked and priority was equal: the seed's lottery
  filled_by_pins,        // organizers' pins (or must-accept co-runners) took the seats
                         // that would have been theirs
  no_seats,              // the project has no seats at all (max 0)
};

struct ChoiceResult {
  std::string project;
  ChoiceOutcome outcome;
};

struct ApplicantResult {
  std::string id;
  std::optional<std::string> project;  // where placed
  int rank = 0;                        // 1-based rank of that choice, 0 = unassigned
                                       // (or pinned to a project outside their choices)
  std::vector<ChoiceResult> choices;   // one per choice, in the applicant's order: the explanation
};

struct ProjectResult {
  std::string id;
  int filled = 0;  // seats taken, pins included
  bool cancelled = false;
  std::vector<std::string> waitlist;  // next in line, in the project's order of preference
};

struct Summary {
  std::vector<int> by_rank;  // [0] = placed at their 1st choice, [1] = 2nd, ...
  int unassigned = 0;
  int pinned_outside_choices = 0;  // placed by a pin on a project they did not list
  int cancelled_projects = 0;
};

struct Outcome {
  std::vector<ApplicantResult> applicants;  // same order as the input
  std::vector<ProjectResult> projects;      // same order as the input
  Summary summary;
};

// Precondition: validate() is empty. Not re-checked (it would cost more than
// stable mode itself); an id that does not resolve throws std::invalid_argument,
// other violations (duplicates, pins over capacity) give unspecified results.
Outcome allocate(const Instance&, Mode);

}  // namespace moim::allocation
