// The matcher's answer: the --json document and the table for people.
#include <boost/json.hpp>

#include <iomanip>
#include <sstream>

#include "engines/allocation/io/mentoring_io.hpp"

namespace moim::allocation::mentoring::io {

namespace json = boost::json;

std::string_view to_string(Mode mode) { return mode == Mode::fit ? "fit" : "stable"; }

std::optional<Mode> parse_mode(std::string_view text) {
  if (text == "fit") return Mode::fit;
  if (text == "stable") return Mode::stable;
  return std::nullopt;
}

std::string_view to_string(UnmatchedReason reason) {
  switch (reason) {
    case UnmatchedReason::no_mentors:
      return "no_mentors";
    case UnmatchedReason::no_shared_language:
      return "no_shared_language";
    case UnmatchedReason::no_common_hours:
      return "no_common_hours";
    case UnmatchedReason::excluded:
      return "excluded";
    case UnmatchedReason::mentors_full:
      return "mentors_full";
  }
  return "mentors_full";
}

std::string_view explain(UnmatchedReason reason, Mode mode) {
  switch (reason) {
    case UnmatchedReason::no_mentors:
      return "the program has no mentor with a free seat";
    case UnmatchedReason::no_shared_language:
      return "no mentor speaks any of their languages";
    case UnmatchedReason::no_common_hours:
      return "mentors who share a language have no weekly hours in common for a whole session";
    case UnmatchedReason::excluded:
      return "every mentor who fits was excluded by the organizers or mentored them before";
    case UnmatchedReason::mentors_full:
      return mode == Mode::fit ? "every mentor who fits is full: giving them a seat would leave "
                                 "another mentee without a mentor or lower the total fit"
                               : "every mentor who fits is full with mentees they fit better";
  }
  return "";
}

std::string write_json(const Instance& instance, const Outcome& outcome, Mode mode) {
  json::array pairs;
  for (const auto& pair : outcome.pairs)
    pairs.push_back(json::object{
        {"mentor", pair.mentor},
        {"mentee", pair.mentee},
        {"score", pair.fit.score},
        {"overlap_minutes", pair.fit.total_overlap},
        {"longest_overlap_minutes", pair.fit.longest_overlap},
        {"shared_topics", pair.fit.shared_topics},
        {"mentee_rank", pair.fit.rank ? json::value(pair.fit.rank) : json::value(nullptr)},
        {"pinned", pair.pinned}});
  json::array unmatched;
  for (const auto& left : outcome.unmatched)
    unmatched.push_back(json::object{{"mentee", left.mentee},
                                     {"reason", to_string(left.reason)},
                                     {"explanation", explain(left.reason, mode)},
                                     {"compatible_mentors", left.compatible_mentors}});
  const auto& s = outcome.summary;
  json::object summary{{"mode", to_string(mode)},
                       {"seed", instance.seed},
                       {"session_minutes", instance.session_minutes},
                       {"mentees", s.mentees},
                       {"mentors", s.mentors},
                       {"capacity", s.capacity},
                       {"matched", s.matched},
                       {"unmatched", s.unmatched},
                       {"pinned", s.pinned},
                       {"total_score", s.total_score},
                       {"compatible_pairs", s.compatible_pairs}};
  return json::serialize(json::object{{"pairs", std::move(pairs)},
                                      {"unmatched", std::move(unmatched)},
                                      {"summary", summary}}) +
         "\n";
}

std::string write_table(const Instance& instance, const Outcome& outcome, Mode mode) {
  std::ostringstream out;
  const auto& s = outcome.summary;
  out << "mode " << to_string(mode) << ", seed " << instance.seed << ", sessions of "
      << instance.session_minutes << " min: " << s.matched << " of " << s.mentees
      << " mentees matched with " << s.mentors << " mentors (" << s.capacity
      << " seats), total score " << s.total_score << "\n\n";
  out << std::left << std::setw(24) << "mentor" << std::setw(24) << "mentee" << std::setw(7)
      << "score" << std::setw(10) << "overlap"
      << "\n";
  for (const auto& pair : outcome.pairs) {
    out << std::setw(24) << pair.mentor << std::setw(24) << pair.mentee << std::setw(7)
        << pair.fit.score << pair.fit.total_overlap << " min";
    if (pair.fit.rank) out << ", choice " << pair.fit.rank;
    if (pair.pinned) out << ", pinned";
    out << "\n";
  }
  if (!outcome.unmatched.empty()) out << "\nunmatched:\n";
  for (const auto& left : outcome.unmatched)
    out << "  " << left.mentee << ": " << explain(left.reason, mode) << "\n";
  return out.str();
}

}  // namespace moim::allocation::mentoring::io
