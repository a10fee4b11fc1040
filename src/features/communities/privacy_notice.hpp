// Each community's privacy notice (개인정보 처리방침, issue #16): organizers
// publish it in Korean and English as numbered versions, anyone reads it,
// and members agree to it; a new version asks every member to agree again.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "features/accounts/web_session.hpp"
#include "features/communities/communities_service.hpp"

namespace moim::communities {

inline constexpr std::size_t kMaxPrivacyNoticeChars = 20000;  // each language

struct PrivacyNotice {
  std::int64_t version = 0;  // 1, 2, ... per community
  std::string body_ko;       // markdown; one of the two may be empty
  std::string body_en;
  std::int64_t published_at = 0;
};

struct PrivacyNoticeVersion {
  std::int64_t version = 0;
  std::int64_t published_at = 0;
};

// What the notice's page and the API show one viewer.
struct PrivacyNoticeView {
  Community community;
  std::optional<PrivacyNotice> notice;         // the version asked for, else the current one
  std::int64_t current_version = 0;            // 0: none published yet
  std::vector<PrivacyNoticeVersion> versions;  // newest first
  bool is_member = false;
  bool can_manage = false;
  std::optional<std::int64_t> agreed_version;  // the viewer's latest agreement
  std::int64_t agreed_at = 0;
  // A member whose latest agreement is older than the current version, or
  // who never agreed, while a notice exists.
  bool needs_agreement = false;
};

struct PrivacyNoticeAgreement {
  std::int64_t version = 0;
  std::int64_t agreed_at = 0;
};

struct PrivacyNoticeInput {
  std::string body_ko;
  std::string body_en;
};

struct PublishedNotice {
  PrivacyNotice notice;
  bool created = false;  // false: the text was the current version's, nothing new
};

class PrivacyNotices {
 public:
  PrivacyNotices(db::Database& database, const Clock& clock, CommunitiesService& communities)
      : database_(database), clock_(clock), communities_(communities) {}

  // Anyone: the current notice (or `version`, 404 when there is no such
  // version), the list of versions, and the viewer's agreement.
  Result<PrivacyNoticeView> view(const accounts::Viewer& viewer, const std::string& slug,
                                 std::optional<std::int64_t> version = std::nullopt);
  // Organizers and admins (401/403): a new version. Each body at most
  // kMaxPrivacyNoticeChars characters, at least one not blank (400 naming
  // body_ko or body_en). Text identical to the current version's publishes
  // nothing (created false). Audited.
  Result<PublishedNotice> publish(const accounts::Viewer& viewer, const std::string& slug,
                                  const PrivacyNoticeInput& input);
  // A member agrees to the current version (401 signed out, 403 not a
  // member, 404 no notice). `expected`: the version they read; another
  // current one is a 409, so nobody agrees to text they have not seen.
  // Agreeing again is fine (the first agreement's time stays).
  Result<PrivacyNoticeAgreement> agree(const accounts::Viewer& viewer, const std::string& slug,
                                       std::optional<std::int64_t> expected = std::nullopt);
  // Whether a signed-in viewer must agree (again) in the community `slug`:
  // one query over two indexes, for the banner on every community page.
  // The caller knows the viewer is a member.
  Result<bool> needs_agreement(const accounts::Viewer& viewer, const std::string& slug);

  CommunitiesService& communities() { return communities_; }

 private:
  db::Database& database_;
  const Clock& clock_;
  CommunitiesService& communities_;
};

// The community pages' top-bar section (app's SectionNav) with, for a member
// who needs to agree, "privacy_banner": {slug, return_to}. Left out on the
// notice's own pages, which ask themselves.
accounts::WebSession::SectionNav with_privacy_banner(accounts::WebSession::SectionNav inner,
                                                     std::shared_ptr<PrivacyNotices> notices);

}  // namespace moim::communities

namespace moim::accounts {
class ApiRoutes;
}  // namespace moim::accounts

namespace moim::communities {

// /c/{slug}/privacy, /c/{slug}/privacy/edit, /c/{slug}/privacy/agree.
void add_privacy_notice_pages(http::Router& router, accounts::WebSession& session,
                              std::shared_ptr<PrivacyNotices> notices);
// GET/PUT /api/v1/communities/{slug}/privacy-notice, POST .../agreement.
void add_privacy_notice_api(accounts::ApiRoutes& routes, std::shared_ptr<PrivacyNotices> notices);

}  // namespace moim::communities
