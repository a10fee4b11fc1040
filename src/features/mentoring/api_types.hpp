// The mentoring API's typed bodies and replies (Boost.Describe: parsed,
// written and documented in OpenAPI from these declarations).
#pragma once

#include <boost/describe.hpp>

#include "features/mentoring/mentoring_service.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::allocation::mentoring {
BOOST_DESCRIBE_ENUM(Mode, fit, stable)
}  // namespace moim::allocation::mentoring

namespace moim::mentoring {
BOOST_DESCRIBE_ENUM(Format, one_to_one, group)
BOOST_DESCRIBE_ENUM(Audience, members, anyone)
BOOST_DESCRIBE_ENUM(Review, pending, accepted, declined, withdrawn)
}  // namespace moim::mentoring

namespace moim::mentoring::api {

using web::Instant;
using web::Int;
using web::Text;
using Word = Text<1, kMaxWordChars>;

struct CommunityPath {
  std::string slug;
};
BOOST_DESCRIBE_STRUCT(CommunityPath, (), (slug))
struct ProgramPath {
  std::string slug;
  std::int64_t program = 0;
};
BOOST_DESCRIBE_STRUCT(ProgramPath, (), (slug, program))
struct OfferPath {
  std::string slug;
  std::int64_t program = 0;
  std::int64_t offer = 0;
};
BOOST_DESCRIBE_STRUCT(OfferPath, (), (slug, program, offer))
struct ApplicationPath {
  std::string slug;
  std::int64_t program = 0;
  std::int64_t application = 0;
};
BOOST_DESCRIBE_STRUCT(ApplicationPath, (), (slug, program, application))
struct RulePath {
  std::string slug;
  std::int64_t program = 0;
  std::int64_t rule = 0;
};
BOOST_DESCRIBE_STRUCT(RulePath, (), (slug, program, rule))
struct RunPath {
  std::string slug;
  std::int64_t program = 0;
  std::int64_t run = 0;
};
BOOST_DESCRIBE_STRUCT(RunPath, (), (slug, program, run))
struct PairPath {
  std::string slug;
  std::int64_t program = 0;
  std::int64_t pair = 0;
};
BOOST_DESCRIBE_STRUCT(PairPath, (), (slug, program, pair))

// ---- bodies -----------------------------------------------------------------

// A new program: what it needs; a change (PATCH) gives only what changes.
struct ProgramBody {
  std::optional<Text<1, kMaxNameChars>> name;
  std::optional<Text<0, kMaxDescriptionChars>> description;
  std::optional<Text<10, 10>> starts_on;  // YYYY-MM-DD in the community's zone
  std::optional<Text<10, 10>> ends_on;    // the last day
  std::optional<Format> format;
  std::optional<Int<1, 90>> cadence_days;
  std::optional<Int<1, 52>> sessions;
  std::optional<Int<15, 600>> session_minutes;
  std::optional<std::vector<Word>> languages;
  std::optional<std::vector<Word>> topics;
  std::optional<Audience> audience;
  std::optional<bool> allow_repeat_pairs;
  std::optional<bool> signups_closed;
};
BOOST_DESCRIBE_STRUCT(ProgramBody, (),
                      (name, description, starts_on, ends_on, format, cadence_days, sessions,
                       session_minutes, languages, topics, audience, allow_repeat_pairs,
                       signups_closed))

struct OfferBody {
  std::optional<Int<1, kMaxCapacity>> capacity;  // required for a new offer
  std::optional<std::vector<Word>> languages;
  std::optional<std::vector<Word>> topics;
  std::optional<Text<1, 64>> time_zone;       // IANA, e.g. Asia/Seoul
  std::optional<Text<1, 4000>> availability;  // "mon 19:00-21:00", one a line, in time_zone
  std::optional<Text<0, kMaxBioChars>> bio;
  std::optional<Text<0, kMaxBioChars>> help_with;
};
BOOST_DESCRIBE_STRUCT(OfferBody, (),
                      (capacity, languages, topics, time_zone, availability, bio, help_with))

struct ApplicationBody {
  std::optional<std::vector<Text<1, kMaxGoalChars>>> goals;  // one to three
  std::optional<std::vector<Word>> languages;
  std::optional<std::vector<Word>> topics;
  std::optional<Text<1, 64>> time_zone;
  std::optional<Text<1, 4000>> availability;
  std::optional<std::vector<std::int64_t>> ranking;  // offer ids, most wanted first
};
BOOST_DESCRIBE_STRUCT(ApplicationBody, (),
                      (goals, languages, topics, time_zone, availability, ranking))

enum class Decision { accept, decline };
BOOST_DESCRIBE_ENUM(Decision, accept, decline)
struct ReviewBody {
  Decision decision = Decision::accept;
  std::optional<Text<0, kMaxReasonChars>> reason;
};
BOOST_DESCRIBE_STRUCT(ReviewBody, (), (decision, reason))

enum class RuleKind { pin, exclude };
BOOST_DESCRIBE_ENUM(RuleKind, pin, exclude)
struct RuleBody {
  std::int64_t offer_id = 0;
  std::int64_t application_id = 0;
  RuleKind kind = RuleKind::pin;
  Text<1, kMaxReasonChars> reason;
};
BOOST_DESCRIBE_STRUCT(RuleBody, (), (offer_id, application_id, kind, reason))

struct MatchBody {
  allocation::mentoring::Mode mode = allocation::mentoring::Mode::fit;
  std::optional<Int<0, (std::int64_t{1} << 53)>> seed;  // a random one when absent
};
BOOST_DESCRIBE_STRUCT(MatchBody, (), (mode, seed))

// ---- replies ----------------------------------------------------------------

struct ProgramOut {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::string starts_on, ends_on;  // YYYY-MM-DD in time_zone, the last day inclusive
  std::string time_zone;
  Format format = Format::one_to_one;
  std::int64_t cadence_days = 0, sessions = 0, session_minutes = 0;
  std::vector<std::string> languages, topics;
  Audience audience = Audience::members;
  bool allow_repeat_pairs = false;
  bool signups_open = true;
  bool announced = false;
  std::int64_t mentors = 0, mentees = 0;
};
BOOST_DESCRIBE_STRUCT(ProgramOut, (),
                      (id, name, description, starts_on, ends_on, time_zone, format, cadence_days,
                       sessions, session_minutes, languages, topics, audience, allow_repeat_pairs,
                       signups_open, announced, mentors, mentees))
struct ProgramList {
  std::vector<ProgramOut> programs;
};
BOOST_DESCRIBE_STRUCT(ProgramList, (), (programs))

struct ProfileOut {
  std::vector<std::string> languages, topics;
  std::string time_zone;
  std::string availability;
};
BOOST_DESCRIBE_STRUCT(ProfileOut, (), (languages, topics, time_zone, availability))

struct OfferOut {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string display_name;
  std::int64_t capacity = 0;
  ProfileOut profile;
  std::vector<std::vector<std::int64_t>> utc_hours;  // [begin, end] minutes from Monday 00:00 UTC
  std::string bio, help_with;
  Review status = Review::pending;
  std::string review_reason;
};
BOOST_DESCRIBE_STRUCT(OfferOut, (),
                      (id, user_id, display_name, capacity, profile, utc_hours, bio, help_with,
                       status, review_reason))
struct OfferList {
  std::vector<OfferOut> offers;
};
BOOST_DESCRIBE_STRUCT(OfferList, (), (offers))

struct ApplicationOut {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string display_name;
  std::vector<std::string> goals;
  ProfileOut profile;
  std::vector<std::vector<std::int64_t>> utc_hours;
  std::vector<std::int64_t> ranking;
  Review status = Review::pending;
  std::string review_reason;
};
BOOST_DESCRIBE_STRUCT(ApplicationOut, (),
                      (id, user_id, display_name, goals, profile, utc_hours, ranking, status,
                       review_reason))
struct ApplicationList {
  std::vector<ApplicationOut> applications;
};
BOOST_DESCRIBE_STRUCT(ApplicationList, (), (applications))

struct RuleOut {
  std::int64_t id = 0;
  std::int64_t offer_id = 0, application_id = 0;
  std::string mentor, mentee;
  RuleKind kind = RuleKind::pin;
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(RuleOut, (), (id, offer_id, application_id, mentor, mentee, kind, reason))
struct RuleList {
  std::vector<RuleOut> rules;
};
BOOST_DESCRIBE_STRUCT(RuleList, (), (rules))

struct RunPairOut {
  std::int64_t offer_id = 0, application_id = 0;
  std::string mentor, mentee;
  std::int64_t score = 0, overlap_minutes = 0, shared_topics = 0, ranked = 0;
  bool pinned = false;
};
BOOST_DESCRIBE_STRUCT(RunPairOut, (),
                      (offer_id, application_id, mentor, mentee, score, overlap_minutes,
                       shared_topics, ranked, pinned))
struct UnmatchedOut {
  std::int64_t application_id = 0;
  std::string mentee;
  std::string reason;  // no_mentors, no_shared_language, no_common_hours, excluded, mentors_full
  std::int64_t compatible_mentors = 0;
};
BOOST_DESCRIBE_STRUCT(UnmatchedOut, (), (application_id, mentee, reason, compatible_mentors))
struct SummaryOut {
  std::int64_t mentees = 0, mentors = 0, capacity = 0, matched = 0, unmatched = 0, pinned = 0;
  std::int64_t total_score = 0, compatible_pairs = 0;
};
BOOST_DESCRIBE_STRUCT(SummaryOut, (),
                      (mentees, mentors, capacity, matched, unmatched, pinned, total_score,
                       compatible_pairs))
struct RunOut {
  std::int64_t id = 0;
  allocation::mentoring::Mode mode = allocation::mentoring::Mode::fit;
  std::int64_t seed = 0;
  Instant created_at;
  bool announced = false;
  SummaryOut summary;
  std::vector<RunPairOut> pairs;
  std::vector<UnmatchedOut> unmatched;
};
BOOST_DESCRIBE_STRUCT(RunOut, (),
                      (id, mode, seed, created_at, announced, summary, pairs, unmatched))
struct RunList {
  std::vector<RunOut> runs;
};
BOOST_DESCRIBE_STRUCT(RunList, (), (runs))

struct SideOut {
  std::int64_t user_id = 0;
  std::string display_name;
  ProfileOut profile;
  std::string bio, help_with;
};
BOOST_DESCRIBE_STRUCT(SideOut, (), (user_id, display_name, profile, bio, help_with))
struct PairOut {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  SideOut mentor, mentee;
  std::vector<std::string> goals;
  std::int64_t score = 0, overlap_minutes = 0;
  std::vector<std::vector<std::int64_t>> common_utc_hours;
};
BOOST_DESCRIBE_STRUCT(PairOut, (),
                      (id, program_id, mentor, mentee, goals, score, overlap_minutes,
                       common_utc_hours))
struct PairList {
  std::vector<PairOut> pairs;
};
BOOST_DESCRIBE_STRUCT(PairList, (), (pairs))

struct StandingOut {
  bool organizer = false;
  bool member = false;
  std::optional<OfferOut> offer;
  std::optional<ApplicationOut> application;
  std::vector<PairOut> pairs;
  std::optional<std::string> unmatched_reason;
};
BOOST_DESCRIBE_STRUCT(StandingOut, (),
                      (organizer, member, offer, application, pairs, unmatched_reason))

}  // namespace moim::mentoring::api
