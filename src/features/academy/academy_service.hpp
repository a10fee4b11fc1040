// The academy: cohorts (기수) and their phases, project proposals and their
// review, the public catalog, applications with ranked choices, builders'
// reviews, and auditing (청강). Authorization lives here; every state change
// is one transaction; mail is an outbox row written in it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/base/versioned_cache.hpp"
#include "platform/db/database.hpp"

namespace moim::academy {

// ---- cohorts -------------------------------------------------------------

enum class Phase { kProposals, kRecruiting, kSelection, kRunning, kWrapUp, kClosed };
inline constexpr std::array<Phase, 6> kAllPhases{Phase::kProposals, Phase::kRecruiting,
                                                 Phase::kSelection, Phase::kRunning,
                                                 Phase::kWrapUp,    Phase::kClosed};
std::string_view phase_name(Phase phase);
std::optional<Phase> parse_phase(std::string_view name);

struct PhaseWindow {
  Phase phase = Phase::kProposals;
  std::int64_t starts_at = 0;  // UTC seconds, inclusive
  std::int64_t ends_at = 0;    // exclusive
};

struct CompletionRules {  // defaults a later issue (activity) applies
  int min_attendance_percent = 80;
  int min_submissions = 0;
  bool retrospective_required = true;
};

struct Cohort {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string key;  // address part: /c/{slug}/cohorts/{key}
  std::string name;
  std::string description;
  int max_choices = 3;
  std::vector<std::string> questions;
  bool auditing_open = true;
  CompletionRules completion;
  int seat_confirm_hours = 72;      // placed runners confirm their seat within this
  int late_join_days = 14;          // waitlist promotions until running starts + this
  std::vector<PhaseWindow> phases;  // all six, in order
  std::int64_t created_at = 0;
  bool results_published = false;  // a selection result is out (the pages stop saying "selecting")

  // The phase whose window holds `now`; nullopt before the first or in a gap.
  std::optional<Phase> current_phase(std::int64_t now) const;
  bool in_phase(Phase phase, std::int64_t now) const;
  const PhaseWindow& window(Phase phase) const;
};

struct CohortInput {
  std::optional<std::string> key;  // only at creation
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<int> max_choices;
  std::optional<std::vector<std::string>> questions;
  std::optional<bool> auditing_open;
  std::optional<int> min_attendance_percent;
  std::optional<int> min_submissions;
  std::optional<bool> retrospective_required;
  std::optional<int> seat_confirm_hours;
  std::optional<int> late_join_days;
  std::optional<std::vector<PhaseWindow>> phases;  // all six when given
};

// ---- projects ------------------------------------------------------------

inline constexpr std::array<std::string_view, 5> kKinds{"study", "paper_reading", "build_project",
                                                        "translation", "lab"};
inline constexpr std::array<std::string_view, 3> kLevels{"beginner", "intermediate", "advanced"};
inline constexpr std::array<std::string_view, 3> kLanguages{"ko", "en", "ko_en"};
inline constexpr std::array<std::string_view, 2> kModes{"online", "offline"};
inline constexpr std::array<std::string_view, 7> kWeekdays{"mon", "tue", "wed", "thu",
                                                           "fri", "sat", "sun"};
// Weekly availability an applicant ticks: a weekday and a part of the day.
inline constexpr std::array<std::string_view, 3> kDayParts{"morning", "afternoon", "evening"};
bool is_availability_slot(std::string_view slot);  // e.g. "mon_evening"

enum class ProjectStatus { kProposed, kChangesRequested, kApproved, kDeclined };
std::string_view status_name(ProjectStatus status);
std::optional<ProjectStatus> parse_status(std::string_view name);

struct Builder {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string bio;
  std::string github_url;
  std::string blog_url;
  bool lead = false;
  bool accepted = false;  // co-builders count once they accept the invitation
};

struct Project {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::optional<std::int64_t> cohort_id;  // empty: a year-round lab
  std::string title;
  std::string summary;
  std::string description;       // markdown as written
  std::string description_html;  // sanitized HTML
  std::string kind;
  std::vector<std::string> tags;
  std::string level;
  std::string language;
  std::string mode;
  std::string place;
  int weekday = 0;  // 0 = Monday
  std::string start_time;
  int duration_minutes = 0;
  std::string time_zone;
  std::string starts_on;
  std::string ends_on;
  int min_runners = 0;
  int max_runners = 0;
  bool auditors_welcome = false;
  std::vector<std::string> questions;
  ProjectStatus status = ProjectStatus::kProposed;
  std::string review_comment;
  std::vector<Builder> builders;
  int runners = 0;     // seats taken
  int offered = 0;     // seats offered by a published result, not yet answered
  int auditors = 0;    // never counted against capacity
  int applicants = 0;  // submitted applications listing it
  std::int64_t created_at = 0;

