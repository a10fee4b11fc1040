// The mails of a pair: at the announcement each side gets the other's
// profile, the mentee's goals, and the hours both are free, in the reader's
// zone and in the other's (web/templates/mail/mentoring/matched.*); the
// mid-point check-in and the end survey are written at the same time, held
// back until their day (not_before); a confirmed session's reminder goes
// the day before it.
#include <boost/json/array.hpp>

#include "features/mentoring/internal.hpp"
#include "features/mentoring/pair_internal.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::mentoring::internal {

namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : ", ") + word;
  return text;
}

boost::json::array array_of(const std::vector<std::string>& items) {
  boost::json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return array;
}

}  // namespace

Status mail_pairs(db::Transaction& transaction, const Program& program,
                  const communities::Community& community, std::int64_t now) {
  auto pairs = read_pairs(transaction, program, {});
  if (!pairs) return pairs.error();
  std::vector<std::int64_t> user_ids;
  for (const auto& pair : *pairs)
    user_ids.insert(user_ids.end(), {pair.mentor.user_id, pair.mentee.user_id});
  auto people = accounts::contacts(transaction, user_ids);
  if (!people) return people.error();
  for (const auto& pair : *pairs) {
    const std::string link = "/c/" + community.slug + "/mentoring/" + std::to_string(program.id) +
                             "/pairs/" + std::to_string(pair.id);
    for (const bool to_mentor : {true, false}) {
      const Pair::Side& me = to_mentor ? pair.mentor : pair.mentee;
      const Pair::Side& other = to_mentor ? pair.mentee : pair.mentor;
      auto contact = people->find(me.user_id);
      if (contact == people->end() || contact->second.email.empty()) continue;
      const std::string language =
          contact->second.locale.empty() ? community.default_locale : contact->second.locale;
      // Shown at the program's start: the hours were kept valid all of it.
      boost::json::object payload{
          {"template", "mentoring.matched"},
          {"language", language},
          {"to_name", contact->second.display_name},
          {"community", community.name},
          {"program", program.name},
          {"is_mentor", to_mentor},
          {"other_name", other.display_name},
          {"other_bio", other.bio},
          {"other_help_with", other.help_with},
          {"other_languages", joined(other.profile.languages)},
          {"other_topics", joined(other.profile.topics)},
          {"goals", array_of(pair.goals)},
          {"common_hours", array_of(describe_hours(pair.common, me.profile.time_zone,
                                                   program.starts_at, language))},
          {"time_zone", me.profile.time_zone},
          {"other_time_zone", other.profile.time_zone},
          {"other_common_hours", array_of(describe_hours(pair.common, other.profile.time_zone,
                                                         program.starts_at, language))},
          {"session_minutes", program.session_minutes},
          {"cadence_days", program.cadence_days},
          {"sessions", program.sessions},
          {"link", link}};
      outbox::OutboxMessage mail{.kind = "email",
                                 .target = contact->second.email,
                                 .payload = std::move(payload),
                                 .idempotency_key = "mentoring.matched." + std::to_string(pair.id) +
                                                    "." + (to_mentor ? "mentor" : "mentee"),
                                 .community_id = community.id};
      if (auto status = outbox::enqueue(transaction, mail, now); !status) return status;
      // Held back until their day; the same words for both sides.
      for (const auto& [name, day] :
           {std::pair<const char*, std::int64_t>{"checkin", midpoint_of(program)},
            std::pair<const char*, std::int64_t>{"feedback", feedback_opens_at(program)}}) {
        outbox::OutboxMessage later{.kind = "email",
                                    .target = contact->second.email,
                                    .payload = {{"template", std::string("mentoring.") + name},
                                                {"language", language},
                                                {"to_name", contact->second.display_name},
                                                {"community", community.name},
                                                {"program", program.name},
                                                {"other_name", other.display_name},
                                                {"link", link}},
                                    .idempotency_key = "mentoring." + std::string(name) + "." +
                                                       std::to_string(pair.id) + "." +
                                                       (to_mentor ? "mentor" : "mentee"),
                                    .not_before = std::max(day, now),
                                    .community_id = community.id};
        if (auto status = outbox::enqueue(transaction, later, now); !status) return status;
      }
    }
  }
  return ok_status();
}

std::string reminder_key(std::int64_t session_id, std::int64_t user_id) {
  return "mentoring.reminder." + std::to_string(session_id) + "." + std::to_string(user_id);
}

Status mail_reminders(db::Transaction& transaction, const Program& program,
                      const communities::Community& community, const Pair& pair,
                      const Session& session, std::int64_t now) {
  // Too late for a day-before reminder: the two just agreed on it.
  const std::int64_t send_at = session.starts_at - 86400;
  if (send_at <= now) return ok_status();
  auto people = accounts::contacts(transaction, {pair.mentor.user_id, pair.mentee.user_id});
  if (!people) return people.error();
  const std::string link = "/c/" + community.slug + "/mentoring/" + std::to_string(program.id) +
                           "/pairs/" + std::to_string(pair.id);
  for (const bool to_mentor : {true, false}) {
    const Pair::Side& me = to_mentor ? pair.mentor : pair.mentee;
    const Pair::Side& other = to_mentor ? pair.mentee : pair.mentor;
    auto contact = people->find(me.user_id);
    if (contact == people->end() || contact->second.email.empty()) continue;
    const std::string language =
        contact->second.locale.empty() ? community.default_locale : contact->second.locale;
    outbox::OutboxMessage mail{
        .kind = "email",
        .target = contact->second.email,
        .payload = {{"template", "mentoring.reminder"},
                    {"language", language},
                    {"to_name", contact->second.display_name},
                    {"community", community.name},
                    {"program", program.name},
                    {"other_name", other.display_name},
                    {"starts", format_local(session.starts_at, me.profile.time_zone)},
                    {"time_zone", me.profile.time_zone},
                    {"minutes", session.minutes},
                    {"link", link}},
        .idempotency_key = reminder_key(session.id, me.user_id),
        .not_before = send_at,
        .community_id = community.id};
    if (auto status = outbox::enqueue(transaction, mail, now); !status) return status;
  }
  return ok_status();
}

Status withdraw_reminders(db::Transaction& transaction, const Pair& pair, std::int64_t session_id) {
  for (const std::int64_t user_id : {pair.mentor.user_id, pair.mentee.user_id})
    if (auto status = outbox::withdraw(transaction, reminder_key(session_id, user_id)); !status)
      return status;
  return ok_status();
}

}  // namespace moim::mentoring::internal
