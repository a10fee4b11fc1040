// Reading and writing for `moim groups`: people, history and forbidden pairs
// from CSV, rounds and schedules as text or JSON. The engine itself
// (engines/grouping) does no I/O; this is its only door to files.
//
// CSV: a header row names the columns, in any order; fields may be quoted
// ("a, b" or "say ""hi"""). Lists inside a field are separated by ';'.
//   people.csv     id (required), circles, topics, languages, slots, newcomer
//                  slots: hours of the week in UTC (0 = Monday 00:00), e.g.
//                  "10;11;12" or ranges "10-12;34"; newcomer: true/false/yes/no/1/0
//   history.csv    a, b (required), count (default 1), last_met (unix seconds or YYYY-MM-DD)
//   forbidden.csv  a, b
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engines/grouping/round.hpp"
#include "engines/grouping/schedule.hpp"
#include "platform/base/error.hpp"

namespace moim::grouping_io {

using Table = std::vector<std::vector<std::string>>;  // rows of fields; row 0 is the header

// RFC 4180-style CSV; `source` names the file in error messages.
Result<Table> parse_csv(std::string_view text, const std::string& source);

Result<std::vector<grouping::Person>> read_people(std::string_view csv, const std::string& source);
Result<std::vector<grouping::PastMeeting>> read_history(std::string_view csv,
                                                        const std::string& source);
Result<std::vector<std::pair<std::string, std::string>>> read_forbidden(std::string_view csv,
                                                                        const std::string& source);

// "3-4" → {3, 4}; "2" → {2, 2}.
Result<std::pair<int, int>> parse_size_range(std::string_view text);
// "8-4-10" → groups 8, size 4, rounds 10.
struct GolferSpec {
  int groups = 0, size = 0, rounds = 0;
};
Result<GolferSpec> parse_golfers(std::string_view text);

// {"rounds":[[[0,1,2,3],...],...]}
std::string schedule_json(const std::vector<grouping::Groups>& rounds);
// One line per round: "round 1: 0 1 2 3 | 4 5 6 7 | ..."
std::string schedule_text(const std::vector<grouping::Groups>& rounds);
std::string schedule_verification_text(const grouping::ScheduleCheck& check);

// {"groups":[{"members":[ids],"host":id,"common_slots":[hours]}],
//  "hard_violations":n,"repeated_pairs":n,"soft_cost":x}
std::string round_json(const grouping::RoundInput& input, const grouping::RoundResult& result);
std::string round_text(const grouping::RoundInput& input, const grouping::RoundResult& result,
                       const grouping::RoundCheck& check);

}  // namespace moim::grouping_io
