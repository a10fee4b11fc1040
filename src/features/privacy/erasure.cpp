#include "features/privacy/erasure.hpp"

#include <boost/json/object.hpp>

#include <utility>

#include "features/academy/personal_data.hpp"
#include "features/accounts/personal_data.hpp"
#include "features/activity/personal_data.hpp"
#include "features/bingo/personal_data.hpp"
#include "features/certificates/personal_data.hpp"
#include "features/coffee/personal_data.hpp"
#include "features/communities/personal_data.hpp"
#include "features/events/personal_data.hpp"
#include "features/mentoring/personal_data.hpp"
#include "features/privacy/data_export.hpp"
#include "features/privacy/on_request.hpp"
#include "features/wiki/personal_data.hpp"
#include "platform/log/log.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/outbox/personal_mail.hpp"
#include "platform/web/input.hpp"

namespace moim::privacy {

namespace {

constexpr int kErasuresPerRun = 100;

}  // namespace

std::vector<Eraser> room_erasers() {
  // Certificates before anything empties the name they hash.
  return {certificates::erase_personal, communities::erase_personal, academy::erase_personal,
          activity::erase_personal,     coffee::erase_personal,      events::erase_personal,
          bingo::erase_personal,        mentoring::erase_personal,   wiki::erase_personal,
          outbox::erase_mail,           erase_data_exports};
}

ErasureService::ErasureService(db::Database& database, const Clock& clock,
                               communities::CommunitiesService& communities,
                               std::vector<Eraser> erasers, ErasureConfig config)
    : database_(database),
      clock_(clock),
      communities_(communities),
      erasers_(std::move(erasers)),
      config_(std::move(config)) {}

Status ErasureService::check_allowed(db::Transaction& transaction, std::int64_t user_id) {
  auto alone = communities::communities_left_without_organizer(transaction, user_id);
  if (!alone) return alone.error();
  if (!alone->empty()) {
    std::string names;
    for (const auto& name : alone.value()) names += (names.empty() ? "" : ", ") + name;
    return Error{409, "sole_organizer",
                 "the only organizer of " + names + ": name another organizer first", "account"};
  }
  auto last_admin = accounts::is_last_admin(transaction, user_id);
  if (!last_admin) return last_admin.error();
  if (last_admin.value())
    return Error{409, "last_admin", "the only platform admin: make another account admin first",
                 "account"};
  return ok_status();
}

Result<accounts::AccountDeletion> ErasureService::request_own(const accounts::Viewer& viewer,
                                                              const std::string& password) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (password.empty())
    return Error{400, "password_required", "type your password to confirm", "password"};
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto matches = accounts::password_matches(*transaction, viewer.user_id(), password);
  if (!matches) return matches.error();
  if (!matches.value())
    return Error{422, "wrong_password", "this is not your password", "password"};
  if (auto status = check_allowed(*transaction, viewer.user_id()); !status) return status.error();
  auto deletion =
      accounts::schedule_deletion(*transaction, *viewer.user, viewer.user_id(), "",
                                  clock_.now_seconds(), config_.grace_days, config_.base_url);
  if (!deletion) return deletion.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return deletion;
}

Result<accounts::AccountDeletion> ErasureService::request_for_member(const accounts::Viewer& viewer,
                                                                     const std::string& slug,
                                                                     std::int64_t member_id,
                                                                     const std::string& reason) {
  auto request = organizer_on_request(communities_, viewer, slug, reason,
                                      "only organizers may erase a member on request");
  if (!request) return request.error();
  const communities::Community* community = &request->community;
  const std::string& trimmed = request->reason;
  if (member_id == viewer.user_id())
    return Error::invalid("member", "delete your own account from your account page");
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto belongs = communities::communities_of(*transaction, member_id);
  if (!belongs) return belongs.error();
  bool here = false;
  for (std::int64_t id : belongs.value()) here = here || id == community->id;
  if (!here) return Error::not_found("no such member in this community");
  if (belongs->size() > 1 && !viewer.is_admin())
    return Error{409, "other_communities",
                 "also a member of another community: they can delete their account themselves, "
                 "or a platform admin can",
                 "member"};
  if (auto status = check_allowed(*transaction, member_id); !status) return status.error();
  auto identity = accounts::account_identity(*transaction, member_id);
  if (!identity) return identity.error();
  if (!identity->has_value()) return Error::not_found("no such member in this community");
  accounts::User member;
  member.id = member_id;
  member.email = (*identity)->email;
  member.display_name = (*identity)->display_name;
  member.locale = (*identity)->locale;
  const std::int64_t now = clock_.now_seconds();
  auto deletion = accounts::schedule_deletion(*transaction, member, viewer.user_id(), trimmed, now,
                                              config_.grace_days, config_.base_url);
  if (!deletion) return deletion.error();
  if (auto status = communities::write_audit(
          *transaction, community->id, viewer.user_id(), "member.erasure_requested",
          std::to_string(member_id), {{"reason", trimmed}, {"due_at", deletion->due_at}}, now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return deletion;
}

Result<web::ErasureReport> ErasureService::erase(const accounts::AccountDeletion& deletion) {
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto identity = accounts::account_identity(*transaction, deletion.user_id);
  if (!identity) return identity.error();
  if (!identity->has_value() || (*identity)->erased)
    return Error::conflict("account", "this account is already erased");
  if (auto status = check_allowed(*transaction, deletion.user_id); !status) return status.error();
  const std::int64_t now = clock_.now_seconds();
  const accounts::AccountIdentity before = **identity;
  web::Erasure erasure{.user_id = deletion.user_id,
                       .now = now,
                       .email = before.email,
                       .display_name = before.display_name,
                       .name_key = config_.name_key};
  web::ErasureReport report;
  for (const Eraser& eraser : erasers_) {
    if (auto status = eraser(*transaction, erasure, report); !status) return status.error();
  }
  if (auto status = accounts::erase_personal(*transaction, erasure, report); !status)
    return status.error();
  if (auto status = accounts::mark_erased(*transaction, deletion.id, now, report); !status)
    return status.error();
  // The last mail: the address is used once more, and this row loses it
  // with every finished mail when retention purges the outbox.
  if (auto status =
          outbox::enqueue(*transaction,
                          {.kind = "email",
                           .target = before.email,
                           .payload = {{"template", "account_erased"},
                                       {"language", before.locale.value_or("ko")},
                                       {"to_name", before.display_name}},
                           .idempotency_key = "account_erased:" + std::to_string(deletion.id)},
                          now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return report;
}

Result<std::int64_t> ErasureService::erase_due() {
  std::vector<accounts::AccountDeletion> due;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto found = accounts::due_deletions(*reader, clock_.now_seconds(), kErasuresPerRun);
    if (!found) return found.error();
    due = std::move(found.value());
  }
  std::int64_t erased = 0;
  for (const auto& deletion : due) {
    auto done = erase(deletion);
    if (!done) {
      log::error("erasure_failed",
                 {{"deletion", std::to_string(deletion.id)}, {"error", done.error().message}});
      continue;
    }
    ++erased;
  }
  return erased;
}

}  // namespace moim::privacy