  // An offered seat is not free: counting only runners showed "2 / 2 left"
  // right after a result filled the project (issue #12).
  int seats_left() const {
    const int taken = runners + offered;
    return max_runners > taken ? max_runners - taken : 0;
  }
  bool is_lab() const { return !cohort_id.has_value(); }
};

struct ProjectInput {
  std::optional<std::string> title;
  std::optional<std::string> summary;
  std::optional<std::string> description;
  std::optional<std::string> kind;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> level;
  std::optional<std::string> language;
  std::optional<std::string> mode;
  std::optional<std::string> place;
  std::optional<int> weekday;
  std::optional<std::string> start_time;
  std::optional<int> duration_minutes;
  std::optional<std::string> time_zone;
  std::optional<std::string> starts_on;
  std::optional<std::string> ends_on;
  std::optional<int> min_runners;
  std::optional<int> max_runners;
  std::optional<bool> auditors_welcome;
  std::optional<std::vector<std::string>> questions;
  std::vector<std::int64_t> co_builders;  // invited at creation
};

enum class Decision { kApprove, kRequestChanges, kDecline };
std::optional<Decision> parse_decision(std::string_view name);

struct CatalogQuery {
  std::optional<std::string> kind;
  std::optional<std::string> tag;
  std::optional<std::string> level;
  std::optional<std::string> language;
  std::optional<std::string> mode;
  std::optional<int> weekday;
  bool seats_left = false;
  bool auditors_welcome = false;
  std::string text;  // title, summary or tags, case-insensitively
  // Organizers may list proposals too; everyone else sees approved only.
  std::optional<ProjectStatus> status;

