#include "features/privacy/data_export.hpp"

#include <sodium.h>

#include <utility>

#include "features/accounts/account_deletion.hpp"
#include "features/communities/personal_data.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/crypto/base64.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::privacy {

namespace {

constexpr std::int64_t kDay = 24 * 3600;
constexpr const char* kColumns =
    "id, user_id, requested_by, community_id, reason, state, created_at, ready_at, expires_at, "
    "byte_size";

DataExport export_from_row(const db::Row& row, std::int64_t now) {
  DataExport out;
  out.id = row.int64(0);
  out.user_id = row.int64(1);
  out.requested_by = row.opt_int64(2);
  out.community_id = row.opt_int64(3);
  out.reason = row.text(4);
  out.state = row.text(5);
  out.created_at = row.int64(6);
  out.ready_at = row.opt_int64(7);
  out.expires_at = row.opt_int64(8);
  out.byte_size = row.opt_int64(9);
  // Past its expiry the link is gone even before the retention job ran.
  if (out.state == "ready" && out.expires_at && *out.expires_at <= now) out.state = "expired";
  return out;
}

Result<std::string> from_base64(const std::string& text) {
  std::string bytes(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return Error::internal("a stored data export is not valid base64");
  bytes.resize(length);
  return bytes;
}

// Requests for the person's data in the last day, theirs or organizers'.
Status check_daily_limit(db::Transaction& transaction, std::int64_t user_id, std::int64_t now) {
  auto recent = transaction.query_one(
      "SELECT COUNT(*) FROM data_exports WHERE user_id = ? AND created_at > ?",
      {user_id, now - kDay});
  if (!recent) return recent.error();
  if ((*recent)->int64(0) >= kMaxExportsPerDay)
    return Error::too_many("too many data exports today: use the one already mailed", 3600);
  return ok_status();
}

}  // namespace

DataExportService::DataExportService(db::Database& database, const Clock& clock,
                                     communities::CommunitiesService& communities,
                                     std::shared_ptr<PrivacyService> privacy,
                                     DataExportConfig config)
    : database_(database),
      clock_(clock),
      communities_(communities),
      privacy_(std::move(privacy)),
      config_(std::move(config)) {}

Result<DataExport> DataExportService::insert(db::Transaction& transaction, std::int64_t user_id,
                                             std::int64_t requested_by,
                                             std::optional<std::int64_t> community_id,
                                             const std::string& reason, std::int64_t now) {
  if (auto status = check_daily_limit(transaction, user_id, now); !status) return status.error();
  auto inserted = transaction.query_one(
      "INSERT INTO data_exports (user_id, requested_by, community_id, reason, state, created_at) "
      "VALUES (?, ?, ?, ?, 'queued', ?) RETURNING id",
      {user_id, requested_by, db::maybe(community_id), reason, now});
  if (!inserted) return inserted.error();
  const std::int64_t id = (*inserted)->int64(0);
  if (auto status = outbox::enqueue(transaction,
                                    {.kind = kDataExportKind,
                                     .target = "user:" + std::to_string(user_id),
                                     .payload = {{"export_id", id}},
                                     .idempotency_key = "data_export:" + std::to_string(id),
                                     .community_id = community_id},
                                    now);
      !status)
    return status.error();
  return DataExport{.id = id,
                    .user_id = user_id,
                    .requested_by = requested_by,
                    .community_id = community_id,
                    .reason = reason,
                    .state = "queued",
                    .created_at = now};
}

Result<DataExport> DataExportService::request_own(const accounts::Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto queued = transaction->query_one(std::string("SELECT ") + kColumns +
                                           " FROM data_exports WHERE user_id = ? AND state = "
                                           "'queued' ORDER BY id DESC LIMIT 1",
                                       {viewer.user_id()});
  if (!queued) return queued.error();
  if (queued->has_value()) return export_from_row(**queued, now);
  auto created = insert(*transaction, viewer.user_id(), viewer.user_id(), std::nullopt, "", now);
  if (!created) return created.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return created;
}

Result<DataExport> DataExportService::request_for_member(const accounts::Viewer& viewer,
                                                         const std::string& slug,
                                                         std::int64_t member_id,
                                                         const std::string& reason) {
  auto request = organizer_on_request(communities_, viewer, slug, reason,
                                      "only organizers may prepare a member's data export");
  if (!request) return request.error();
  const communities::Community* community = &request->community;
  const std::string& trimmed = request->reason;
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  if (auto status = check_member_of(*transaction, member_id, community->id); !status)
    return status.error();
  auto identity = accounts::account_identity(*transaction, member_id);
  if (!identity) return identity.error();
  if (!identity->has_value() || (*identity)->erased)
    return Error::not_found("no such member in this community");
  auto created = insert(*transaction, member_id, viewer.user_id(), community->id, trimmed, now);
  if (!created) return created.error();
  if (auto status = communities::write_audit(
          *transaction, community->id, viewer.user_id(), "member.data_export_requested",
          std::to_string(member_id), {{"reason", trimmed}, {"export_id", created->id}}, now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return created;
}

Result<std::vector<DataExport>> DataExportService::mine(const accounts::Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(std::string("SELECT ") + kColumns +
                                " FROM data_exports WHERE user_id = ? ORDER BY id DESC LIMIT ?",
                            {viewer.user_id(), std::int64_t{kShownExports}});
  if (!rows) return rows.error();
  const std::int64_t now = clock_.now_seconds();
  std::vector<DataExport> out;
  out.reserve(rows->size());
  for (const auto& row : rows.value()) out.push_back(export_from_row(row, now));
  return out;
}

Result<std::string> DataExportService::download(const accounts::Viewer& viewer,
                                                const std::string& token) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  const Error unknown = Error::not_found("no such data export");
  if (token.empty() || token.size() > kMaxTokenChars) return unknown;
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(
      "SELECT user_id, state, expires_at, zip_base64 FROM data_exports WHERE token_digest = ?",
      {crypto::token_digest(token)});
  if (!row) return row.error();
  // Someone else's link reads exactly like a forged one.
  if (!row->has_value() || (*row)->int64(0) != viewer.user_id()) return unknown;
  const std::string state = (*row)->text(1);
  const auto expires_at = (*row)->opt_int64(2);
  if (state == "expired" || (expires_at && *expires_at <= clock_.now_seconds()) ||
      (*row)->is_null(3))
    return Error{410, "export_expired",
                 "this download link has expired: prepare a new export on /me/data", ""};
  if (state != "ready") return unknown;
  return from_base64((*row)->text(3));
}

Status DataExportService::build(std::int64_t export_id) {
  std::int64_t user_id = 0;
  accounts::AccountIdentity identity;
  bool by_organizer = false;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto row = reader->query_one(
        "SELECT user_id, state, requested_by FROM data_exports WHERE id = ?", {export_id});
    if (!row) return row.error();
    if (!row->has_value()) return Error::not_found("no such data export");
    if ((*row)->text(1) != "queued") return ok_status();  // built (or given up) already
    user_id = (*row)->int64(0);
    by_organizer = !(*row)->is_null(2) && (*row)->int64(2) != user_id;
    auto found = accounts::account_identity(*reader, user_id);
    if (!found) return found.error();
    if (!found->has_value() || (*found)->erased) {
      if (auto status = fail(export_id); !status) return status.error();
      return Error{410, "account_gone", "the account was erased before its export was built", ""};
    }
    identity = std::move(**found);
  }
  const std::string language = identity.locale.value_or("ko");
  accounts::Viewer owner;
  owner.user = accounts::User{};
  owner.user->id = user_id;
  owner.user->email = identity.email;
  owner.user->display_name = identity.display_name;
  owner.user->locale = identity.locale;
  auto zip = privacy_->export_zip(owner, config_.readme ? config_.readme(language) : "");
  if (!zip) return zip.error();

  const std::int64_t now = clock_.now_seconds();
  const std::int64_t expires_at = now + config_.lifetime_days * kDay;
  const std::string token = crypto::random_token();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto updated = transaction->execute(
      "UPDATE data_exports SET state = 'ready', ready_at = ?, expires_at = ?, token_digest = ?, "
      "byte_size = ?, zip_base64 = ? WHERE id = ? AND state = 'queued'",
      {now, expires_at, crypto::token_digest(token), static_cast<std::int64_t>(zip->size()),
       crypto::base64(zip.value()), export_id});
  if (!updated) return updated.error();
  if (updated.value() == 0) return ok_status();  // another attempt finished first
  if (auto status =
          outbox::enqueue(*transaction,
                          {.kind = "email",
                           .target = identity.email,
                           .payload = {{"template", "privacy.data_export_ready"},
                                       {"language", language},
                                       {"to_name", identity.display_name},
                                       {"link", config_.base_url + "/me/data/exports/" + token},
                                       {"expires_on", format_utc_iso(expires_at).substr(0, 10)},
                                       {"by_organizer", by_organizer}},
                           .idempotency_key = "data_export_ready:" + std::to_string(export_id)},
                          now);
      !status)
    return status.error();
  return transaction->commit();
}

Status DataExportService::fail(std::int64_t export_id) {
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto updated = transaction->execute(
      "UPDATE data_exports SET state = 'failed', zip_base64 = NULL WHERE id = ? AND state = "
      "'queued'",
      {export_id});
  if (!updated) return updated.error();
  return transaction->commit();
}

Result<std::int64_t> expire_data_exports(db::Transaction& transaction, std::int64_t now,
                                         bool dry_run) {
  if (dry_run) {
    auto due = transaction.query_one(
        "SELECT COUNT(*) FROM data_exports WHERE state = 'ready' AND expires_at <= ?", {now});
    if (!due) return due.error();
    return (*due)->int64(0);
  }
  return transaction.execute(
      "UPDATE data_exports SET state = 'expired', zip_base64 = NULL WHERE state = 'ready' AND "
      "expires_at <= ?",
      {now});
}

Result<web::PersonalData> data_export_personal_data(db::Transaction& transaction,
                                                    std::int64_t user_id) {
  auto rows = web::personal_rows(
      transaction,
      "SELECT id, CASE WHEN requested_by = user_id THEN 'self' WHEN requested_by IS NULL THEN "
      "NULL ELSE 'organizer' END, community_id, reason, state, created_at, ready_at, "
      "expires_at, byte_size FROM data_exports WHERE user_id = ? ORDER BY id",
      {user_id},
      {"#id", "requested_by", "#community_id", "reason", "state", "#created_at", "#ready_at",
       "#expires_at", "#byte_size"});
  if (!rows) return rows.error();
  return web::PersonalData{{"data_exports", {"data_exports"}, std::move(rows.value())}};
}

Status erase_data_exports(db::Transaction& transaction, const web::Erasure& erasure,
                          web::ErasureReport& report) {
  return web::run_erasure_steps(
      transaction,
      {{"data_exports", "deleted", "DELETE FROM data_exports WHERE user_id = ?", {erasure.user_id}},
       {"data_exports",
        "anonymised",
        "UPDATE data_exports SET requested_by = NULL WHERE requested_by = ?",
        {erasure.user_id}}},
      report);
}

}  // namespace moim::privacy
