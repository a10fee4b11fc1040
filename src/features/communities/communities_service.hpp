// Communities and their members: creation by a platform admin, joining,
// growth stages with their history, member search and CSV export for
// organizers, and profiles visible to people who share a community.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::db {
class ChangeStamp;
}

namespace moim::communities {

// The growth ladder, lowest first: 눈팅 → 소통 → 청강 → 러너 → 빌더 → 운영진.
enum class Stage { kObserver, kParticipant, kAuditor, kRunner, kBuilder, kOrganizer };
std::string_view stage_name(Stage stage);
std::optional<Stage> parse_stage(std::string_view name);

// What a member does that earns a stage by itself. Runner comes with a
// confirmed seat, builder with a project, organizer only by hand.
//  - 소통 (participant), taking part: their first growth log, a
//    retrospective, a coffee chat they were grouped into, or a linked
//    Discord account.
//  - 청강 (auditor): joining a project's open sessions as an auditor (an
//    audit the project accepted).
enum class Milestone { kGrowthLog, kRetrospective, kCoffeeChat, kDiscordLinked, kAudit };
Stage stage_earned_by(Milestone milestone);
// The reason kept in the stage history: a catalog key
// ("stage_reason_growth_log") that the pages translate.
std::string_view milestone_reason(Milestone milestone);
inline constexpr Stage kAllStages[] = {Stage::kObserver, Stage::kParticipant, Stage::kAuditor,
                                       Stage::kRunner,   Stage::kBuilder,     Stage::kOrganizer};

struct Community {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
  std::string description;
  std::string time_zone = "Asia/Seoul";
  std::string default_locale = "ko";
  std::int64_t created_at = 0;
  std::int64_t member_count = 0;
  // Goes up with every write to what the community's pages show alike
  // (cohorts, projects, selection; migration 0026), read with the row: the
  // version that rooms' in-memory copies of those reads are checked against
  // (platform/base/versioned_cache.hpp).
  std::int64_t content_version = 0;
};

struct CommunityInput {
  std::optional<std::string> slug;  // only at creation
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> time_zone;
  std::optional<std::string> default_locale;
};

struct Member {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string email;
  Stage stage = Stage::kObserver;
  std::int64_t joined_at = 0;
  std::vector<std::string> interests;
};

struct MemberQuery {
  std::string text;  // matches name or email, case-insensitively
  std::optional<Stage> stage;
  int page = 1;       // from 1
  int per_page = 50;  // at most 200
};

struct MemberPage {
  std::vector<Member> members;
  std::int64_t total = 0;
  int page = 1;
  int per_page = 50;
};

struct StageChange {
  std::optional<Stage> from;
  Stage to = Stage::kObserver;
  std::string changed_by;  // display name, empty for the system
  std::string reason;
  std::int64_t changed_at = 0;
};

// What a viewer may do in one community.
struct Standing {
  std::optional<Stage> stage;  // empty: not a member
  bool is_admin = false;
  bool is_member() const { return stage.has_value(); }
  bool can_manage() const { return is_admin || stage == Stage::kOrganizer; }
};

struct Profile {
  accounts::User user;  // email omitted unless the viewer may see it
  std::vector<std::pair<Community, Stage>> shared_communities;
  bool show_email = false;
};

// A person found by a picker (co-builders, co-runners): a name, and the
// email masked so a picker does not become a way to harvest addresses.
struct PersonMatch {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string masked_email;  // "ki***@example.com"
};

inline constexpr std::size_t kMaxCommunityNameChars = 80;
inline constexpr std::size_t kMaxDescriptionChars = 2000;
inline constexpr std::size_t kMaxReasonChars = 300;
inline constexpr std::size_t kMaxSearchChars = 100;

class CommunitiesService {
 public:
  CommunitiesService(db::Database& database, const Clock& clock);

  Result<Community> create(const accounts::Viewer& viewer, const CommunityInput& input);
  Result<std::vector<Community>> list();
  Result<Community> find(const std::string& slug);
  Result<Community> update(const accounts::Viewer& viewer, const std::string& slug,
                           const CommunityInput& input);
  Result<Standing> standing(const accounts::Viewer& viewer, const Community& community);

  Result<Member> join(const accounts::Viewer& viewer, const std::string& slug);
  Status leave(const accounts::Viewer& viewer, const std::string& slug);
  // Adds a user directly at a stage (demo, admin tools).
  Result<Member> add_member(std::int64_t community_id, std::int64_t user_id, Stage stage,
                            std::optional<std::int64_t> changed_by, const std::string& reason);