  bool operator==(const CatalogQuery&) const = default;  // {} = no filter at all
};

// ---- applications --------------------------------------------------------

// What an application is for: a cohort (ranked choices) or one lab.
struct Scope {
  std::optional<std::string> cohort_key;
  std::optional<std::int64_t> lab_id;
};

struct ChoiceInput {
  std::int64_t project_id = 0;
  std::vector<std::string> answers;  // one per project question
};

struct ApplicationInput {
  std::vector<ChoiceInput> choices;  // 1st first
  std::vector<std::string> answers;  // one per common question
  std::vector<std::string> availability;
};

inline constexpr std::array<std::string_view, 3> kReviews{"pending", "accepted", "declined"};

struct Choice {
  int rank = 0;
  std::int64_t project_id = 0;
  std::string project_title;
  std::vector<std::string> questions;
  std::vector<std::string> answers;
  std::string review = "pending";
  std::optional<int> score;
  bool placed = false;
};

struct Application {
  std::int64_t id = 0;
  std::optional<std::int64_t> cohort_id;
  std::optional<std::int64_t> lab_id;
  std::int64_t user_id = 0;
  std::string display_name;
  std::string email;
  std::vector<std::string> answers;
  std::vector<std::string> availability;
  std::string status;  // submitted | withdrawn
  int revision = 0;
  std::int64_t submitted_at = 0;
  std::int64_t updated_at = 0;
  std::vector<Choice> choices;
};

// One applicant as a project's builders see them: their answers for this
// project and the common ones, never what they wrote for other projects.
struct Applicant {
  std::int64_t application_id = 0;
  std::int64_t user_id = 0;
  std::string display_name;
  std::string email;
  int rank = 0;  // where they put this project
  std::vector<std::string> common_answers;
  std::vector<std::string> answers;
  std::vector<std::string> availability;
  std::string review = "pending";
  std::optional<int> score;
  bool co_runner = false;
  std::int64_t submitted_at = 0;
};

struct ReviewInput {
  std::optional<std::string> review;  // pending | accepted | declined
  std::optional<int> score;           // 0..100, higher first
  bool clear_score = false;
};

// ---- selection -----------------------------------------------------------

struct RunInput {
  std::string mode = "stable";       // stable | rank_maximal
  std::optional<std::int64_t> seed;  // 0..2^53-1; empty: chosen now and recorded
  bool cancel_under_minimum = false;
};

struct ProjectFill {
  std::int64_t project_id = 0;
  std::string title;
  int filled = 0;
  int min = 0;
  int max = 0;
  bool cancelled = false;
  std::vector<std::int64_t> waitlist;  // user ids, next in line first
};

struct ChoiceExplanation {
  std::int64_t project_id = 0;
  std::string project_title;
  std::string outcome;  // the engine's ChoiceOutcome name, e.g. filled_by_higher_ranked
};

struct Placement {
  std::int64_t user_id = 0;
  std::string display_name;
  std::optional<std::int64_t> project_id;
  std::string project_title;
  int rank = 0;  // 1 = first choice; 0 = not placed (or pinned outside their choices)
  std::vector<ChoiceExplanation> explanation;
  std::optional<std::int64_t> pinned_project;
  std::string pin_reason;
};

struct AllocationRun {
  std::int64_t id = 0;
  std::string mode;
  std::int64_t seed = 0;
  bool cancel_under_minimum = false;
  std::vector<int> by_rank;  // [0] = placed at their 1st choice
  int unassigned = 0;
  std::vector<ProjectFill> projects;
  std::vector<Placement> placements;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> published_at;
};

struct Waitlisted {
  std::int64_t project_id = 0;
  std::string project_title;
  int position = 0;
};

// What a member sees once results are published.
struct MyResult {
  bool published = false;
  std::optional<std::int64_t> project_id;
  std::string project_title;
  int rank = 0;
  std::string offer_state;  // offered | confirmed | declined | expired, empty when not placed
  std::int64_t deadline = 0;
  std::vector<Waitlisted> waitlisted;
  std::vector<ChoiceExplanation> explanation;
};

// ---- imports from a Google Forms CSV export ------------------------------

// Which CSV column (0-based) holds what; -1 = none.
struct ImportMapping {
  int email = -1;
  int name = -1;             // shown in the preview only; accounts keep their own name
  std::vector<int> choices;  // 1st choice first
  std::vector<int> answers;  // one per common question of the cohort
};

struct ImportRow {
  int line = 0;  // in the file, counting the header as line 1
  std::string email;
  std::string name;
  std::optional<std::int64_t> user_id;
  std::vector<std::int64_t> project_ids;
  std::vector<std::string> choice_titles;
  std::vector<std::string> answers;
  std::vector<std::string> errors;  // empty: will be imported
};

struct ImportPreview {
  std::vector<std::string> headers;
  ImportMapping mapping;
  std::vector<ImportRow> rows;
  int valid = 0;
  int invalid = 0;
  bool imported = false;
  int imported_count = 0;
};

struct ImportRequest {
  std::string csv;                       // the file's bytes
  std::optional<ImportMapping> mapping;  // empty: guessed from the headers
  bool dry_run = true;                   // preview only
  bool skip_errors = false;              // import the valid rows, leave the rest
};

// Guesses from Korean and English Google Forms headers (이메일 주소, 이름,
// 1지망, "Email Address", "1st choice"; common questions by their text).
ImportMapping guess_mapping(const std::vector<std::string>& headers,
                            const std::vector<std::string>& questions, int max_choices);

// ---- who is in which project now (read by other rooms) -------------------

// One person's place in one approved project: an accepted builder or a
// placed runner who has not dropped out, while the project's cohort is not
// over (closed). Year-round labs never close.
struct ProjectMember {
  std::int64_t user_id = 0;
  std::int64_t project_id = 0;
  std::optional<std::int64_t> cohort_id;  // empty: a lab
  bool builder = false;                   // else a runner
};

// ---- limits --------------------------------------------------------------

inline constexpr std::size_t kMaxTitleChars = 100;
inline constexpr std::size_t kMaxSummaryChars = 300;
inline constexpr std::size_t kMaxMarkdownChars = 20000;
inline constexpr std::size_t kMaxQuestions = 10;
inline constexpr std::size_t kMaxQuestionChars = 300;
inline constexpr std::size_t kMaxAnswerChars = 2000;
inline constexpr std::size_t kMaxTags = 10;
inline constexpr std::size_t kMaxTagChars = 30;
inline constexpr std::size_t kMaxPlaceChars = 200;
inline constexpr std::size_t kMaxCommentChars = 1000;
inline constexpr int kMaxCapacity = 500;
inline constexpr std::size_t kMaxCoRunners = 20;

class AcademyService {
 public:
  AcademyService(db::Database& database, const Clock& clock,
                 communities::CommunitiesService& communities);
  // The communities room, for rooms built on the academy (activity raises
  // growth stages through it).
  communities::CommunitiesService& communities() { return communities_; }

