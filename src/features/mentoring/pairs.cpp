// Announced pairs: who sees which (organizers all of a program's, a member
// their own, anyone else nothing: a 404 as if the pair did not exist), and
// a member's own standing in a program.
#include <boost/json/parse.hpp>

#include "features/mentoring/internal.hpp"

namespace moim::mentoring {

namespace internal {

namespace {

std::string marks(std::size_t count) {
  std::string text;
  for (std::size_t index = 0; index < count; ++index) text += index == 0 ? "?" : ", ?";
  return text;
}

}  // namespace

Result<std::vector<Pair>> read_pairs(db::Transaction& transaction, const Program& program,
                                     const PairFilter& filter) {
  std::string where = " WHERE program_id = ?";
  std::vector<db::Value> params{program.id};
  if (filter.user_id) {
    where += " AND (mentor_user_id = ? OR mentee_user_id = ?)";
    params.insert(params.end(), {*filter.user_id, *filter.user_id});
  }
  if (filter.pair_id) {
    where += " AND id = ?";
    params.emplace_back(*filter.pair_id);
  }
  auto rows = transaction.query(
      "SELECT id, offer_id, application_id, score, overlap_minutes, goals FROM mentoring_pairs" +
          where + " ORDER BY id",
      params);
  if (!rows) return rows.error();
  std::vector<Pair> pairs;
  if (rows->empty()) return pairs;
  // Both sides' rows, two queries for the whole list.
  std::vector<db::Value> offer_ids{program.id}, application_ids{program.id};
  for (const auto& row : *rows) {
    offer_ids.emplace_back(row.int64(1));
    application_ids.emplace_back(row.int64(2));
  }
  auto offer_rows =
      transaction.query(std::string("SELECT ") + kOfferColumns +
                            " FROM mentoring_offers WHERE program_id = ? AND id IN (" +
                            marks(offer_ids.size() - 1) + ")",
                        offer_ids);
  if (!offer_rows) return offer_rows.error();
  auto application_rows =
      transaction.query(std::string("SELECT ") + kApplicationColumns +
                            " FROM mentoring_applications WHERE program_id = ? AND id IN (" +
                            marks(application_ids.size() - 1) + ")",
                        application_ids);
  if (!application_rows) return application_rows.error();
  std::vector<Offer> offers;
  for (const auto& row : *offer_rows) offers.push_back(offer_from(row));
  std::vector<Application> applications;
  for (const auto& row : *application_rows) applications.push_back(application_from(row));
  if (auto status = name_people(transaction, offers, applications); !status) return status.error();
  std::map<std::int64_t, const Offer*> offer_by_id;
  for (const auto& offer : offers) offer_by_id[offer.id] = &offer;
  std::map<std::int64_t, const Application*> application_by_id;
  for (const auto& application : applications) application_by_id[application.id] = &application;
  for (const auto& row : *rows) {
    const Offer* offer = offer_by_id[row.int64(1)];
    const Application* application = application_by_id[row.int64(2)];
    if (offer == nullptr || application == nullptr) continue;
    Pair pair;
    pair.id = row.int64(0);
    pair.program_id = program.id;
    pair.program_name = program.name;
    pair.mentor = {offer->user_id, offer->display_name, offer->profile, offer->bio,
                   offer->help_with};
    pair.mentee = {application->user_id, application->display_name, application->profile, "", ""};
    pair.goals = decode_words(row.text(5));  // agreed by the pair; the mentee's at first
    pair.score = static_cast<int>(row.int64(3));
    pair.overlap_minutes = static_cast<int>(row.int64(4));
    pair.common = common_hours(offer->hours, application->hours);
    pairs.push_back(std::move(pair));
  }
  return pairs;
}

}  // namespace internal

Result<std::vector<Pair>> MentoringService::pairs(const accounts::Viewer& viewer,
                                                  const std::string& slug,
                                                  std::int64_t program_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto program = internal::visible_program(*reader, *place, program_id);
  if (!program) return program.error();
  internal::PairFilter filter;
  if (!place->organizer()) filter.user_id = viewer.user_id();
  return internal::read_pairs(*reader, *program, filter);
}

Result<Pair> MentoringService::pair(const accounts::Viewer& viewer, const std::string& slug,
                                    std::int64_t program_id, std::int64_t pair_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto program = internal::visible_program(*reader, *place, program_id);
  if (!program) return program.error();
  internal::PairFilter filter{.pair_id = pair_id};
  if (!place->organizer()) filter.user_id = viewer.user_id();
  auto found = internal::read_pairs(*reader, *program, filter);
  if (!found) return found.error();
  if (found->empty()) return Error::not_found("no such pair");
  return found->front();
}

Result<Standing> MentoringService::standing(const accounts::Viewer& viewer,
                                            const Program& program) {
  Standing standing;
  auto place = internal::place_of(communities_, viewer, program.community_slug);
  if (!place) return place.error();
  standing.organizer = place->organizer();
  standing.member = place->standing.is_member();
  if (!viewer.signed_in()) return standing;
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto offer = reader->query_one(std::string("SELECT ") + internal::kOfferColumns +
                                     " FROM mentoring_offers WHERE program_id = ? AND user_id = ?",
                                 {program.id, viewer.user_id()});
  if (!offer) return offer.error();
  if (offer->has_value()) standing.offer = internal::offer_from(**offer);
  auto application =
      reader->query_one(std::string("SELECT ") + internal::kApplicationColumns +
                            " FROM mentoring_applications WHERE program_id = ? AND user_id = ?",
                        {program.id, viewer.user_id()});
  if (!application) return application.error();
  if (application->has_value()) standing.application = internal::application_from(**application);
  if (!program.announced_run_id) return standing;
  auto pairs = internal::read_pairs(*reader, program, {.user_id = viewer.user_id()});
  if (!pairs) return pairs.error();
  standing.pairs = std::move(pairs.value());
  const bool mentee_paired =
      std::any_of(standing.pairs.begin(), standing.pairs.end(),
                  [&](const Pair& pair) { return pair.mentee.user_id == viewer.user_id(); });
  if (standing.application && standing.application->status == Review::accepted && !mentee_paired) {
    auto run = reader->query_one("SELECT unmatched FROM mentoring_runs WHERE id = ?",
                                 {*program.announced_run_id});
    if (!run) return run.error();
    boost::system::error_code error;
    const auto unmatched =
        run->has_value() ? boost::json::parse((*run)->text(0), error) : boost::json::value();
    if (!error && unmatched.is_array())
      for (const auto& item : unmatched.as_array())
        if (item.is_object() && item.as_object().contains("application") &&
            item.as_object().at("application") == standing.application->id &&
            item.as_object().contains("reason") && item.as_object().at("reason").is_string())
          standing.unmatched_reason = std::string(item.as_object().at("reason").as_string());
  }
  return standing;
}

}  // namespace moim::mentoring
