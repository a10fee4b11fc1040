#include "features/communities/privacy_notice.hpp"

#include "features/communities/managed.hpp"
#include "platform/web/input.hpp"

namespace moim::communities {

namespace {

constexpr std::int64_t kMaxVersionsListed = 200;

// What is kept of a body: line ends as "\n" (a form's textarea sends
// "\r\n"), no blank margins, so the same text from the page and the API is
// the same version.
std::string normalised(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] == '\r') {
      if (at + 1 < text.size() && text[at + 1] == '\n') continue;
      out += '\n';
      continue;
    }
    out += text[at];
  }
  return web::trim(out);
}

Status check_body(const std::string& text, const char* field) {
  if (!web::is_valid_utf8(text)) return Error::invalid(field, std::string(field) + " is not UTF-8");
  if (web::utf8_length(text) > kMaxPrivacyNoticeChars)
    return Error::invalid(field, std::string(field) + " may be at most " +
                                     std::to_string(kMaxPrivacyNoticeChars) + " characters");
  return ok_status();
}

Result<std::optional<PrivacyNotice>> load_notice(db::Transaction& transaction,
                                                 std::int64_t community_id,
                                                 std::optional<std::int64_t> version) {
  auto row = version ? transaction.query_one(
                           "SELECT version, body_ko, body_en, published_at FROM privacy_notices "
                           "WHERE community_id = ? AND version = ?",
                           {community_id, *version})
                     : transaction.query_one(
                           "SELECT version, body_ko, body_en, published_at FROM privacy_notices "
                           "WHERE community_id = ? ORDER BY version DESC LIMIT 1",
                           {community_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<PrivacyNotice>();
  const db::Row& found = *row.value();
  return std::optional<PrivacyNotice>(
      PrivacyNotice{found.int64(0), found.text(1), found.text(2), found.int64(3)});
}

}  // namespace

Result<PrivacyNoticeView> PrivacyNotices::view(const accounts::Viewer& viewer,
                                               const std::string& slug,
                                               std::optional<std::int64_t> version) {
  auto community = communities_.find(slug);
  if (!community) return community.error();
  auto standing = communities_.standing(viewer, community.value());
  if (!standing) return standing.error();
  PrivacyNoticeView view;
  view.community = community.value();
  view.is_member = standing->is_member();
  view.can_manage = standing->can_manage();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto versions = reader->query(
      "SELECT version, published_at FROM privacy_notices WHERE community_id = ? "
      "ORDER BY version DESC LIMIT ?",
      {community->id, kMaxVersionsListed});
  if (!versions) return versions.error();
  for (const auto& row : versions.value()) view.versions.push_back({row.int64(0), row.int64(1)});
  if (!view.versions.empty()) view.current_version = view.versions.front().version;
  if (version || view.current_version > 0) {
    auto notice = load_notice(reader.value(), community->id, version);
    if (!notice) return notice.error();
    if (!notice->has_value()) return Error::not_found("no such version of the privacy notice");
    view.notice = std::move(notice.value());
  }
  if (viewer.signed_in()) {
    auto agreed = reader->query_one(
        "SELECT version, agreed_at FROM privacy_notice_agreements WHERE community_id = ? "
        "AND user_id = ? ORDER BY version DESC LIMIT 1",
        {community->id, viewer.user_id()});
    if (!agreed) return agreed.error();
    if (agreed->has_value()) {
      view.agreed_version = agreed.value()->int64(0);
      view.agreed_at = agreed.value()->int64(1);
    }
  }
  view.needs_agreement = view.is_member && view.current_version > 0 &&
                         view.agreed_version.value_or(0) < view.current_version;
  return view;
}

Result<PublishedNotice> PrivacyNotices::publish(const accounts::Viewer& viewer,
                                                const std::string& slug,
                                                const PrivacyNoticeInput& input) {
  auto community = managed_community(communities_, viewer, slug,
                                     "only this community's organizers can publish its notice");
  if (!community) return community.error();
  if (auto status = check_body(input.body_ko, "body_ko"); !status) return status.error();
  if (auto status = check_body(input.body_en, "body_en"); !status) return status.error();
  PrivacyNotice notice{0, normalised(input.body_ko), normalised(input.body_en), 0};
  if (notice.body_ko.empty() && notice.body_en.empty())
    return Error::invalid("body_ko", "write the notice in Korean or in English");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto current = load_notice(transaction.value(), community->id, std::nullopt);
  if (!current) return current.error();
  if (current->has_value() && current.value()->body_ko == notice.body_ko &&
      current.value()->body_en == notice.body_en)
    return PublishedNotice{*current.value(), false};
  notice.version = current->has_value() ? current.value()->version + 1 : 1;
  notice.published_at = now;
  auto inserted = transaction->execute(
      "INSERT INTO privacy_notices (community_id, version, body_ko, body_en, published_by, "
      "published_at) VALUES (?, ?, ?, ?, ?, ?)",
      {community->id, notice.version, notice.body_ko, notice.body_en, viewer.user_id(), now});
  if (!inserted) return inserted.error();
  if (auto status = write_audit(transaction.value(), community->id, viewer.user_id(),
                                "community.privacy_notice_published", slug,
                                {{"version", notice.version}}, now);
      !status)
    return status.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return PublishedNotice{std::move(notice), true};
}

Result<PrivacyNoticeAgreement> PrivacyNotices::agree(const accounts::Viewer& viewer,
                                                     const std::string& slug,
                                                     std::optional<std::int64_t> expected) {
  auto community = communities_.find(slug);
  if (!community) return community.error();
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto standing = communities_.standing(viewer, community.value());
  if (!standing) return standing.error();
  if (!standing->is_member())
    return Error::forbidden("only members agree to the community's privacy notice");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto current = transaction->query_one(
      "SELECT MAX(version) FROM privacy_notices WHERE community_id = ?", {community->id});
  if (!current) return current.error();
  const std::optional<std::int64_t> version =
      current->has_value() ? current.value()->opt_int64(0) : std::nullopt;
  if (!version) return Error::not_found("this community has no privacy notice yet");
  if (expected && *expected != *version)
    return Error::conflict("version", "a newer version of the notice was published; read it first");
  auto inserted = transaction->execute(
      "INSERT INTO privacy_notice_agreements (community_id, user_id, version, agreed_at) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (community_id, user_id, version) DO NOTHING",
      {community->id, viewer.user_id(), *version, now});
  if (!inserted) return inserted.error();
  auto agreed = transaction->query_one(
      "SELECT agreed_at FROM privacy_notice_agreements WHERE community_id = ? AND user_id = ? "
      "AND version = ?",
      {community->id, viewer.user_id(), *version});
  if (!agreed) return agreed.error();
  const std::int64_t agreed_at = agreed->has_value() ? agreed.value()->int64(0) : now;
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return PrivacyNoticeAgreement{*version, agreed_at};
}

Result<bool> PrivacyNotices::needs_agreement(const accounts::Viewer& viewer,
                                             const std::string& slug) {
  if (!viewer.signed_in()) return false;
  auto reader = database_.read();
  if (!reader) return reader.error();
  // Both maxima come from an index (privacy_notices' UNIQUE (community_id,
  // version), the agreements' primary key), whatever the history's length.
  auto row = reader->query_one(
      "SELECT (SELECT MAX(n.version) FROM privacy_notices n WHERE n.community_id = c.id), "
      "(SELECT MAX(a.version) FROM privacy_notice_agreements a WHERE a.community_id = c.id "
      "AND a.user_id = ?) FROM communities c WHERE c.slug = ?",
      {viewer.user_id(), slug});
  if (!row) return row.error();
  if (!row->has_value()) return false;
  const auto current = row.value()->opt_int64(0);
  const auto agreed = row.value()->opt_int64(1);
  return current.has_value() && agreed.value_or(0) < *current;
}

accounts::WebSession::SectionNav with_privacy_banner(accounts::WebSession::SectionNav inner,
                                                     std::shared_ptr<PrivacyNotices> notices) {
  return [inner = std::move(inner), notices](const accounts::RequestContext& context,
                                             std::string_view slug) -> boost::json::value {
    boost::json::value section = inner ? inner(context, slug) : boost::json::value(nullptr);
    boost::json::object* object = section.if_object();
    if (!object || !context.viewer.signed_in()) return section;
    const boost::json::value* member = object->if_contains("is_member");
    if (!member || !member->is_bool() || !member->get_bool()) return section;
    const std::string own = "/c/" + std::string(slug) + "/privacy";
    if (std::string_view(context.path).starts_with(own)) return section;
    auto needs = notices->needs_agreement(context.viewer, std::string(slug));
    // A failed lookup leaves the page as it is: the banner is a reminder.
    if (!needs || !needs.value()) return section;
    (*object)["privacy_banner"] = boost::json::object{{"slug", slug}, {"return_to", context.path}};
    return section;
  };
}

}  // namespace moim::communities