  // Cohorts.
  Result<Cohort> create_cohort(const accounts::Viewer& viewer, const std::string& slug,
                               const CohortInput& input);
  Result<Cohort> update_cohort(const accounts::Viewer& viewer, const std::string& slug,
                               const std::string& key, const CohortInput& input);
  Result<Cohort> cohort(const std::string& slug, const std::string& key);
  // Organizers: end the current phase now and start the next one, which
  // keeps its planned end (or its length, when that end has passed; later
  // phases then move so none overlap). Audit-logged. 409 "phase" when no
  // phase follows.
  Result<Cohort> start_next_phase(const accounts::Viewer& viewer, const std::string& slug,
                                  const std::string& key);
  // The cohorts whose dates have not closed them yet, newest first: what the
  // community home chooses from, whatever the community's history.
  Result<std::vector<Cohort>> open_cohorts(const std::string& slug, std::int64_t now);
  Result<std::vector<Cohort>> cohorts(const std::string& slug);  // newest first
  // Closing a cohort belongs to the activity room (wrap-up), which depends on
  // this one; the app hands us the question so the cohort page can stop
  // saying "running" once it is closed (issue #12). Unset: never closed.
  using ClosureProbe = std::function<Result<bool>(std::int64_t cohort_id)>;
  void set_closure_probe(ClosureProbe probe) { closure_probe_ = std::move(probe); }
  // Kept in memory like the catalog (the community page asks on every view).
  Result<bool> cohort_closed(const communities::Community& community, const Cohort& cohort);

  // Projects.
  Result<Project> propose(const accounts::Viewer& viewer, const std::string& slug,
                          const Scope& scope, const ProjectInput& input);
  Result<Project> update_project(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t project_id, const ProjectInput& input);
  Result<Project> review_project(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t project_id, Decision decision,
                                 const std::string& comment);
  Result<Project> invite_builder(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t project_id, std::int64_t user_id);
  Result<Project> accept_invitation(const accounts::Viewer& viewer, const std::string& slug,
                                    std::int64_t project_id);
  // Approved projects are public; others only to their builders and organizers.
  Result<Project> project(const accounts::Viewer& viewer, const std::string& slug,
                          std::int64_t project_id);
  Result<std::vector<Project>> catalog(const accounts::Viewer& viewer, const std::string& slug,
                                       const std::string& key, const CatalogQuery& query);
  Result<std::vector<Project>> labs(const accounts::Viewer& viewer, const std::string& slug);
  // Projects the viewer leads or co-builds in this community.
  Result<std::vector<Project>> my_projects(const accounts::Viewer& viewer, const std::string& slug);

