// Activity: a running project's sessions (from its weekly slot, with skip,
// move and add exceptions), check-in with a rotating short code, and
// attendance that builders correct afterwards with an audit trail.
// Authorization lives here; every state change is one transaction.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "features/academy/academy_service.hpp"
#include "features/activity/completion.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::activity {

inline constexpr std::array<std::string_view, 4> kSessionStatuses{"scheduled", "moved", "added",
                                                                  "skipped"};
inline constexpr std::array<std::string_view, 4> kAttendanceStatuses{"present", "late", "excused",
                                                                     "absent"};

struct Session {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::optional<std::string> slot_date;  // the weekly slot it comes from; empty when added
  std::int64_t starts_at = 0;            // UTC seconds
  std::int64_t ends_at = 0;
  std::string status = "scheduled";
  std::string topic;
  std::string presenter;
  std::string notes;
  bool check_in_open = false;  // at the time it was loaded
};

// What a builder may change on a session. A new start moves it (the length
// stays unless ends_at is given too).
struct SessionInput {
  std::optional<std::string> topic;
  std::optional<std::string> presenter;
  std::optional<std::string> notes;
  std::optional<std::int64_t> starts_at;
  std::optional<std::int64_t> ends_at;
};

struct CheckIn {
  std::int64_t session_id = 0;
  std::string code;  // the code valid right now
  std::int64_t code_expires_at = 0;
  std::int64_t closes_at = 0;  // after this no code is accepted
  std::string url;             // what the QR code holds
  std::string qr_svg;
};

struct Attendance {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string role;                   // runner | auditor
  std::optional<std::string> status;  // empty: nothing recorded yet
  std::optional<std::string> source;  // code | builder
};

struct AttendanceChange {
  std::int64_t user_id = 0;
  std::optional<std::string> old_status;
  std::string new_status;
  std::string reason;
  std::int64_t changed_by = 0;
  std::string changed_by_name;
  std::int64_t changed_at = 0;
};

// ---- writing deadlines (the 글또 pattern) ---------------------------------

// Where a deadline series applies: a whole cohort or one project.
struct DeadlineScope {
  std::optional<std::string> cohort_key;
  std::optional<std::int64_t> project_id;
};

struct SeriesInput {
  std::string title;
  std::string first_due;  // local "YYYY-MM-DDTHH:MM" in the community's zone
  int every_days = 14;
  int count = 1;
};

struct Deadline {
  std::int64_t id = 0;
  std::int64_t series_id = 0;
  std::string title;
  int seq = 0;
  std::int64_t due_at = 0;
  std::optional<std::int64_t> cohort_id;
  std::optional<std::int64_t> project_id;
  int submitted = 0;  // submissions so far
  int passed = 0;     // pass tickets used on it
};

struct SubmissionInput {
  std::string link;  // http(s) URL, may be empty when body is given
  std::string body;  // markdown
  std::vector<std::string> tags;
  bool share = false;
};

struct Submission {
  std::int64_t deadline_id = 0;
  std::int64_t user_id = 0;
  std::string display_name;
  std::string link;
  std::string body;
  std::string body_html;  // sanitized
  std::vector<std::string> tags;
  bool share = false;
  bool late = false;
  std::int64_t submitted_at = 0;
  std::int64_t updated_at = 0;
};

struct WritingSettings {
  int pass_tickets = 0;
  bool no_consecutive_passes = false;
  int deposit_start = 0;
  int deposit_per_miss = 0;
  bool reading_list_public = false;
};

// One member's standing on the writing deadlines of a cohort.
struct WritingStanding {
  int deadlines_past = 0;
  int submitted = 0;
  int late = 0;
  int passes_used = 0;
  int passes_left = 0;
  int missed = 0;
  std::optional<int> deposit_balance;  // when the cohort keeps a deposit
};

struct Missing {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string email;
};

inline constexpr std::size_t kMaxLinkChars = 500;
inline constexpr std::size_t kMaxBodyChars = 20000;
inline constexpr int kMaxDeadlinesPerSeries = 52;

// ---- growth logs ---------------------------------------------------------

inline constexpr std::array<std::string_view, 3> kVisibilities{"private", "project", "public"};