  Result<MemberPage> members(const accounts::Viewer& viewer, const std::string& slug,
                             const MemberQuery& query);
  // Members of a community whose name or email contains `text`, at most
  // `limit`, by name. For other rooms' pickers: the caller authorizes the
  // viewer (e.g. a project's builders). Empty or over-long text: 400 "q".
  Result<std::vector<PersonMatch>> find_members(std::int64_t community_id, const std::string& text,
                                                int limit);
  // The same, for ids already picked (to show their names); non-members are
  // left out. At most 20 ids.
  Result<std::vector<PersonMatch>> members_by_id(std::int64_t community_id,
                                                 const std::vector<std::int64_t>& user_ids);
  // The growth stages of these users in a community (non-members are left
  // out): other rooms' figures by stage ask here instead of reading memberships.
  Result<std::map<std::int64_t, Stage>> stages_of(std::int64_t community_id,
                                                  const std::vector<std::int64_t>& user_ids);
  // UTF-8 with a BOM so that Excel shows Korean names correctly.
  Result<std::string> members_csv(const accounts::Viewer& viewer, const std::string& slug,
                                  const MemberQuery& query);
  // The system raises a member's stage when they earn it (e.g. a confirmed
  // seat makes a runner); never lowers it. Recorded with no acting person.
  Status raise_stage(std::int64_t community_id, std::int64_t user_id, Stage stage,
                     const std::string& reason);
  // The same inside the caller's transaction, so that what earned the stage
  // and the stage change (with its history row and audit entry) are one
  // state change. Never lowers a stage; someone who is not a member is left
  // alone (ok).
  Status raise_stage(db::Transaction& transaction, std::int64_t community_id, std::int64_t user_id,
                     Stage stage, const std::string& reason, std::int64_t now);
  // Makes `user_id` a member (눈팅, observer) inside the caller's
  // transaction, for rooms whose sign-ups are open to people from outside
  // (a mentoring program): the sign-up and the membership are one state
  // change. A member already is left alone (ok).
  Status admit(db::Transaction& transaction, std::int64_t community_id, std::int64_t user_id,
               const std::string& reason, std::int64_t now);
  // raise_stage to what `milestone` earns, with its reason.
  Status record_milestone(db::Transaction& transaction, std::int64_t community_id,
                          std::int64_t user_id, Milestone milestone, std::int64_t now);
  Result<Member> change_stage(const accounts::Viewer& viewer, const std::string& slug,
                              std::int64_t user_id, Stage stage, const std::string& reason);
  Result<std::vector<StageChange>> stage_history(const accounts::Viewer& viewer,
                                                 const std::string& slug, std::int64_t user_id);
  Result<Member> member(const accounts::Viewer& viewer, const std::string& slug,
                        std::int64_t user_id);

  // A profile is visible to its owner, to platform admins, and to members of
  // a community the owner belongs to.
  Result<Profile> profile(const accounts::Viewer& viewer, std::int64_t user_id,
                          accounts::AccountsService& accounts);
  Result<std::vector<std::pair<Community, Stage>>> communities_of(std::int64_t user_id);

  // The database's change stamp this service reads (null where there is
  // none), for other readers of the same database to share.
  std::shared_ptr<const db::ChangeStamp> change_stamp() const;

 private:
  Result<std::pair<Community, Standing>> managed(const accounts::Viewer& viewer,
                                                 const std::string& slug);

  db::Database& database_;
  const Clock& clock_;
  // Community rows kept across requests while the database's change stamp
  // says nothing was committed since they were read (SQLite only; see
  // platform/db/change_stamp.hpp). Every page reads its community first.
  struct KeptRows;
  std::shared_ptr<KeptRows> kept_;
};

Status check_slug(const std::string& slug);

// An entry in the community's audit log (organizers' decisions), inside the
// caller's transaction; actor_id 0 for the system.
Status write_audit(db::Transaction& transaction, std::int64_t community_id, std::int64_t actor_id,
                   const std::string& action, const std::string& subject,
                   const boost::json::object& detail, std::int64_t now);

// A webhook event in a community (platform/outbox/webhook_events.hpp),
// written inside the caller's transaction: the body names the community by
// id and slug, and only communities knows the slug. Rooms above communities
// emit through here.
Status emit_community_event(db::Transaction& transaction, std::int64_t community_id,
                            std::string_view event, const boost::json::object& data,
                            std::int64_t now);

}  // namespace moim::communities
