#include "features/mentoring/internal.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>

#include "platform/web/input.hpp"

namespace moim::mentoring {

std::string_view review_name(Review review) {
  switch (review) {
    case Review::pending:
      return "pending";
    case Review::accepted:
      return "accepted";
    case Review::declined:
      return "declined";
    case Review::withdrawn:
      return "withdrawn";
  }
  return "pending";
}

}  // namespace moim::mentoring

namespace moim::mentoring::internal {

namespace {

std::string lower_ascii(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

}  // namespace

Result<Place> place_of(communities::CommunitiesService& communities, const accounts::Viewer& viewer,
                       const std::string& slug) {
  auto community = communities.find(slug);
  if (!community) return community.error();
  auto standing = communities.standing(viewer, *community);
  if (!standing) return standing.error();
  return Place{std::move(community.value()), std::move(standing.value())};
}

Result<Program> visible_program(db::Transaction& transaction, const Place& place,
                                std::int64_t program_id) {
  auto row = transaction.query_one(std::string("SELECT ") + kProgramColumns +
                                       " FROM mentoring_programs WHERE id = ? AND community_id = ?",
                                   {program_id, place.community.id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such mentoring program");
  Program program = program_from(**row, place.community);
  const bool sees =
      place.standing.is_member() || place.organizer() || program.audience == Audience::anyone;
  if (!sees) return Error::not_found("no such mentoring program");
  return program;
}

Result<Program> organized_program(db::Transaction& transaction, const Place& place,
                                  std::int64_t program_id) {
  auto program = visible_program(transaction, place, program_id);
  if (!program) return program.error();
  if (!place.organizer()) return Error::forbidden("only the community's organizers run programs");
  return program;
}

std::string encode_words(const std::vector<std::string>& words) {
  boost::json::array array;
  for (const auto& word : words) array.emplace_back(word);
  return boost::json::serialize(array);
}

std::vector<std::string> decode_words(const std::string& json) {
  std::vector<std::string> words;
  boost::system::error_code error;
  const auto value = boost::json::parse(json, error);
  if (error || !value.is_array()) return words;
  for (const auto& item : value.as_array())
    if (item.is_string()) words.emplace_back(item.as_string());
  return words;
}

std::string encode_ids(const std::vector<std::int64_t>& ids) {
  boost::json::array array;
  for (auto id : ids) array.emplace_back(id);
  return boost::json::serialize(array);
}

std::vector<std::int64_t> decode_ids(const std::string& json) {
  std::vector<std::int64_t> ids;
  boost::system::error_code error;
  const auto value = boost::json::parse(json, error);
  if (error || !value.is_array()) return ids;
  for (const auto& item : value.as_array())
    if (item.is_int64()) ids.push_back(item.as_int64());
  return ids;
}

Program program_from(const db::Row& row, const communities::Community& community) {
  Program program;
  program.id = row.int64(0);
  program.community_id = row.int64(1);
  program.community_slug = community.slug;
  program.time_zone = community.time_zone;
  program.name = row.text(2);
  program.description = row.text(3);
  program.starts_at = row.int64(4);
  program.ends_at = row.int64(5);
  program.format = row.text(6) == "group" ? Format::group : Format::one_to_one;
  program.cadence_days = static_cast<int>(row.int64(7));
  program.sessions = static_cast<int>(row.int64(8));
  program.session_minutes = static_cast<int>(row.int64(9));
  program.languages = decode_words(row.text(10));
  program.topics = decode_words(row.text(11));
  program.audience = row.text(12) == "anyone" ? Audience::anyone : Audience::members;
  program.allow_repeat_pairs = row.int64(13) != 0;
  program.signups_closed_at = row.opt_int64(14);
  program.announced_run_id = row.opt_int64(15);
  program.mentors = static_cast<int>(row.int64(16));
  program.mentees = static_cast<int>(row.int64(17));
  return program;
}

Review review_from(std::string_view name) {
  if (name == "accepted") return Review::accepted;
  if (name == "declined") return Review::declined;
  if (name == "withdrawn") return Review::withdrawn;
  return Review::pending;
}

Offer offer_from(const db::Row& row) {
  Offer offer;
  offer.id = row.int64(0);
  offer.program_id = row.int64(1);
  offer.user_id = row.int64(2);
  offer.capacity = static_cast<int>(row.int64(3));
  offer.profile = {decode_words(row.text(4)), decode_words(row.text(5)), row.text(6), row.text(7)};
  offer.hours = intervals_from_json(row.text(8));
  offer.bio = row.text(9);
  offer.help_with = row.text(10);
  offer.status = review_from(row.text(11));
  offer.review_reason = row.text(12);
  offer.created_at = row.int64(13);
  return offer;
}

Application application_from(const db::Row& row) {
  Application application;
  application.id = row.int64(0);
  application.program_id = row.int64(1);
  application.user_id = row.int64(2);
  application.goals = decode_words(row.text(3));
  application.profile = {decode_words(row.text(4)), decode_words(row.text(5)), row.text(6),
                         row.text(7)};
  application.hours = intervals_from_json(row.text(8));
  application.ranking = decode_ids(row.text(9));
  application.status = review_from(row.text(10));
  application.review_reason = row.text(11);
  application.created_at = row.int64(12);
  return application;
}

Status name_people(db::Transaction& transaction, std::vector<Offer>& offers,
                   std::vector<Application>& applications) {
  std::vector<std::int64_t> ids;
  for (const auto& offer : offers) ids.push_back(offer.user_id);
  for (const auto& application : applications) ids.push_back(application.user_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto people = accounts::contacts(transaction, ids);
  if (!people) return people.error();
  for (auto& offer : offers)
    if (auto found = people->find(offer.user_id); found != people->end())
      offer.display_name = found->second.display_name;
  for (auto& application : applications)
    if (auto found = people->find(application.user_id); found != people->end())
      application.display_name = found->second.display_name;
  return ok_status();
}

Result<std::vector<std::string>> pick_words(const std::vector<std::string>& picked,
                                            const std::vector<std::string>& allowed,
                                            const std::string& field, bool required) {
  if (required && picked.empty()) return Error::invalid(field, field + ": pick at least one");
  if (picked.size() > kMaxTopics)
    return Error::invalid(field, field + ": at most " + std::to_string(kMaxTopics));
  std::vector<std::string> chosen;
  std::set<std::string> seen;
  for (std::size_t index = 0; index < picked.size(); ++index) {
    const std::string where = field + "[" + std::to_string(index) + "]";
    const std::string key = lower_ascii(web::trim(picked[index]));
    auto match = std::find_if(allowed.begin(), allowed.end(),
                              [&](const std::string& word) { return lower_ascii(word) == key; });
    if (match == allowed.end()) {
      std::string list;
      for (const auto& word : allowed) list += (list.empty() ? "" : ", ") + word;
      return Error::invalid(
          field, where + ": '" + picked[index] + "' is not one of this program's (" + list + ")");
    }
    if (!seen.insert(key).second) return Error::invalid(field, where + ": given twice");
    chosen.push_back(*match);
  }
  return chosen;
}

}  // namespace moim::mentoring::internal