struct GrowthLogInput {
  std::string week;  // any day of the week, "YYYY-MM-DD"; stored as its Monday
  std::optional<std::int64_t> project_id;  // required for project visibility
  std::string learned;
  std::string blocked;
  std::vector<std::string> links;
  std::string visibility = "private";
};

struct GrowthLog {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string display_name;
  std::string week_start;
  std::optional<std::int64_t> project_id;
  std::string learned;
  std::string blocked;
  std::vector<std::string> links;
  std::string visibility;
  std::int64_t updated_at = 0;
};

inline constexpr std::size_t kMaxLogChars = 2000;
inline constexpr std::size_t kMaxLogLinks = 5;

// ---- retrospectives (KPT) ----------------------------------------------

// Who reads a retrospective: the project's people (and organizers), or every
// member of the community.
inline constexpr std::array<std::string_view, 2> kRetrospectiveVisibilities{"project", "community"};
// The project's own retrospective (its builders write it) or one member's.
inline constexpr std::array<std::string_view, 2> kRetrospectiveScopes{"project", "member"};
inline constexpr std::size_t kMaxRetrospectiveChars = 4000;

struct RetrospectiveInput {
  std::string keep;
  std::string problem;
  std::string try_next;
  std::string visibility = "community";
};

struct Retrospective {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string project_title;
  std::string scope;  // project | member
  std::optional<std::int64_t> author_id;
  std::string author_name;
  std::string keep;
  std::string problem;
  std::string try_next;
  std::string visibility;
  std::int64_t updated_at = 0;
};

// ---- a member's dashboard and month calendar ------------------------------

// A project the member takes part in, and how.
struct MemberProject {
  academy::Project project;
  std::string role;  // builder | runner | auditor
};

// What one member did on one local day (the community's zone).
struct DayActivity {
  std::string day;  // YYYY-MM-DD
  int logs = 0;     // growth logs of the week starting that day, as far as the viewer may see
  int submissions = 0;
  int attended = 0;  // sessions present or late
};

// One deadline as a viewer sees it: whether they manage it or write for it,
// and what they did (submitted, late, passed; empty: nothing yet).
struct DeadlineView {
  Deadline deadline;
  bool manages = false;
  bool applies = false;
  std::optional<std::string> my_state;
};

// ---- limits and rules ----------------------------------------------------

inline constexpr std::size_t kMaxTopicChars = 200;
inline constexpr std::size_t kMaxPresenterChars = 100;
inline constexpr std::size_t kMaxNotesChars = 5000;
inline constexpr std::size_t kMaxReasonChars = 500;
inline constexpr int kMaxSessions = 200;  // per project, slot and added together
inline constexpr std::int64_t kMaxSessionSeconds = 12 * 3600;
// A code is good for its minute and the next, so a slow phone still makes it.
inline constexpr std::int64_t kCodeWindowSeconds = 60;
inline constexpr int kMaxWrongCodes = 5;  // per person and session
inline constexpr int kMinCheckInMinutes = 5;
inline constexpr int kMaxCheckInMinutes = 180;
// Checking in this long after the start counts as late.
inline constexpr std::int64_t kLateAfterSeconds = 10 * 60;

class ActivityService {
 public:
  // base_url ("https://moim.example") makes the check-in URL in the QR code.
  ActivityService(db::Database& database, const Clock& clock, academy::AcademyService& academy,
                  std::string base_url);

  academy::AcademyService& academy() { return academy_; }
  // The service's clock, so pages decide "before the deadline" as it does.
  const Clock& clock() const { return clock_; }

  // The community's time zone, for reading local times in forms and bodies.
  Result<std::string> time_zone(const std::string& slug);

  // Sessions. Reading: whoever may see the project. Changing: its builders
  // and the community's organizers.
  Result<Session> session(const accounts::Viewer& viewer, const std::string& slug,
                          std::int64_t session_id);
  Result<std::vector<Session>> sessions(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t project_id);
  // Creates the sessions of the weekly slot between starts_on and ends_on
  // that do not exist yet; a skipped or moved one stays as it is.
  Result<std::vector<Session>> schedule(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t project_id);
  Result<Session> add_session(const accounts::Viewer& viewer, const std::string& slug,
                              std::int64_t project_id, const SessionInput& input);
  Result<Session> update_session(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t session_id, const SessionInput& input);
  Result<Session> skip_session(const accounts::Viewer& viewer, const std::string& slug,
                               std::int64_t session_id, bool skipped);

