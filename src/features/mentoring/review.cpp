// Organizers' review: both sides with their names, accept or decline with a
// reason, pins and exclusions; and what a member sees of their own place.
#include "features/mentoring/internal.hpp"
#include "platform/web/input.hpp"

namespace moim::mentoring {

namespace {

Result<std::string> reason_text(const std::string& reason, bool required) {
  std::string text = web::trim(reason);
  if (required && text.empty()) return Error::invalid("reason", "reason is required");
  if (web::utf8_length(text) > kMaxReasonChars)
    return Error::invalid(
        "reason", "reason must be at most " + std::to_string(kMaxReasonChars) + " characters");
  return text;
}

Status not_announced(const Program& program) {
  if (program.announced_run_id)
    return Error::conflict("program", "the pairs are announced; the review is closed");
  return ok_status();
}

}  // namespace

namespace {

// Offers and applications are reviewed alike; what differs is their table.
template <class Side>
struct Sides;
template <>
struct Sides<Offer> {
  static constexpr const char* kTable = "mentoring_offers";
  static constexpr const char* kAudit = "mentoring.offer_reviewed";
  static constexpr const char* kColumns = internal::kOfferColumns;
  static constexpr const char* kMissing = "no such offer (or it was withdrawn)";
  static Offer from(const db::Row& row) { return internal::offer_from(row); }
  static Status name(db::Transaction& transaction, std::vector<Offer>& offers) {
    std::vector<Application> none;
    return internal::name_people(transaction, offers, none);
  }
};
template <>
struct Sides<Application> {
  static constexpr const char* kTable = "mentoring_applications";
  static constexpr const char* kAudit = "mentoring.application_reviewed";
  static constexpr const char* kColumns = internal::kApplicationColumns;
  static constexpr const char* kMissing = "no such application (or it was withdrawn)";
  static Application from(const db::Row& row) { return internal::application_from(row); }
  static Status name(db::Transaction& transaction, std::vector<Application>& applications) {
    std::vector<Offer> none;
    return internal::name_people(transaction, none, applications);
  }
};

template <class Side>
Result<std::vector<Side>> list_sides(communities::CommunitiesService& communities,
                                     db::Database& database, const accounts::Viewer& viewer,
                                     const std::string& slug, std::int64_t program_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities, viewer, slug);
  if (!place) return place.error();
  auto reader = database.read();
  if (!reader) return reader.error();
  auto program = internal::organized_program(*reader, *place, program_id);
  if (!program) return program.error();
  auto rows = reader->query(std::string("SELECT ") + Sides<Side>::kColumns + " FROM " +
                                Sides<Side>::kTable + " WHERE program_id = ? ORDER BY id",
                            {program_id});
  if (!rows) return rows.error();
  std::vector<Side> sides;
  for (const auto& row : *rows) sides.push_back(Sides<Side>::from(row));
  if (auto status = Sides<Side>::name(*reader, sides); !status) return status.error();
  return sides;
}

template <class Side>
Result<Side> review_side(communities::CommunitiesService& communities, db::Database& database,
                         std::int64_t now, const accounts::Viewer& viewer, const std::string& slug,
                         std::int64_t program_id, std::int64_t id, bool accept,
                         const std::string& reason) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities, viewer, slug);
  if (!place) return place.error();
  auto why = reason_text(reason, false);
  if (!why) return why.error();
  auto transaction = database.write();
  if (!transaction) return transaction.error();
  auto program = internal::organized_program(*transaction, *place, program_id);
  if (!program) return program.error();
  if (auto status = not_announced(*program); !status) return status.error();
  auto updated = transaction->execute(
      std::string("UPDATE ") + Sides<Side>::kTable +
          " SET status = ?, review_reason = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ? "
          "WHERE id = ? AND program_id = ? AND status <> 'withdrawn'",
      {std::string(accept ? "accepted" : "declined"), *why, viewer.user_id(), now, now, id,
       program_id});
  if (!updated) return updated.error();
  if (*updated == 0) return Error::not_found(Sides<Side>::kMissing);
  auto row = transaction->query_one(std::string("SELECT ") + Sides<Side>::kColumns + " FROM " +
                                        Sides<Side>::kTable + " WHERE id = ?",
                                    {id});
  if (!row) return row.error();
  std::vector<Side> sides{Sides<Side>::from(**row)};
  if (auto status = Sides<Side>::name(*transaction, sides); !status) return status.error();
  // The decision and its reason, in the audit log with the review itself.
  if (auto status = communities::write_audit(*transaction, place->community.id, viewer.user_id(),
                                             Sides<Side>::kAudit, program->name,
                                             {{"program_id", program_id},
                                              {"id", id},
                                              {"decision", accept ? "accepted" : "declined"},
                                              {"reason", *why}},
                                             now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return sides.front();
}

}  // namespace

Result<std::vector<Offer>> MentoringService::offers(const accounts::Viewer& viewer,
                                                    const std::string& slug,
                                                    std::int64_t program_id) {
  return list_sides<Offer>(communities_, database_, viewer, slug, program_id);
}

Result<std::vector<Application>> MentoringService::applications(const accounts::Viewer& viewer,
                                                                const std::string& slug,
                                                                std::int64_t program_id) {
  return list_sides<Application>(communities_, database_, viewer, slug, program_id);
}

