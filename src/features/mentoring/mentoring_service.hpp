// Mentoring programs (issue #18): organizers open a program in a community;
// mentors offer (topics, languages, weekly hours in their own zone,
// capacity, bio); mentees apply (up to three goals, topics, languages,
// hours, up to five ranked mentors); organizers accept or decline both
// sides, pin or exclude pairs with a reason, run the matcher
// (engines/allocation/mentoring: best total fit or stable) as often as they
// like, and announce one run: its pairs are made and both sides are mailed
// each other's profile and common hours (outbox).
//
// Every change is one transaction. Programs open to anyone make a
// non-member who signs up a member (눈팅) in the same transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engines/allocation/mentoring.hpp"
#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "features/mentoring/week_hours.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::mentoring {

inline constexpr std::size_t kMaxNameChars = 100;
inline constexpr std::size_t kMaxDescriptionChars = 5000;
inline constexpr std::size_t kMaxWordChars = 40;  // a language or topic
inline constexpr std::size_t kMaxLanguages = 16;
inline constexpr std::size_t kMaxTopics = 32;
inline constexpr std::size_t kMaxGoals = 3;
inline constexpr std::size_t kMaxGoalChars = 300;
inline constexpr std::size_t kMaxBioChars = 1000;
inline constexpr std::size_t kMaxReasonChars = 300;
inline constexpr int kMaxCapacity = 50;

enum class Format { one_to_one, group };
enum class Audience { members, anyone };
enum class Review { pending, accepted, declined, withdrawn };
std::string_view review_name(Review review);

struct Program {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string community_slug;
  std::string name;
  std::string description;
  std::int64_t starts_at = 0;  // local midnight of the first day, UTC seconds
  std::int64_t ends_at = 0;    // local midnight after the last day
  Format format = Format::one_to_one;
  int cadence_days = 14;
  int sessions = 6;
  int session_minutes = 60;
  std::vector<std::string> languages;
  std::vector<std::string> topics;
  Audience audience = Audience::members;
  bool allow_repeat_pairs = false;
  std::optional<std::int64_t> signups_closed_at;
  std::optional<std::int64_t> announced_run_id;
  int mentors = 0;        // offers not withdrawn
  int mentees = 0;        // applications not withdrawn
  std::string time_zone;  // the community's: the program's dates are in it
  bool signups_open() const { return !signups_closed_at && !announced_run_id; }
};

struct ProgramInput {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> starts_on;  // "YYYY-MM-DD" in the community's zone
  std::optional<std::string> ends_on;    // the last day, inclusive
  std::optional<std::string> format;     // "one_to_one" | "group"
  std::optional<int> cadence_days;
  std::optional<int> sessions;
  std::optional<int> session_minutes;
  std::optional<std::vector<std::string>> languages;
  std::optional<std::vector<std::string>> topics;
  std::optional<std::string> audience;  // "members" | "anyone"
  std::optional<bool> allow_repeat_pairs;
  std::optional<bool> signups_closed;
};

// What both sides say of themselves.
struct Profile {
  std::vector<std::string> languages;
  std::vector<std::string> topics;
  std::string time_zone;
  std::string availability;  // as typed, one stretch a line in time_zone
};

struct Offer {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t user_id = 0;
  std::string display_name;
  int capacity = 1;
  Profile profile;
  std::vector<Interval> hours;  // UTC minutes of the week
  std::string bio;
  std::string help_with;
  Review status = Review::pending;
  std::string review_reason;
  std::int64_t created_at = 0;
};

struct OfferInput {
  std::optional<int> capacity;
  std::optional<std::vector<std::string>> languages;
  std::optional<std::vector<std::string>> topics;
  std::optional<std::string> time_zone;
  std::optional<std::string> availability;
  std::optional<std::string> bio;
  std::optional<std::string> help_with;
};

struct Application {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t user_id = 0;
  std::string display_name;
  std::vector<std::string> goals;
  Profile profile;
  std::vector<Interval> hours;
  std::vector<std::int64_t> ranking;  // offer ids, most wanted first
  Review status = Review::pending;
  std::string review_reason;
  std::int64_t created_at = 0;
};

struct ApplicationInput {
  std::optional<std::vector<std::string>> goals;
  std::optional<std::vector<std::string>> languages;
  std::optional<std::vector<std::string>> topics;
  std::optional<std::string> time_zone;
  std::optional<std::string> availability;
  std::optional<std::vector<std::int64_t>> ranking;
};

// A mentor as a mentee sees them when ranking: no review details.
struct MentorCard {
  std::int64_t offer_id = 0;
  std::string display_name;
  std::vector<std::string> languages, topics;
  std::string bio, help_with;
  std::vector<std::string> hours;  // in the viewer's zone
  int capacity = 1;
};

struct Rule {
  std::int64_t id = 0;
  std::int64_t offer_id = 0;
  std::int64_t application_id = 0;
  std::string mentor_name, mentee_name;
  bool pin = false;  // else an exclusion
  std::string reason;
};

struct RunPair {
  std::int64_t offer_id = 0, application_id = 0;
  std::string mentor_name, mentee_name;
  int score = 0, overlap_minutes = 0, shared_topics = 0, ranked = 0;
  bool pinned = false;
};

struct RunUnmatched {
  std::int64_t application_id = 0;
  std::string mentee_name;
  std::string reason;  // allocation::mentoring::UnmatchedReason's name
  int compatible_mentors = 0;
};

struct Run {
  std::int64_t id = 0;
  std::string mode;  // "fit" | "stable"
  std::uint64_t seed = 0;
  std::int64_t created_at = 0;
  allocation::mentoring::Summary summary;
  std::vector<RunPair> pairs;
  std::vector<RunUnmatched> unmatched;
  bool announced = false;
};