  // Check-in.
  Result<CheckIn> open_check_in(const accounts::Viewer& viewer, const std::string& slug,
                                std::int64_t session_id, int minutes);
  // The builder's screen polls this for the current code and QR code.
  Result<CheckIn> check_in_code(const accounts::Viewer& viewer, const std::string& slug,
                                std::int64_t session_id);
  Status close_check_in(const accounts::Viewer& viewer, const std::string& slug,
                        std::int64_t session_id);
  // A runner or auditor of the project; returns the status recorded.
  Result<std::string> check_in(const accounts::Viewer& viewer, const std::string& slug,
                               std::int64_t session_id, const std::string& code);

  // Attendance: builders and organizers.
  Result<std::vector<Attendance>> attendance(const accounts::Viewer& viewer,
                                             const std::string& slug, std::int64_t session_id);
  Result<Attendance> mark(const accounts::Viewer& viewer, const std::string& slug,
                          std::int64_t session_id, std::int64_t user_id, const std::string& status,
                          const std::string& reason);
  Result<std::vector<AttendanceChange>> attendance_changes(const accounts::Viewer& viewer,
                                                           const std::string& slug,
                                                           std::int64_t session_id);

  // Writing deadlines. Organizers create cohort series; builders (and
  // organizers) project series.
  Result<std::vector<Deadline>> create_series(const accounts::Viewer& viewer,
                                              const std::string& slug, const DeadlineScope& scope,
                                              const SeriesInput& input);
  // The deadlines that apply to the viewer's projects (or, for organizers
  // and builders, to the scope asked for).
  Result<std::vector<Deadline>> deadlines(const accounts::Viewer& viewer, const std::string& slug,
                                          const DeadlineScope& scope);
  Result<Submission> submit(const accounts::Viewer& viewer, const std::string& slug,
                            std::int64_t deadline_id, const SubmissionInput& input);
  Result<std::vector<Submission>> submissions(const accounts::Viewer& viewer,
                                              const std::string& slug, std::int64_t deadline_id);
  Status use_pass(const accounts::Viewer& viewer, const std::string& slug,
                  std::int64_t deadline_id);
  Result<std::vector<Missing>> missing(const accounts::Viewer& viewer, const std::string& slug,
                                       std::int64_t deadline_id);
  Result<WritingSettings> writing_settings(const std::string& slug, const std::string& cohort_key);
  Result<WritingSettings> set_writing_settings(const accounts::Viewer& viewer,
                                               const std::string& slug,
                                               const std::string& cohort_key,
                                               const WritingSettings& settings);
  // A member's standing in a cohort; the member or organizers.
  Result<WritingStanding> writing_standing(const accounts::Viewer& viewer, const std::string& slug,
                                           const std::string& cohort_key, std::int64_t user_id);
  // Shared posts of a cohort whose reading list is public; anyone.
  Result<std::vector<Submission>> reading_list(const std::string& slug,
                                               const std::string& cohort_key);
  // Enqueues the 24 h and 1 h reminders due at `now` for everyone who has
  // neither submitted nor passed; idempotent (one outbox key per deadline,
  // person and kind). Returns how many rows were enqueued. Call it from a
  // timer; nothing in a request path does.
  Result<int> enqueue_due_reminders();

  // Live progress against the project's completion rules (the cohort's, or
  // the defaults for a lab): every runner for builders and organizers, only
  // their own row for a runner.
  Result<std::vector<Progress>> progress(const accounts::Viewer& viewer, const std::string& slug,
                                         std::int64_t project_id);

  // Secret iCalendar feed addresses. A new address replaces the old one.
  // Without project_id: the viewer's own feed (their sessions and
  // deadlines in this community); with it: the project's (its builders and
  // organizers create it).
  Result<std::string> create_calendar_feed(const accounts::Viewer& viewer, const std::string& slug,
                                           std::optional<std::int64_t> project_id);
  // The feed behind a secret token; not found for an unknown one. Its labels
  // ("발표", "마감") are in the owner's language (theirs, else the
  // community's), read through `text(language, key)` from the catalog.
  using Translate = std::function<std::string(const std::string& language, const std::string& key)>;
  Result<std::string> calendar_feed(const std::string& token, const Translate& text);