  // Applications.
  Result<Application> apply(const accounts::Viewer& viewer, const std::string& slug,
                            const Scope& scope, const ApplicationInput& input);
  Status withdraw(const accounts::Viewer& viewer, const std::string& slug, const Scope& scope);
  Result<std::optional<Application>> my_application(const accounts::Viewer& viewer,
                                                    const std::string& slug, const Scope& scope);
  Result<std::vector<Applicant>> applicants(const accounts::Viewer& viewer, const std::string& slug,
                                            std::int64_t project_id);
  Result<Applicant> review_applicant(const accounts::Viewer& viewer, const std::string& slug,
                                     std::int64_t project_id, std::int64_t application_id,
                                     const ReviewInput& input);
  // People pickers (co-builders of a proposal, a project's co-runners), so
  // nobody types user numbers: members of the community by name or email
  // (emails masked), for signed-in members of that community.
  Result<std::vector<communities::PersonMatch>> find_people(const accounts::Viewer& viewer,
                                                            const std::string& slug,
                                                            const std::string& text);
  // The names of people already picked (non-members left out).
  Result<std::vector<communities::PersonMatch>> people(const accounts::Viewer& viewer,
                                                       const std::string& slug,
                                                       const std::vector<std::int64_t>& user_ids);
  Result<std::vector<std::int64_t>> set_co_runners(const accounts::Viewer& viewer,
                                                   const std::string& slug, std::int64_t project_id,
                                                   const std::vector<std::int64_t>& user_ids);
  // Organizers: every application of a cohort.
  Result<std::vector<Application>> applications(const accounts::Viewer& viewer,
                                                const std::string& slug, const std::string& key);
  // UTF-8 with a BOM, one row per choice; organizers get the whole cohort,
  // builders (with project_id) their own project only.
  Result<std::string> applications_csv(const accounts::Viewer& viewer, const std::string& slug,
                                       const std::string& key,
                                       std::optional<std::int64_t> project_id);

  // Organizers: applications from a Google Forms CSV export. A dry run (or
  // any row error that is not skipped) writes nothing; otherwise one
  // transaction imports every valid row and writes an audit entry.
  Result<ImportPreview> import_applications(const accounts::Viewer& viewer, const std::string& slug,
                                            const std::string& key, const ImportRequest& request);

  // Auditing (청강).
  Result<Project> audit(const accounts::Viewer& viewer, const std::string& slug,
                        std::int64_t project_id);
  Result<Project> stop_auditing(const accounts::Viewer& viewer, const std::string& slug,
                                std::int64_t project_id);
  Result<bool> is_auditing(const accounts::Viewer& viewer, std::int64_t project_id);

  // Selection (organizers run, pin, publish; members confirm their seat).
  Result<AllocationRun> run_allocation(const accounts::Viewer& viewer, const std::string& slug,
                                       const std::string& key, const RunInput& input);
  Result<std::optional<AllocationRun>> latest_run(const accounts::Viewer& viewer,
                                                  const std::string& slug, const std::string& key);
  Status pin(const accounts::Viewer& viewer, const std::string& slug, const std::string& key,
             std::int64_t user_id, std::optional<std::int64_t> project_id,
             const std::string& reason);
  Result<AllocationRun> publish(const accounts::Viewer& viewer, const std::string& slug,
                                const std::string& key, std::int64_t run_id);
  Result<MyResult> my_result(const accounts::Viewer& viewer, const std::string& slug,
                             const std::string& key);
  Result<MyResult> respond_to_offer(const accounts::Viewer& viewer, const std::string& slug,
                                    const std::string& key, bool confirm);