// An announced pair, as either side (or an organizer) sees it.
struct Pair {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::string program_name;
  struct Side {
    std::int64_t user_id = 0;
    std::string display_name;
    Profile profile;
    std::string bio;        // the mentor's
    std::string help_with;  // the mentor's
  } mentor, mentee;
  std::vector<std::string> goals;  // the mentee's
  int score = 0;
  int overlap_minutes = 0;
  std::vector<Interval> common;  // UTC minutes of the week both are free
};

// What the program page shows the viewer about themselves.
struct Standing {
  bool organizer = false;
  bool member = false;
  std::optional<Offer> offer;
  std::optional<Application> application;
  std::vector<Pair> pairs;  // announced pairs the viewer is in
  // After the announcement, why the viewer's accepted application found no
  // mentor (an UnmatchedReason's name), so nobody is left unmatched silently.
  std::optional<std::string> unmatched_reason;
};

class MentoringService {
 public:
  MentoringService(db::Database& database, const Clock& clock,
                   communities::CommunitiesService& communities);

  // Programs. Members (and anyone, for programs open to anyone) read;
  // organizers create and change.
  Result<Program> create(const accounts::Viewer& viewer, const std::string& slug,
                         const ProgramInput& input);
  Result<Program> update(const accounts::Viewer& viewer, const std::string& slug,
                         std::int64_t program_id, const ProgramInput& input);
  Result<std::vector<Program>> programs(const accounts::Viewer& viewer, const std::string& slug);
  Result<Program> program(const accounts::Viewer& viewer, const std::string& slug,
                          std::int64_t program_id);
  Result<Standing> standing(const accounts::Viewer& viewer, const Program& program);
  Result<bool> may_organize(const accounts::Viewer& viewer, const std::string& slug);

  // Signing up: one offer and one application per person and program while
  // sign-ups are open; a second is a 409 (applying twice). A withdrawn one
  // may be made again. change_* changes the viewer's own (404 if none; a
  // declined one stays declined: 409). Outside members sign up only to
  // programs open to anyone, and join the community with it.
  Result<Offer> offer(const accounts::Viewer& viewer, const std::string& slug,
                      std::int64_t program_id, const OfferInput& input);
  Result<Offer> change_offer(const accounts::Viewer& viewer, const std::string& slug,
                             std::int64_t program_id, const OfferInput& input);
  Result<Application> apply(const accounts::Viewer& viewer, const std::string& slug,
                            std::int64_t program_id, const ApplicationInput& input);
  Result<Application> change_application(const accounts::Viewer& viewer, const std::string& slug,
                                         std::int64_t program_id, const ApplicationInput& input);
  Status withdraw(const accounts::Viewer& viewer, const std::string& slug, std::int64_t program_id,
                  bool mentor);
  // The mentors a mentee may rank (offers neither withdrawn nor declined:
  // mentees rank while organizers still review), hours shown in `zone`.
  Result<std::vector<MentorCard>> mentor_cards(const accounts::Viewer& viewer,
                                               const std::string& slug, std::int64_t program_id,
                                               const std::string& zone,
                                               const std::string& language);

  // Organizers: both sides, their review, pins and exclusions.
  Result<std::vector<Offer>> offers(const accounts::Viewer& viewer, const std::string& slug,
                                    std::int64_t program_id);
  Result<std::vector<Application>> applications(const accounts::Viewer& viewer,
                                                const std::string& slug, std::int64_t program_id);
  Result<Offer> review_offer(const accounts::Viewer& viewer, const std::string& slug,
                             std::int64_t program_id, std::int64_t offer_id, bool accept,
                             const std::string& reason);
  Result<Application> review_application(const accounts::Viewer& viewer, const std::string& slug,
                                         std::int64_t program_id, std::int64_t application_id,
                                         bool accept, const std::string& reason);
  Result<std::vector<Rule>> rules(const accounts::Viewer& viewer, const std::string& slug,
                                  std::int64_t program_id);
  Result<Rule> add_rule(const accounts::Viewer& viewer, const std::string& slug,
                        std::int64_t program_id, std::int64_t offer_id, std::int64_t application_id,
                        bool pin, const std::string& reason);
  Status remove_rule(const accounts::Viewer& viewer, const std::string& slug,
                     std::int64_t program_id, std::int64_t rule_id);

  // Matching: a run of the engine on the accepted sides, kept; the newest
  // runs first. Announcing a run makes its pairs and mails everyone.
  Result<Run> match(const accounts::Viewer& viewer, const std::string& slug,
                    std::int64_t program_id, allocation::mentoring::Mode mode, std::uint64_t seed);
  Result<std::vector<Run>> runs(const accounts::Viewer& viewer, const std::string& slug,
                                std::int64_t program_id, int limit = 5);
  Result<Run> announce(const accounts::Viewer& viewer, const std::string& slug,
                       std::int64_t program_id, std::int64_t run_id);

  // Announced pairs: organizers see all of a program's; a member only their
  // own; anyone else gets a 404 for a pair (as if it did not exist).
  Result<std::vector<Pair>> pairs(const accounts::Viewer& viewer, const std::string& slug,
                                  std::int64_t program_id);
  Result<Pair> pair(const accounts::Viewer& viewer, const std::string& slug,
                    std::int64_t program_id, std::int64_t pair_id);

 private:
  Result<Offer> save_offer(const accounts::Viewer& viewer, const std::string& slug,
                           std::int64_t program_id, const OfferInput& input, bool change);
  Result<Application> save_application(const accounts::Viewer& viewer, const std::string& slug,
                                       std::int64_t program_id, const ApplicationInput& input,
                                       bool change);
  Result<Run> read_run(db::Transaction& transaction, const Program& program, std::int64_t run_id);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
};

}  // namespace moim::mentoring
