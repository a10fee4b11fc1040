// Certificates (수료증): organizers customise their community's template and
// issue certificates in bulk for a closed cohort's completers; members
// download their own; anyone can check a number at /verify/{number};
// organizers revoke (with a reason kept for the audit log) and re-issue under
// a new number. Authorization lives here; every change is one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::certificates {

// A community's certificate template. Empty texts fall back to the default
// wording of the certificate's language. The body may name {name},
// {community}, {cohort}, {project} and {role}.
struct TemplateSettings {
  std::string title_ko, title_en;
  std::string body_ko, body_en;
  std::string signature_name;       // default: the community's name
  std::string signature_title;      // default: 운영진 / Organizers
  std::string language = "member";  // member (their own setting) | ko | en
  bool has_logo = false;
  std::int64_t updated_at = 0;
};

struct TemplateInput {
  std::optional<std::string> title_ko, title_en, body_ko, body_en;
  std::optional<std::string> signature_name, signature_title;
  std::optional<std::string> language;
  std::optional<std::string> logo_png;  // raw PNG bytes: replaces the logo
  bool remove_logo = false;
};

struct Certificate {
  std::int64_t id = 0;
  std::string number;
  std::string community_slug;
  std::string community_name;
  std::string cohort_key;
  std::string cohort_name;
  std::int64_t project_id = 0;
  std::string project_title;
  std::int64_t user_id = 0;
  std::string recipient_name;
  std::string role;  // builder | runner
  std::string language;
  std::string starts_on, ends_on;
  std::int64_t issued_at = 0;
  std::string time_zone;  // the community's: dates are shown in it
  std::optional<std::int64_t> revoked_at;
  std::string revoke_reason;               // organizers only; never on /verify
  std::optional<std::string> replaced_by;  // the number that re-issued a revoked one
};

// What /verify shows: the facts printed on the certificate and its state,
// nothing else (no email, no reason for a revocation, no other people).
struct Verification {
  std::string number;
  std::string recipient_name;
  std::string community_name;
  std::string cohort_name;
  std::string project_title;
  std::string role;
  std::string starts_on, ends_on;
  std::int64_t issued_at = 0;
  std::string time_zone;  // the community's, to show dates in (not part of the JSON)
  std::optional<std::int64_t> revoked_at;
};

struct IssueOutcome {
  int completers = 0;  // completion results with outcome 'completed'
  int issued = 0;      // new certificates this run
  int already = 0;     // completers who already had one (valid or revoked)
};

struct CohortCertificates {
  communities::Community community;
  std::string cohort_key;
  std::string cohort_name;
  bool closed = false;
  int completers = 0;
  int total = 0;  // the cohort's certificates on every page
  std::vector<Certificate> certificates;
};

// The organizers' page lists a cohort's certificates this many at a time.
inline constexpr int kCertificatesPerPage = 50;

// A cohort of the community as the organizers' certificate page lists it.
struct CohortSummary {
  std::string cohort_key;
  std::string cohort_name;
  bool closed = false;
  int completers = 0;
  int issued = 0;  // valid certificates
};

inline constexpr std::size_t kMaxTitleChars = 40;
inline constexpr std::size_t kMaxBodyChars = 300;
inline constexpr std::size_t kMaxSignatureChars = 60;
inline constexpr std::size_t kMaxRevokeReasonChars = 300;

class CertificatesService {
 public:
  // base_url: the public address verification links and QR codes point at.
  CertificatesService(db::Database& database, const Clock& clock,
                      communities::CommunitiesService& communities, std::string base_url);

  // Organizers (and platform admins) of the community.
  Result<TemplateSettings> template_settings(const accounts::Viewer& viewer,
                                             const std::string& slug);
  Result<TemplateSettings> update_template(const accounts::Viewer& viewer, const std::string& slug,
                                           const TemplateInput& input);
  // Every cohort with its closing state and certificate counts, newest first.
  Result<std::vector<CohortSummary>> cohorts(const accounts::Viewer& viewer,
                                             const std::string& slug);
  // A sample certificate in the current template ("PREVIEW" number), in
  // `language` (ko | en).
  Result<std::string> preview_pdf(const accounts::Viewer& viewer, const std::string& slug,
                                  const std::string& language);

  // Issues a certificate to every completer of a closed cohort who has none
  // yet (a revoked one counts: re-issuing is an explicit act), each with an
  // outbox mail carrying the download link. Running it again issues nothing.
  Result<IssueOutcome> issue_cohort(const accounts::Viewer& viewer, const std::string& slug,
                                    const std::string& cohort_key);
  // The same without a person acting (demo seeding, tools).
  Result<IssueOutcome> issue_closed_cohort(std::int64_t cohort_id);

  // page 0: every certificate (the API); page n >= 1: the n-th
  // kCertificatesPerPage of them, by project and person.
  Result<CohortCertificates> cohort_certificates(const accounts::Viewer& viewer,
                                                 const std::string& slug,
                                                 const std::string& cohort_key, int page = 0);
  // The viewer's own certificates in every community, newest first.
  Result<std::vector<Certificate>> mine(const accounts::Viewer& viewer);

  // One certificate: its owner, the community's organizers and platform
  // admins; anyone else gets not_found (a number is not confirmed to exist).
  Result<Certificate> certificate(const accounts::Viewer& viewer, const std::string& number);
  Result<std::string> pdf(const accounts::Viewer& viewer, const std::string& number);

  Result<Certificate> revoke(const accounts::Viewer& viewer, const std::string& number,
                             const std::string& reason);
  // A new certificate (new number) for the same person and project, for a
  // revoked one; the member is mailed again.
  Result<Certificate> reissue(const accounts::Viewer& viewer, const std::string& number);

  // Public.
  Result<Verification> verify(const std::string& number);
  std::string verify_url(const std::string& number) const;
  std::string download_url(const std::string& number) const;

 private:
  struct Managed {
    communities::Community community;
  };
  Result<Managed> managed(const accounts::Viewer& viewer, const std::string& slug);
  Result<IssueOutcome> issue(std::int64_t cohort_id, std::optional<std::int64_t> actor);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  std::string base_url_;  // without a trailing slash
};

}  // namespace moim::certificates