Result<Offer> MentoringService::review_offer(const accounts::Viewer& viewer,
                                             const std::string& slug, std::int64_t program_id,
                                             std::int64_t offer_id, bool accept,
                                             const std::string& reason) {
  return review_side<Offer>(communities_, database_, clock_.now_seconds(), viewer, slug, program_id,
                            offer_id, accept, reason);
}

Result<Application> MentoringService::review_application(const accounts::Viewer& viewer,
                                                         const std::string& slug,
                                                         std::int64_t program_id,
                                                         std::int64_t application_id, bool accept,
                                                         const std::string& reason) {
  return review_side<Application>(communities_, database_, clock_.now_seconds(), viewer, slug,
                                  program_id, application_id, accept, reason);
}

Result<std::vector<Rule>> MentoringService::rules(const accounts::Viewer& viewer,
                                                  const std::string& slug,
                                                  std::int64_t program_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto program = internal::organized_program(*reader, *place, program_id);
  if (!program) return program.error();
  auto rows = reader->query(
      "SELECT r.id, r.offer_id, r.application_id, r.kind, r.reason, o.user_id, a.user_id FROM "
      "mentoring_rules r JOIN mentoring_offers o ON o.id = r.offer_id JOIN "
      "mentoring_applications a ON a.id = r.application_id WHERE r.program_id = ? ORDER BY r.id",
      {program_id});
  if (!rows) return rows.error();
  std::vector<std::int64_t> ids;
  for (const auto& row : *rows) ids.insert(ids.end(), {row.int64(5), row.int64(6)});
  auto people = accounts::contacts(*reader, ids);
  if (!people) return people.error();
  const auto name = [&](std::int64_t id) {
    auto found = people->find(id);
    return found == people->end() ? std::string() : found->second.display_name;
  };
  std::vector<Rule> rules;
  for (const auto& row : *rows)
    rules.push_back({row.int64(0), row.int64(1), row.int64(2), name(row.int64(5)),
                     name(row.int64(6)), row.text(3) == "pin", row.text(4)});
  return rules;
}

Result<Rule> MentoringService::add_rule(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t program_id, std::int64_t offer_id,
                                        std::int64_t application_id, bool pin,
                                        const std::string& reason) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto why = reason_text(reason, true);
  if (!why) return why.error();
  {
    auto transaction = database_.write();
    if (!transaction) return transaction.error();
    auto program = internal::organized_program(*transaction, *place, program_id);
    if (!program) return program.error();
    if (auto status = not_announced(*program); !status) return status.error();
    auto sides = transaction->query_one(
        "SELECT (SELECT count(*) FROM mentoring_offers WHERE id = ? AND program_id = ?), (SELECT "
        "count(*) FROM mentoring_applications WHERE id = ? AND program_id = ?)",
        {offer_id, program_id, application_id, program_id});
    if (!sides) return sides.error();
    if ((*sides)->int64(0) == 0) return Error::invalid("offer_id", "offer_id: no such mentor");
    if ((*sides)->int64(1) == 0)
      return Error::invalid("application_id", "application_id: no such mentee");
    auto inserted = transaction->execute(
        "INSERT INTO mentoring_rules (program_id, offer_id, application_id, kind, reason, "
        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {program_id, offer_id, application_id, std::string(pin ? "pin" : "exclude"), *why,
         viewer.user_id(), clock_.now_seconds()});
    if (!inserted) {
      if (inserted.error().code == db::kUniqueViolation)
        return Error::conflict("application_id", "this pair already has a pin or an exclusion");
      return inserted.error();
    }
    if (auto status = communities::write_audit(
            *transaction, place->community.id, viewer.user_id(),
            pin ? "mentoring.pair_pinned" : "mentoring.pair_excluded", program->name,
            {{"program_id", program_id},
             {"offer_id", offer_id},
             {"application_id", application_id},
             {"reason", *why}},
            clock_.now_seconds());
        !status)
      return status.error();
    if (auto status = transaction->commit(); !status) return status.error();
  }
  auto all = rules(viewer, slug, program_id);
  if (!all) return all.error();
  for (const auto& rule : *all)
    if (rule.offer_id == offer_id && rule.application_id == application_id) return rule;
  return Error::internal("the rule just made is missing");
}

Status MentoringService::remove_rule(const accounts::Viewer& viewer, const std::string& slug,
                                     std::int64_t program_id, std::int64_t rule_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto program = internal::organized_program(*transaction, *place, program_id);
  if (!program) return program.error();
  if (auto status = not_announced(*program); !status) return status;
  auto kind = transaction->query_one(
      "SELECT kind, offer_id, application_id FROM mentoring_rules WHERE id = ? AND program_id = ?",
      {rule_id, program_id});
  if (!kind) return kind.error();
  if (!kind->has_value()) return Error::not_found("no such pin or exclusion");
  auto deleted = transaction->execute("DELETE FROM mentoring_rules WHERE id = ? AND program_id = ?",
                                      {rule_id, program_id});
  if (!deleted) return deleted.error();
  if (auto status = communities::write_audit(*transaction, place->community.id, viewer.user_id(),
                                             "mentoring.rule_removed", program->name,
                                             {{"program_id", program_id},
                                              {"kind", (*kind)->text(0)},
                                              {"offer_id", (*kind)->int64(1)},
                                              {"application_id", (*kind)->int64(2)}},
                                             clock_.now_seconds());
      !status)
    return status;
  return transaction->commit();
}

}  // namespace moim::mentoring
