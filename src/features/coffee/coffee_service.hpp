// Coffee chats: organizers run programs; members opt in with their free
// hours, languages and topics; each round the grouping engine forms small
// groups that avoid repeating pairs across every program of the community;
// everyone gets their group by mail (an outbox row) and says afterwards
// whether the group met.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "features/academy/academy_service.hpp"
#include "features/accounts/accounts_service.hpp"
#include "features/coffee/week_slots.hpp"
#include "features/communities/communities_service.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::coffee {

enum class Cadence { kWeekly, kBiweekly, kMonthly };
std::string_view cadence_name(Cadence cadence);
std::optional<Cadence> parse_cadence(std::string_view name);
// The cut-off after `cutoff`: +7 days, +14 days, or the same day next month.
std::int64_t next_cutoff(std::int64_t cutoff, Cadence cadence);

struct Round {
  std::int64_t id = 0;
  int number = 0;
  std::int64_t cutoff_at = 0;
  std::optional<std::int64_t> closed_at;
  int people_count = 0;
  int group_count = 0;
  int repeated_pairs = 0;
};

struct Program {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string name;
  std::string description;
  // "members" (all of the community), "cohort" (its builders and placed
  // runners) or "project" (its builders and runners); dropped-out members
  // and ended cohorts leave the audience by themselves.
  std::string audience = "members";
  std::optional<std::int64_t> audience_cohort_id;   // audience "cohort"
  std::string audience_cohort_key;                  // e.g. "10"
  std::optional<std::int64_t> audience_project_id;  // audience "project"
  std::string audience_name;  // the cohort's name or the project's title; empty for members
  Cadence cadence = Cadence::kBiweekly;
  int min_size = 3, target_size = 4, max_size = 4;
  bool mix_circles = true;    // prefer groups mixing growth stages
  bool mix_projects = true;   // prefer people from different projects in one group
  bool mix_cohorts = false;   // prefer people from different cohorts in one group
  bool mix_newcomers = true;  // prefer newcomers with people grouped before
  bool require_common_slot = false;
  std::int64_t created_at = 0;
  Round open_round;           // every program has exactly one open round
  int participant_count = 0;  // opted in now
};

// Fields absent are left as they are (edits) or take defaults (creation).
struct ProgramInput {
  std::optional<std::string> name;
  // "members", "cohort" (with cohort, its key) or "project" (with project_id).
  std::optional<std::string> audience;
  std::optional<std::string> cohort;
  std::optional<std::int64_t> project_id;
  std::optional<std::string> description;
  std::optional<std::string> cadence;
  // 2 <= min <= target <= max <= 8; pairs are 2-2 with one trio when the count is odd (2, 2, 3).
  std::optional<std::int64_t> min_size, target_size, max_size;
  std::optional<bool> mix_circles;
  std::optional<bool> mix_projects;
  std::optional<bool> mix_cohorts;
  std::optional<bool> mix_newcomers;
  std::optional<bool> require_common_slot;
  std::optional<std::int64_t> cutoff_at;  // the open round's cut-off, UTC seconds
};

struct Participation {
  bool opted_in = false;
  bool snoozed = false;  // sits out the open round
  std::string time_zone;
  std::vector<int> slots;  // UTC hours of the week
  std::vector<std::string> languages;
  std::vector<std::string> topics;
  std::vector<std::int64_t> avoid;  // private: only its owner ever sees it
};

struct ParticipationInput {
  std::optional<bool> opted_in;
  std::optional<bool> snoozed;
  std::optional<std::string> time_zone;
  std::optional<std::vector<LocalSlot>> slots;  // in time_zone (or the stored one)
  std::optional<std::vector<std::string>> languages;
  std::optional<std::vector<std::string>> topics;
  std::optional<std::vector<std::int64_t>> avoid;
};

struct GroupMember {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string bio;
  std::vector<std::string> interests;
  std::vector<std::string> topics;
  std::vector<std::string> languages;
  bool is_host = false;
  std::optional<bool> met;  // this member's answer
};

struct Group {
  std::int64_t id = 0;
  std::int64_t round_id = 0;
  int round_number = 0;
  std::int64_t closed_at = 0;
  std::vector<GroupMember> members;
  std::vector<int> common_slots;  // UTC hours of the week
  std::vector<std::string> shared_topics;
};

struct ProgramView {
  Program program;
  communities::Community community;
  bool can_manage = false;
  bool in_audience = true;        // the viewer may opt in (see Program::audience)
  Participation mine;             // opted_in false when never joined
  std::optional<Group> my_group;  // from the latest closed round the viewer was grouped in
  // Other participants, for the private "don't group me with" choice.
  std::vector<std::pair<std::int64_t, std::string>> others;
};

// One choice of the program forms' audience list: "members", "cohort:KEY"
// or "project:ID", labelled with the cohort's name or the project's title.
struct AudienceOption {
  std::string value;
  std::string label;
  std::string kind;  // members | cohort | project
};