  // Growth logs: one per member and week (writing again edits it).
  Result<GrowthLog> write_log(const accounts::Viewer& viewer, const std::string& slug,
                              const GrowthLogInput& input);
  // A member's logs, newest first, as far as the viewer may see them.
  Result<std::vector<GrowthLog>> logs(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t user_id);

  // Retrospectives (KPT). scope "project": the project's one retrospective,
  // written by its builders (or organizers); scope "member": the viewer's
  // own, for runners and builders of the project. Writable while the cohort
  // runs or wraps up (a lab: any time); writing again edits it.
  Result<Retrospective> write_retrospective(const accounts::Viewer& viewer, const std::string& slug,
                                            std::int64_t project_id, const std::string& scope,
                                            const RetrospectiveInput& input);
  // A project's retrospectives as far as the viewer may read them: the
  // project's first, then members' by name.
  Result<std::vector<Retrospective>> retrospectives(const accounts::Viewer& viewer,
                                                    const std::string& slug,
                                                    std::int64_t project_id);
  // Every readable retrospective of a cohort's projects, gathered.
  Result<std::vector<Retrospective>> cohort_retrospectives(const accounts::Viewer& viewer,
                                                           const std::string& slug,
                                                           const std::string& cohort_key);
  // Whether retrospectives of this project may be written now.
  Result<bool> retrospectives_open(const std::string& slug, const academy::Project& project);

  // The projects the viewer builds, runs or audits in this community.
  Result<std::vector<MemberProject>> member_projects(const accounts::Viewer& viewer,
                                                     const std::string& slug);
  // A member's activity per day of one month ("YYYY-MM"), in the community's
  // zone. Logs as far as the viewer may see them; submissions and attendance
  // only for the member themself and organizers.
  Result<std::vector<DayActivity>> activity_days(const accounts::Viewer& viewer,
                                                 const std::string& slug, std::int64_t user_id,
                                                 const std::string& month);
  // A member's display name in this community; not found for anyone who is
  // not a member (so member pages never reveal other people's names).
  Result<std::string> member_name(const std::string& slug, std::int64_t user_id);
  // One deadline for the people it applies to and those who manage it.
  Result<DeadlineView> deadline_view(const accounts::Viewer& viewer, const std::string& slug,
                                     std::int64_t deadline_id);
  // What the viewer did on each deadline that applies to them here.
  Result<std::vector<DeadlineView>> my_deadlines(const accounts::Viewer& viewer,
                                                 const std::string& slug);

 private:
  struct Place {  // a session with the project it belongs to
    Session session;
    academy::Project project;
    bool manages = false;  // a builder of it, or an organizer
  };
  Result<academy::Project> project_for(const accounts::Viewer& viewer, const std::string& slug,
                                       std::int64_t project_id, bool must_manage);
  Result<Place> place_of(const accounts::Viewer& viewer, const std::string& slug,
                         std::int64_t session_id, bool must_manage);
  bool manages(const accounts::Viewer& viewer, const academy::Project& project,
               const communities::Standing& standing) const;
  struct DeadlinePlace {  // a deadline with who it applies to
    Deadline deadline;
    std::int64_t community_id = 0;
    std::optional<std::int64_t> settings_cohort_id;  // the cohort whose settings apply
  };
  Result<DeadlinePlace> deadline_place(db::Transaction& reader, std::int64_t community_id,
                                       std::int64_t deadline_id);
  Result<bool> applies_to(db::Transaction& reader, const Deadline& deadline, std::int64_t user_id);
  Result<bool> manages_deadline(const accounts::Viewer& viewer, const std::string& slug,
                                const Deadline& deadline);
  std::string check_in_url(const std::string& slug, std::int64_t session_id,
                           const std::string& code) const;

  db::Database& database_;
  const Clock& clock_;
  academy::AcademyService& academy_;
  std::string base_url_;
};

}  // namespace moim::activity
