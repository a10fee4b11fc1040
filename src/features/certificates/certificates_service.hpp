// Certificates (수료증): organizers customise their community's template and
// issue certificates in bulk for a closed cohort's completers, and
// certificates of attendance (참가 확인서) for an event's checked-in members
// from what the events room hands over (this room never reads events
// tables), and mentoring certificates (멘토링 확인서, 멘토링 수료증) for a
// program's mentors and mentees from what the mentoring room hands over (nor
// its tables); members download their own; anyone can check a number at
// /verify/{number}; organizers revoke (with a reason kept for the audit
// log) and re-issue under a new number. Authorization lives here; every
// change is one transaction.
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

namespace internal {
struct Loaded;
struct StoredTemplate;
}  // namespace internal

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

// What a certificate certifies.
inline constexpr const char* kCompletion = "completion";  // a cohort project, as builder or runner
inline constexpr const char* kAttendance = "attendance";  // an event, checked in at the door
inline constexpr const char* kMentoring = "mentoring";    // a mentoring program, mentor or mentee

struct Certificate {
  std::int64_t id = 0;
  std::string number;
  std::string kind = kCompletion;
  std::string community_slug;
  std::string community_name;
  std::string cohort_key;
  std::string cohort_name;
  std::int64_t project_id = 0;
  std::string project_title;
  std::int64_t user_id = 0;
  std::string recipient_name;
  std::string role;  // builder | runner | attendee | mentor | mentee
  std::string language;
  std::string starts_on, ends_on;
  std::optional<std::int64_t> event_id;    // attendance
  std::string event_title;                 // attendance
  std::string venue;                       // attendance: the place, or "online" in its language
  std::optional<std::int64_t> program_id;  // mentoring
  std::string program_name;                // mentoring
  std::int64_t issued_at = 0;
  std::string time_zone;  // the community's: dates are shown in it
  std::optional<std::int64_t> revoked_at;
  std::string revoke_reason;               // organizers only; never on /verify
  std::optional<std::string> replaced_by;  // the number that re-issued a revoked one
  // Set when the holder's account was erased: recipient_name is then
  // web::kErasedName and only a keyed hash of the printed name is kept.
  std::optional<std::int64_t> name_erased_at;
};

// What /verify shows: the facts printed on the certificate and its state,
// nothing else (no email, no reason for a revocation, no other people).
struct Verification {
  std::string number;
  std::string kind = kCompletion;
  std::string event_title;  // attendance: "attended <event> on <date>"
  std::string venue;
  std::string program_name;  // mentoring: "mentored in / completed <program>, <dates>"
  std::string recipient_name;
  std::string community_name;
  std::string cohort_name;
  std::string project_title;
  std::string role;
  std::string starts_on, ends_on;
  std::int64_t issued_at = 0;
  std::string time_zone;  // the community's, to show dates in (not part of the JSON)
  std::optional<std::int64_t> revoked_at;
  // The holder's account was erased: recipient_name is empty, and the name
  // on the PDF can be checked with CertificatesService::check_holder_name.
  bool name_erased = false;
};

struct IssueOutcome {
  int completers = 0;  // completion results with outcome 'completed'
  int issued = 0;      // new certificates this run
  int already = 0;     // completers who already had one (valid or revoked)
};

// One person who was checked in at the event, as the events room knows them.
// Certificates go to members only (a registration attached to an account):
// a certificate is listed on its holder's /certificates page and downloaded
// there, which a guest without an account has no way to reach.
struct AttendanceHolder {
  std::int64_t user_id = 0;
  std::string name;      // as registered
  std::string email;     // the mail with the link
  std::string language;  // the member's language for mail ("" for the community's)
};

// What the events room hands over for one event: everything the certificate
// states, and who was there.
struct AttendanceBatch {
  std::string community_slug;
  std::int64_t event_id = 0;
  std::string event_title;
  std::int64_t starts_at = 0, ends_at = 0;  // shown as dates in the community's zone
  std::string venue;                        // empty for an online event
  bool online = false;
  std::vector<AttendanceHolder> holders;
};

struct AttendanceOutcome {
  int attendees = 0;  // holders handed over
  int issued = 0;     // new certificates this run
  int already = 0;    // holders who already had one for this event (valid or revoked)
};

// One mentor or mentee of the program, as the mentoring room knows them.
// Members only, as for attendance: the holder finds the certificate on their
// /certificates page.
struct MentoringHolder {
  std::int64_t user_id = 0;
  std::string name;      // as the program knows them
  std::string email;     // the mail with the link
  std::string language;  // the member's language for mail ("" for the community's)
  std::string role;      // "mentor" | "mentee"
};