struct CloseOutcome {
  Round closed;
  Round next;
  int groups = 0;
  int people = 0;
  int repeated_pairs = 0;
  int hard_violations = 0;
};

struct ProgramStats {
  int rounds_closed = 0;
  int groups = 0;
  int groups_answered = 0;  // at least one member answered
  int groups_met = 0;       // at least one member said yes
  double met_rate = 0;      // groups_met / groups_answered, 0 when none answered
  int new_connections = 0;  // pairs first introduced by this program, in groups that met
  int people_grouped = 0;
  std::vector<std::pair<std::int64_t, std::string>> never_grouped;  // opted in, never in a group
  std::vector<Round> rounds;                                        // closed ones, newest first
};

inline constexpr std::size_t kMaxProgramNameChars = 80;
inline constexpr std::size_t kMaxProgramDescriptionChars = 2000;
inline constexpr std::size_t kMaxTags = 10;
inline constexpr std::size_t kMaxTagChars = 30;
inline constexpr std::size_t kMaxSlots = kHoursPerWeek;
inline constexpr std::size_t kMaxAvoid = 50;
inline constexpr std::size_t kMaxProgramsPerCommunity = 50;

class CoffeeService {
 public:
  CoffeeService(db::Database& database, const Clock& clock,
                communities::CommunitiesService& communities, academy::AcademyService& academy);

  // Members and admins see programs; organizers and admins manage them.
  Result<std::vector<Program>> programs(const accounts::Viewer& viewer, const std::string& slug);
  Result<Program> create(const accounts::Viewer& viewer, const std::string& slug,
                         const ProgramInput& input);
  Result<Program> update(const accounts::Viewer& viewer, const std::string& slug,
                         std::int64_t program_id, const ProgramInput& input);
  Result<ProgramView> view(const accounts::Viewer& viewer, const std::string& slug,
                           std::int64_t program_id);
  // Organizers: what a program may be for (members, each cohort, each
  // approved project), newest cohort first.
  Result<std::vector<AudienceOption>> audience_options(const accounts::Viewer& viewer,
                                                       const std::string& slug);

  // Members only: opt in or out, snooze the open round, availability and so
  // on. Opting in needs the viewer to be in the program's audience (403 with
  // the reason otherwise); opting out is always possible.
  Result<Participation> participate(const accounts::Viewer& viewer, const std::string& slug,
                                    std::int64_t program_id, const ParticipationInput& input);

  // Organizers: form the open round's groups now and open the next round.
  Result<CloseOutcome> close_round(const accounts::Viewer& viewer, const std::string& slug,
                                   std::int64_t program_id);
  // For the background worker: closes every open round whose cut-off has
  // passed (too few people: the round closes with no groups). Returns how many.
  Result<int> close_due_rounds();

  // "Did we meet?" for the viewer's own group of a closed round.
  Status answer(const accounts::Viewer& viewer, const std::string& slug, std::int64_t program_id,
                std::int64_t group_id, bool met);

  Result<ProgramStats> stats(const accounts::Viewer& viewer, const std::string& slug,
                             std::int64_t program_id);
  // Organizers: the groups of one closed round.
  Result<std::vector<Group>> round_groups(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t program_id, std::int64_t round_id);

 private:
  struct Access {
    communities::Community community;
    communities::Standing standing;
  };
  Result<Access> member_access(const accounts::Viewer& viewer, const std::string& slug);
  Result<Access> manager_access(const accounts::Viewer& viewer, const std::string& slug);
  Result<Program> load(db::Transaction& reader, std::int64_t community_id, std::int64_t program_id);
  // Forms and stores the open round's groups; closed_by 0 = due.
  Result<CloseOutcome> close_open_round(const communities::Community& community,
                                        const Program& program, std::int64_t closed_by,
                                        bool allow_empty);
  // Checks and resolves an audience choice against the academy.
  struct AudienceChoice {
    std::string kind;  // members | cohort | project
    std::optional<std::int64_t> cohort_id, project_id;
  };
  Result<AudienceChoice> resolve_audience(const accounts::Viewer& viewer, const std::string& slug,
                                          const ProgramInput& input, const Program* current);
  static Status store_audience(db::Transaction& transaction, std::int64_t program_id,
                               const AudienceChoice& choice);
  // Each member's current projects and cohorts, and who is in the audience.
  struct Belonging {
    std::map<std::int64_t, std::vector<std::int64_t>> projects, cohorts;  // by user
    std::set<std::int64_t> audience;  // only meaningful when the program has one
  };
  Result<Belonging> belonging(const Program& program);
  static bool in_audience(const Program& program, const Belonging& belonging, std::int64_t user_id);
  static std::string audience_refusal(const Program& program);
  Result<std::vector<Group>> load_groups(db::Transaction& reader, const std::string& where,
                                         const std::vector<db::Value>& params);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  academy::AcademyService& academy_;
};

}  // namespace moim::coffee
