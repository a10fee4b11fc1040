// Helpers shared by the mentoring service's files; not part of its interface.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "features/accounts/contacts.hpp"
#include "features/mentoring/mentoring_service.hpp"

namespace moim::mentoring::internal {

// Where a call stands: the community and the caller's place in it.
struct Place {
  communities::Community community;
  communities::Standing standing;
  bool organizer() const { return standing.can_manage(); }
};
Result<Place> place_of(communities::CommunitiesService& communities, const accounts::Viewer& viewer,
                       const std::string& slug);
// A program of the community the caller may see (members, organizers, and
// anyone for programs open to anyone); anything else is a 404.
Result<Program> visible_program(db::Transaction& transaction, const Place& place,
                                std::int64_t program_id);
Result<Program> organized_program(db::Transaction& transaction, const Place& place,
                                  std::int64_t program_id);

std::string encode_words(const std::vector<std::string>& words);
std::vector<std::string> decode_words(const std::string& json);
std::string encode_ids(const std::vector<std::int64_t>& ids);
std::vector<std::int64_t> decode_ids(const std::string& json);

inline constexpr const char* kProgramColumns =
    "id, community_id, name, description, starts_at, ends_at, format, cadence_days, sessions, "
    "session_minutes, languages, topics, audience, allow_repeat_pairs, signups_closed_at, "
    "announced_run_id, mentors_count, mentees_count";
Program program_from(const db::Row& row, const communities::Community& community);

inline constexpr const char* kOfferColumns =
    "id, program_id, user_id, capacity, languages, topics, time_zone, availability, "
    "availability_utc, bio, help_with, status, review_reason, created_at";
Offer offer_from(const db::Row& row);
inline constexpr const char* kApplicationColumns =
    "id, program_id, user_id, goals, languages, topics, time_zone, availability, "
    "availability_utc, ranking, status, review_reason, created_at";
Application application_from(const db::Row& row);
Review review_from(std::string_view name);

// Display names (and addresses) of the people in `offers`/`applications`,
// filled in with one query a few hundred people.
Status name_people(db::Transaction& transaction, std::vector<Offer>& offers,
                   std::vector<Application>& applications);

// The program's list words as one person picked them: each must be one of
// the program's (case-insensitively), given in the program's spelling, none
// twice; `field` names the list in errors ("languages[1]").
Result<std::vector<std::string>> pick_words(const std::vector<std::string>& picked,
                                            const std::vector<std::string>& allowed,
                                            const std::string& field, bool required);

// A program's announced pairs with both sides' profiles: all of them, or
// those `user_id` is in, or the one `pair_id`.
struct PairFilter {
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> pair_id;
};
Result<std::vector<Pair>> read_pairs(db::Transaction& transaction, const Program& program,
                                     const PairFilter& filter);

// The match mails of an announced program: each side gets the other's
// profile and their common hours in both zones (outbox rows, in the
// announcing transaction).
Status mail_pairs(db::Transaction& transaction, const Program& program,
                  const communities::Community& community, std::int64_t now);

}  // namespace moim::mentoring::internal