// What the mentoring room hands over for one program: everything the
// certificate states, and who mentored or was mentored. Someone may be both
// (a mentor of one group, a mentee in another): two holders, two certificates.
struct MentoringBatch {
  std::string community_slug;
  std::int64_t program_id = 0;
  std::string program_name;
  std::int64_t starts_at = 0, ends_at = 0;  // shown as dates in the community's zone
  std::vector<MentoringHolder> holders;
};

struct MentoringOutcome {
  int people = 0;   // holders handed over
  int issued = 0;   // new certificates this run
  int already = 0;  // holders who already had one for this program and role (valid or revoked)
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
  // holder_name_key: 32 bytes derived from the server's secret key for
  // kHolderNameKeyPurpose (holder_name.hpp), the key erasure hashed erased
  // holders' names with; empty when the server has no secret key.
  CertificatesService(db::Database& database, const Clock& clock,
                      communities::CommunitiesService& communities, std::string base_url,
                      std::string holder_name_key = {});

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

  // Certificates of attendance for the batch's holders who have none for
  // this event yet (a revoked one counts, as for cohorts), in one
  // transaction, each with an outbox mail carrying the download link.
  // Organizers of the batch's community. Running it again issues nothing.
  Result<AttendanceOutcome> issue_attendance(const accounts::Viewer& viewer,
                                             const AttendanceBatch& batch);
  // Organizers: every certificate of attendance of an event, by person.
  Result<std::vector<Certificate>> event_certificates(const accounts::Viewer& viewer,
                                                      const std::string& slug,
                                                      std::int64_t event_id);
  // The viewer's own valid certificate of attendance for an event, if any.
  Result<std::optional<Certificate>> my_attendance(const accounts::Viewer& viewer,
                                                   std::int64_t event_id);

  // Mentoring certificates for the batch's holders who have none for this
  // program in their role yet (a revoked one counts, as for cohorts), in one
  // transaction, each with an outbox mail carrying the download link.
  // Organizers of the batch's community. Running it again issues nothing.
  Result<MentoringOutcome> issue_mentoring(const accounts::Viewer& viewer,
                                           const MentoringBatch& batch);
  // Organizers: every mentoring certificate of a program, by person.
  Result<std::vector<Certificate>> program_certificates(const accounts::Viewer& viewer,
                                                        const std::string& slug,
                                                        std::int64_t program_id);
  // The viewer's own valid mentoring certificates for a program (one per
  // role they had), none when signed out.
  Result<std::vector<Certificate>> my_mentoring(const accounts::Viewer& viewer,
                                                std::int64_t program_id);

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
  // A new certificate (new number) for the same person and project (event,
  // program and role), for a revoked one; the member is mailed again.
  Result<Certificate> reissue(const accounts::Viewer& viewer, const std::string& number);

  // Public.
  Result<Verification> verify(const std::string& number);
  // For a certificate whose holder's account was erased: whether `name` (as
  // typed from the PDF; spacing and ASCII case do not matter) is the name it
  // was issued to. 400 naming "name" for an empty or too long name, 404 for
  // an unknown number, 409 naming "number" when the certificate still shows
  // its name, 429 past kNameChecksPerCertificatePerHour tries of the
  // certificate or kNameChecksPerClientPerHour of the client address.
  Result<bool> check_holder_name(const std::string& number, const std::string& name,
                                 const std::string& client_address);
  std::string verify_url(const std::string& number) const;
  std::string download_url(const std::string& number) const;

 private:
  struct Managed {
    communities::Community community;
  };
  Result<Managed> managed(const accounts::Viewer& viewer, const std::string& slug);
  Result<IssueOutcome> issue(std::int64_t cohort_id, std::optional<std::int64_t> actor);
  // The new row and its mail for re-issuing a revoked certificate of
  // attendance (attendance.cpp), inside reissue's transaction.
  Status reissue_attendance(db::Transaction& transaction, const internal::Loaded& old,
                            const internal::StoredTemplate& stored, const std::string& issued_on,
                            const std::string& fresh, const std::string& email, std::int64_t actor,
                            std::int64_t now);
  // The same for a mentoring certificate (mentoring.cpp).
  Status reissue_mentoring(db::Transaction& transaction, const internal::Loaded& old,
                           const internal::StoredTemplate& stored, const std::string& issued_on,
                           const std::string& fresh, const std::string& email, std::int64_t actor,
                           std::int64_t now);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  std::string base_url_;         // without a trailing slash
  std::string holder_name_key_;  // 32 bytes, or empty (holder_name.hpp)
};

}  // namespace moim::certificates
