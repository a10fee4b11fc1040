// Signing up: mentors offer, mentees apply, both may change or withdraw
// while sign-ups are open. A person from outside a program open to anyone
// joins the community in the same transaction.
#include <algorithm>
#include <set>

#include "features/mentoring/internal.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"

namespace moim::mentoring {

using internal::Place;

namespace {

Result<std::string> bounded_text(const std::optional<std::string>& value, const std::string& field,
                                 std::size_t max_chars) {
  std::string text = web::trim(value.value_or(""));
  if (web::utf8_length(text) > max_chars)
    return Error::invalid(field,
                          field + " must be at most " + std::to_string(max_chars) + " characters");
  return text;
}

// The profile both sides give, checked against the program.
struct CheckedProfile {
  Profile profile;
  std::vector<Interval> hours;
};

Result<CheckedProfile> check_profile(const Program& program,
                                     const std::optional<std::vector<std::string>>& languages,
                                     const std::optional<std::vector<std::string>>& topics,
                                     const std::optional<std::string>& time_zone,
                                     const std::optional<std::string>& availability) {
  CheckedProfile checked;
  auto picked_languages = internal::pick_words(languages.value_or(std::vector<std::string>{}),
                                               program.languages, "languages", true);
  if (!picked_languages) return picked_languages.error();
  checked.profile.languages = std::move(picked_languages.value());
  if (!program.topics.empty() || (topics && !topics->empty())) {
    auto picked_topics = internal::pick_words(topics.value_or(std::vector<std::string>{}),
                                              program.topics, "topics", false);
    if (!picked_topics) return picked_topics.error();
    checked.profile.topics = std::move(picked_topics.value());
  }
  if (!time_zone || time_zone->empty()) return Error::invalid("time_zone", "time_zone is required");
  if (time_zone->size() > 64 || !is_valid_time_zone(*time_zone))
    return Error::invalid("time_zone", "time_zone: there is no time zone '" +
                                           time_zone->substr(0, 64) +
                                           "' (use an IANA name, e.g. Asia/Seoul)");
  checked.profile.time_zone = *time_zone;
  const std::string typed = availability.value_or("");
  if (typed.size() > 4000)
    return Error::invalid("availability", "availability must be at most 4000 characters");
  auto hours = utc_week_hours(typed, *time_zone, program.starts_at, program.ends_at);
  if (!hours) return hours.error();
  checked.profile.availability = web::trim(typed);
  checked.hours = std::move(hours.value());
  return checked;
}

// An offer or application made or changed: a change keeps the profile
// fields it does not give (`before`, null for a new one), then the whole
// profile is checked against the program.
template <class Input>
Result<CheckedProfile> check_changed_profile(const Program& program, const Input& input,
                                             const Profile* before) {
  using Words = std::optional<std::vector<std::string>>;
  using Text = std::optional<std::string>;
  return check_profile(program,
                       input.languages ? input.languages
                       : before        ? Words(before->languages)
                                       : Words(),
                       input.topics ? input.topics
                       : before     ? Words(before->topics)
                                    : Words(),
                       input.time_zone ? input.time_zone
                       : before        ? Text(before->time_zone)
                                       : Text(),
                       input.availability ? input.availability
                       : before           ? Text(before->availability)
                                          : Text());
}

Error signups_closed() {
  return Error{409, "signups_closed", "sign-ups for this program are closed", "program"};
}

// The caller may sign up: signed in, sign-ups open, and a member, or about
// to become one (a program open to anyone).
Status may_sign_up(const Place& place, const Program& program) {
  if (!program.signups_open()) return signups_closed();
  if (!place.standing.is_member() && program.audience != Audience::anyone)
    return Error::forbidden("only members of the community may sign up for this program");
  return ok_status();
}

Status join_if_outside(communities::CommunitiesService& communities, db::Transaction& transaction,
                       const Place& place, std::int64_t user_id, std::int64_t now) {
  if (place.standing.is_member()) return ok_status();
  return communities.admit(transaction, place.community.id, user_id, "mentoring_signup", now);
}

Status count(db::Transaction& transaction, std::int64_t program_id, bool mentor, int delta) {
  const std::string column = mentor ? "mentors_count" : "mentees_count";
  auto updated = transaction.execute(
      "UPDATE mentoring_programs SET " + column + " = " + column + " + ? WHERE id = ?",
      {std::int64_t{delta}, program_id});
  if (!updated) return updated.error();
  return ok_status();
}

Result<std::optional<Offer>> own_offer(db::Transaction& transaction, std::int64_t program_id,
                                       std::int64_t user_id) {
  auto row =
      transaction.query_one(std::string("SELECT ") + internal::kOfferColumns +
                                " FROM mentoring_offers WHERE program_id = ? AND user_id = ?",
                            {program_id, user_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<Offer>();
  return std::optional<Offer>(internal::offer_from(**row));
}

Result<std::optional<Application>> own_application(db::Transaction& transaction,
                                                   std::int64_t program_id, std::int64_t user_id) {
  auto row =
      transaction.query_one(std::string("SELECT ") + internal::kApplicationColumns +
                                " FROM mentoring_applications WHERE program_id = ? AND user_id = ?",
                            {program_id, user_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<Application>();
  return std::optional<Application>(internal::application_from(**row));
}

// Ranked mentors: at most five, none twice, each a mentor of this program
// who is not withdrawn or declined, and not the mentee themselves.
Status check_ranking(db::Transaction& transaction, const Program& program, std::int64_t user_id,
                     const std::vector<std::int64_t>& ranking) {
  if (ranking.size() > static_cast<std::size_t>(allocation::mentoring::kMaxRanking))
    return Error::invalid("ranking", "ranking: at most five mentors");
  std::set<std::int64_t> seen;
  for (std::size_t index = 0; index < ranking.size(); ++index) {
    const std::string where = "ranking[" + std::to_string(index) + "]";
    if (!seen.insert(ranking[index]).second)
      return Error::invalid("ranking", where + ": ranked twice");
    auto row = transaction.query_one(
        "SELECT user_id FROM mentoring_offers WHERE id = ? AND program_id = ? AND status IN "
        "('pending', 'accepted')",
        {ranking[index], program.id});
    if (!row) return row.error();
    if (!row->has_value() || (*row)->int64(0) == user_id)
      return Error::invalid("ranking", where + ": not a mentor of this program");
  }
  return ok_status();
}

}  // namespace

Result<Offer> MentoringService::offer(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t program_id, const OfferInput& input) {
  return save_offer(viewer, slug, program_id, input, false);
}

Result<Offer> MentoringService::change_offer(const accounts::Viewer& viewer,
                                             const std::string& slug, std::int64_t program_id,
                                             const OfferInput& input) {
  return save_offer(viewer, slug, program_id, input, true);
}

Result<Offer> MentoringService::save_offer(const accounts::Viewer& viewer, const std::string& slug,
                                           std::int64_t program_id, const OfferInput& input,
                                           bool change) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto program = internal::visible_program(*transaction, *place, program_id);
  if (!program) return program.error();
  auto existing = own_offer(*transaction, program_id, viewer.user_id());
  if (!existing) return existing.error();
  const bool live = *existing && (*existing)->status != Review::withdrawn;
  if (change) {
    if (!live) return Error::not_found("you have no offer in this program");
    if (!program->signups_open()) return signups_closed();
    if ((*existing)->status == Review::declined)
      return Error::conflict("offer", "your offer was declined; it can no longer change");
  } else {
    if (auto status = may_sign_up(*place, *program); !status) return status.error();
    if (live) return Error::conflict("offer", "you have already offered to mentor in this program");
  }
  const Offer* before = live ? &**existing : nullptr;
  // A change keeps what it does not give; a new offer needs it all.
  if (!input.capacity && !before) return Error::invalid("capacity", "capacity is required");
  const int capacity = input.capacity ? *input.capacity : before->capacity;
  if (capacity < 1 || capacity > kMaxCapacity)
    return Error::invalid("capacity",
                          "capacity must be 1 to " + std::to_string(kMaxCapacity) + " mentees");
  using Text = std::optional<std::string>;
  auto checked = check_changed_profile(*program, input, before ? &before->profile : nullptr);
  if (!checked) return checked.error();
  auto bio = bounded_text(input.bio ? input.bio
                          : before  ? Text(before->bio)
                                    : Text(),
                          "bio", kMaxBioChars);
  if (!bio) return bio.error();
  auto help_with = bounded_text(input.help_with ? input.help_with
                                : before        ? Text(before->help_with)
                                                : Text(),
                                "help_with", kMaxBioChars);
  if (!help_with) return help_with.error();
  const std::int64_t now = clock_.now_seconds();
  std::vector<db::Value> values{std::int64_t{capacity},
                                internal::encode_words(checked->profile.languages),
                                internal::encode_words(checked->profile.topics),
                                checked->profile.time_zone,
                                checked->profile.availability,
                                intervals_json(checked->hours),
                                *bio,
                                *help_with,
                                now};
  if (!live) {
    if (auto status = join_if_outside(communities_, *transaction, *place, viewer.user_id(), now);
        !status)
      return status.error();
  }
  Result<std::int64_t> saved = std::int64_t{0};
  if (*existing) {
    values.push_back((*existing)->id);
    // Withdrawn and made again: a fresh offer, to be reviewed.
    saved = transaction->execute(
        std::string("UPDATE mentoring_offers SET capacity = ?, languages = ?, topics = ?, "
                    "time_zone = ?, availability = ?, availability_utc = ?, bio = ?, help_with = "
                    "?, updated_at = ?") +
            (live ? ""
                  : ", status = 'pending', review_reason = '', reviewed_by = NULL, "
                    "reviewed_at = NULL") +
            " WHERE id = ?",
        values);
  } else {
    values.insert(values.begin(), {program_id, viewer.user_id()});
    values.push_back(now);
    saved = transaction->execute(
        "INSERT INTO mentoring_offers (program_id, user_id, capacity, languages, topics, "
        "time_zone, availability, availability_utc, bio, help_with, updated_at, created_at, "
        "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')",
        values);
  }
  if (!saved) {
    if (saved.error().code == db::kUniqueViolation)
      return Error::conflict("offer", "you have already offered to mentor in this program");
    return saved.error();
  }
  if (!live) {
    if (auto status = count(*transaction, program_id, true, 1); !status) return status.error();
  }
  auto stored = own_offer(*transaction, program_id, viewer.user_id());
  if (!stored) return stored.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return **stored;
}

Result<Application> MentoringService::apply(const accounts::Viewer& viewer, const std::string& slug,
                                            std::int64_t program_id,
                                            const ApplicationInput& input) {
  return save_application(viewer, slug, program_id, input, false);
}

Result<Application> MentoringService::change_application(const accounts::Viewer& viewer,
                                                         const std::string& slug,
                                                         std::int64_t program_id,
                                                         const ApplicationInput& input) {
  return save_application(viewer, slug, program_id, input, true);
}

Result<Application> MentoringService::save_application(const accounts::Viewer& viewer,
                                                       const std::string& slug,
                                                       std::int64_t program_id,
                                                       const ApplicationInput& input, bool change) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto program = internal::visible_program(*transaction, *place, program_id);
  if (!program) return program.error();
  auto existing = own_application(*transaction, program_id, viewer.user_id());
  if (!existing) return existing.error();
  const bool live = *existing && (*existing)->status != Review::withdrawn;
  if (change) {
    if (!live) return Error::not_found("you have not applied to this program");
    if (!program->signups_open()) return signups_closed();
    if ((*existing)->status == Review::declined)
      return Error::conflict("application",
                             "your application was declined; it can no longer change");
  } else {
    if (auto status = may_sign_up(*place, *program); !status) return status.error();
    if (live) return Error::conflict("application", "you have already applied to this program");
  }
  const Application* before = live ? &**existing : nullptr;
  // A change keeps what it does not give; a new application needs it all.
  std::vector<std::string> goals = input.goals ? *input.goals
                                   : before    ? before->goals
                                               : std::vector<std::string>{};
  if (goals.empty()) return Error::invalid("goals", "goals: give at least one goal");
  if (goals.size() > kMaxGoals) return Error::invalid("goals", "goals: at most three");
  for (std::size_t index = 0; index < goals.size(); ++index) {
    goals[index] = web::trim(goals[index]);
    const std::size_t length = web::utf8_length(goals[index]);
    if (length == 0 || length > kMaxGoalChars)
      return Error::invalid("goals", "goals[" + std::to_string(index) + "] must be 1 to " +
                                         std::to_string(kMaxGoalChars) + " characters");
  }
  auto checked = check_changed_profile(*program, input, before ? &before->profile : nullptr);
  if (!checked) return checked.error();
  const std::vector<std::int64_t> ranking = input.ranking ? *input.ranking
                                            : before      ? before->ranking
                                                          : std::vector<std::int64_t>{};
  if (auto status = check_ranking(*transaction, *program, viewer.user_id(), ranking); !status)
    return status.error();
  const std::int64_t now = clock_.now_seconds();
  std::vector<db::Value> values{internal::encode_words(goals),
                                internal::encode_words(checked->profile.languages),
                                internal::encode_words(checked->profile.topics),
                                checked->profile.time_zone,
                                checked->profile.availability,
                                intervals_json(checked->hours),
                                internal::encode_ids(ranking),
                                now};
  if (!live) {
    if (auto status = join_if_outside(communities_, *transaction, *place, viewer.user_id(), now);
        !status)
      return status.error();
  }
  Result<std::int64_t> saved = std::int64_t{0};
  if (*existing) {
    values.push_back((*existing)->id);
    // Withdrawn and made again: a fresh application, to be reviewed.
    saved = transaction->execute(
        std::string("UPDATE mentoring_applications SET goals = ?, languages = ?, topics = ?, "
                    "time_zone = ?, availability = ?, availability_utc = ?, ranking = ?, "
                    "updated_at = ?") +
            (live ? ""
                  : ", status = 'pending', review_reason = '', reviewed_by = NULL, "
                    "reviewed_at = NULL") +
            " WHERE id = ?",
        values);
  } else {
    values.insert(values.begin(), {program_id, viewer.user_id()});
    values.push_back(now);
    saved = transaction->execute(
        "INSERT INTO mentoring_applications (program_id, user_id, goals, languages, topics, "
        "time_zone, availability, availability_utc, ranking, updated_at, created_at, status) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')",
        values);
  }
  if (!saved) {
    if (saved.error().code == db::kUniqueViolation)
      return Error::conflict("application", "you have already applied to this program");
    return saved.error();
  }
  if (!live) {
    if (auto status = count(*transaction, program_id, false, 1); !status) return status.error();
  }
  auto stored = own_application(*transaction, program_id, viewer.user_id());
  if (!stored) return stored.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return **stored;
}

Status MentoringService::withdraw(const accounts::Viewer& viewer, const std::string& slug,
                                  std::int64_t program_id, bool mentor) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto program = internal::visible_program(*transaction, *place, program_id);
  if (!program) return program.error();
  if (program->announced_run_id)
    return Error::conflict("program", "the pairs are announced; ask the organizers instead");
  const std::string table = mentor ? "mentoring_offers" : "mentoring_applications";
  auto updated = transaction->execute(
      "UPDATE " + table +
          " SET status = 'withdrawn', updated_at = ? WHERE program_id = ? AND user_id = ? AND "
          "status <> 'withdrawn'",
      {clock_.now_seconds(), program_id, viewer.user_id()});
  if (!updated) return updated.error();
  if (*updated == 0)
    return Error::not_found(mentor ? "you have no offer in this program"
                                   : "you have not applied to this program");
  if (auto status = count(*transaction, program_id, mentor, -1); !status) return status;
  return transaction->commit();
}

Result<std::vector<MentorCard>> MentoringService::mentor_cards(const accounts::Viewer& viewer,
                                                               const std::string& slug,
                                                               std::int64_t program_id,
                                                               const std::string& zone,
                                                               const std::string& language) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto program = internal::visible_program(*reader, *place, program_id);
  if (!program) return program.error();
  auto rows = reader->query(std::string("SELECT ") + internal::kOfferColumns +
                                " FROM mentoring_offers WHERE program_id = ? AND status IN "
                                "('pending', 'accepted') ORDER BY id LIMIT 1000",
                            {program_id});
  if (!rows) return rows.error();
  std::vector<Offer> offers;
  for (const auto& row : *rows) offers.push_back(internal::offer_from(row));
  std::vector<Application> none;
  if (auto status = internal::name_people(*reader, offers, none); !status) return status.error();
  const std::string shown_zone = is_valid_time_zone(zone) ? zone : program->time_zone;
  std::vector<MentorCard> cards;
  for (const auto& offer : offers) {
    if (offer.user_id == viewer.user_id()) continue;
    cards.push_back({offer.id, offer.display_name, offer.profile.languages, offer.profile.topics,
                     offer.bio, offer.help_with,
                     describe_hours(offer.hours, shown_zone, program->starts_at, language),
                     offer.capacity});
  }
  return cards;
}

}  // namespace moim::mentoring