  // Everyone in a project of the community now (see ProjectMember), by user
  // then project. For other rooms' rules (coffee-chat audiences and mixing);
  // they authorize their own callers.
  Result<std::vector<ProjectMember>> current_project_members(std::int64_t community_id);

  // What the viewer may do here.
  struct Access {
    communities::Community community;
    communities::Standing standing;
  };
  Result<Access> access(const accounts::Viewer& viewer, const std::string& slug);

  // Wrap-up: a runner leaves a project (a drop-out, recorded by the activity
  // room). Their seat and its offer are released and, within the cohort's
  // late-join window, offered to the next on the waitlist. Runs inside the
  // caller's transaction so the drop-out is one change. Returns whether a
  // seat was offered to someone on the waitlist.
  Result<bool> release_seat(db::Transaction& transaction, std::int64_t project_id,
                            std::int64_t user_id, std::int64_t now);

 private:
  Result<Project> load_project(db::Transaction& reader, std::int64_t community_id,
                               std::int64_t project_id);
  Result<std::vector<Project>> load_projects(db::Transaction& reader, const std::string& where,
                                             const std::vector<db::Value>& params);
  Result<Cohort> load_cohort(db::Transaction& reader, std::int64_t community_id,
                             const std::string& key);
  Result<Cohort> load_cohort_by_id(db::Transaction& reader, std::int64_t cohort_id);
  // Cohorts matching `where` (on cohorts c), with their phases, by id.
  Result<std::vector<Cohort>> load_cohorts(db::Transaction& reader, const std::string& where,
                                           const std::vector<db::Value>& params);
  // A builder (accepted) of the project, or an organizer of its community.
  Result<bool> is_builder(db::Transaction& reader, std::int64_t project_id, std::int64_t user_id);
  Status promote_builders(const accounts::Viewer& organizer, const std::string& slug,
                          const Project& project);
  Result<AllocationRun> load_run(db::Transaction& reader, std::int64_t run_id);
  // Expires offers past their deadline and offers freed seats to the next on
  // the waitlist (within the late-join window). Runs inside the caller's transaction.
  Status settle_seats(db::Transaction& transaction, const Cohort& cohort, std::int64_t now);
  Status offer_seat(db::Transaction& transaction, const Cohort& cohort, std::int64_t project_id,
                    std::int64_t user_id, std::int64_t now, const std::string& why);

  // The cohort `key` of the community, from memory while the community's
  // content version is the one it was read at.
  Result<Cohort> cached_cohort(const communities::Community& community, const std::string& key);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  ClosureProbe closure_probe_;

  // What every visitor of a community reads alike: the community page's
  // cohorts, a cohort, its catalog, whether it is closed. Each is used while
  // the community's content version (migration 0026: bumped by the database
  // with every write to those rows) is still the one it was read at, so a
  // write by any room or any instance is seen at the next view.
  struct OpenCohorts {
    std::vector<Cohort> cohorts;
    std::int64_t read_at = 0;      // the time they were chosen for
    std::int64_t valid_until = 0;  // the first of them to close by its dates
  };
  VersionedCache<std::pair<std::int64_t, std::string>, Cohort> cohorts_by_key_;  // community, key
  VersionedCache<std::int64_t, OpenCohorts> open_cohorts_;                       // community
  VersionedCache<std::pair<std::int64_t, int>, std::vector<Project>> catalogs_;  // cohort, status
  VersionedCache<std::int64_t, bool> closed_;                                    // cohort
};

// Validation shared with the routes' form parsing.
Status check_cohort_key(const std::string& key);

// Wrap-up: a CSV cell that cannot run as a spreadsheet formula, quoted when
// needed (the same rule as the academy's exports, shared with the activity room).
std::string spreadsheet_cell(const std::string& value);

}  // namespace moim::academy
