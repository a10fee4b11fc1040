// The --json document and the table an organizer reads in a terminal.
#include <boost/json.hpp>

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "engines/allocation/io/allocation_io.hpp"

namespace moim::allocation::io {

namespace json = boost::json;

std::string_view to_string(Mode mode) { return mode == Mode::stable ? "stable" : "rank-maximal"; }

std::optional<Mode> parse_mode(std::string_view text) {
  if (text == "stable") return Mode::stable;
  if (text == "rank-maximal" || text == "rank_maximal") return Mode::rank_maximal;
  return std::nullopt;
}

std::string_view to_string(ChoiceOutcome outcome) {
  switch (outcome) {
    case ChoiceOutcome::placed:
      return "placed";
    case ChoiceOutcome::higher_choice_placed:
      return "higher_choice_placed";
    case ChoiceOutcome::filled_by_higher_ranked:
      return "filled_by_higher_ranked";
    case ChoiceOutcome::declined_by_builders:
      return "declined_by_builders";
    case ChoiceOutcome::project_cancelled:
      return "project_cancelled";
    case ChoiceOutcome::not_reached:
      return "not_reached";
    case ChoiceOutcome::filled_to_maximise_ranks:
      return "filled_to_maximise_ranks";
    case ChoiceOutcome::filled_by_priority:
      return "filled_by_priority";
    case ChoiceOutcome::filled_by_seed_order:
      return "filled_by_seed_order";
    case ChoiceOutcome::filled_by_pins:
      return "filled_by_pins";
    case ChoiceOutcome::no_seats:
      return "no_seats";
  }
  return "unknown";
}

std::string write_json(const Instance& instance, const Outcome& outcome, Mode mode) {
  json::object assignment, waitlists, document;
  json::array unassigned, explanations, projects, by_rank;
  for (const auto& applicant : outcome.applicants) {
    if (applicant.project)
      assignment[applicant.id] = *applicant.project;
    else
      unassigned.emplace_back(applicant.id);
    json::array choices;
    for (const auto& choice : applicant.choices)
      choices.push_back(
          json::object{{"project", choice.project}, {"outcome", to_string(choice.outcome)}});
    json::object explanation{
        {"id", applicant.id}, {"rank", applicant.rank}, {"choices", std::move(choices)}};
    explanation["project"] =
        applicant.project ? json::value(*applicant.project) : json::value(nullptr);
    explanations.push_back(std::move(explanation));
  }
  for (std::size_t p = 0; p < outcome.projects.size(); ++p) {
    const auto& result = outcome.projects[p];
    json::array waitlist;
    for (const auto& id : result.waitlist) waitlist.emplace_back(id);
    waitlists[result.id] = std::move(waitlist);
    projects.push_back(json::object{{"id", result.id},
                                    {"min", instance.projects[p].min},
                                    {"max", instance.projects[p].max},
                                    {"filled", result.filled},
                                    {"cancelled", result.cancelled},
                                    {"waitlisted", result.waitlist.size()}});
  }
  for (int count : outcome.summary.by_rank) by_rank.emplace_back(count);
  document["assignment"] = std::move(assignment);
  document["waitlists"] = std::move(waitlists);
  document["unassigned"] = std::move(unassigned);
  document["summary"] =
      json::object{{"mode", to_string(mode)},
                   {"seed", instance.seed},
                   {"applicants", outcome.applicants.size()},
                   {"by_rank", std::move(by_rank)},
                   {"unassigned", outcome.summary.unassigned},
                   {"pinned_outside_choices", outcome.summary.pinned_outside_choices},
                   {"cancelled_projects", outcome.summary.cancelled_projects},
                   {"projects", std::move(projects)}};
  document["explanations"] = std::move(explanations);
  return json::serialize(document) + "\n";
}

namespace {

std::string ordinal(int rank) {
  const int tens = rank % 100;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : rank % 10 == 1           ? "st"
                       : rank % 10 == 2           ? "nd"
                       : rank % 10 == 3           ? "rd"
                                                  : "th";
  return std::to_string(rank) + suffix;
}

std::string percent(int part, std::size_t whole) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << (whole == 0 ? 0.0 : 100.0 * part / whole) << "%";
  return out.str();
}

}  // namespace

std::string write_table(const Instance& instance, const Outcome& outcome, Mode mode) {
  std::ostringstream out;
  const std::size_t total = outcome.applicants.size();
  out << "Allocation (" << to_string(mode) << ", seed " << instance.seed << "): " << total
      << " applicants, " << outcome.projects.size() << " projects\n\n";

  out << "Rank distribution\n";
  for (std::size_t k = 0; k < outcome.summary.by_rank.size(); ++k)
    out << "  " << std::left << std::setw(22) << (ordinal(static_cast<int>(k) + 1) + " choice")
        << std::right << std::setw(8) << outcome.summary.by_rank[k] << std::setw(8)
        << percent(outcome.summary.by_rank[k], total) << "\n";
  if (outcome.summary.pinned_outside_choices > 0)
    out << "  " << std::left << std::setw(22) << "pinned, not a choice" << std::right
        << std::setw(8) << outcome.summary.pinned_outside_choices << "\n";
  out << "  " << std::left << std::setw(22) << "unassigned" << std::right << std::setw(8)
      << outcome.summary.unassigned << std::setw(8) << percent(outcome.summary.unassigned, total)
      << "\n\n";

  std::size_t id_width = 7;
  for (const auto& project : outcome.projects) id_width = std::max(id_width, project.id.size());
  out << "Fill per project\n  " << std::left << std::setw(static_cast<int>(id_width)) << "project"
      << std::right << std::setw(6) << "min" << std::setw(6) << "max" << std::setw(8) << "filled"
      << std::setw(10) << "waitlist"
      << "  status\n";
  for (std::size_t p = 0; p < outcome.projects.size(); ++p) {
    const auto& result = outcome.projects[p];
    const auto& input = instance.projects[p];
    out << "  " << std::left << std::setw(static_cast<int>(id_width)) << result.id << std::right
        << std::setw(6) << input.min << std::setw(6) << input.max << std::setw(8) << result.filled
        << std::setw(10) << result.waitlist.size() << "  "
        << (result.cancelled             ? "cancelled (below minimum)"
            : result.filled < input.min  ? "below minimum"
            : result.filled == input.max ? "full"
                                         : "open")
        << "\n";
  }

  out << "\nUnassigned (" << outcome.summary.unassigned << ")";
  for (const auto& applicant : outcome.applicants)
    if (!applicant.project) out << "\n  " << applicant.id;
  out << "\n\nAssignment\n";
  for (const auto& applicant : outcome.applicants) {
    if (!applicant.project) continue;
    out << "  " << applicant.id << " -> " << *applicant.project << "  ("
        << (applicant.rank > 0 ? ordinal(applicant.rank) + " choice" : std::string("pinned"))
        << ")\n";
  }
  return out.str();
}

}  // namespace moim::allocation::io
