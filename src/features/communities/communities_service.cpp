#include "features/communities/communities_service.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>

#include "features/accounts/consents.hpp"
#include "features/accounts/contacts.hpp"
#include "features/communities/member_rows.hpp"
#include "platform/base/request_scope.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/base/versioned_cache.hpp"
#include "platform/db/change_stamp.hpp"
#include "platform/outbox/webhook_events.hpp"
#include "platform/web/input.hpp"

namespace moim::communities {

namespace {

constexpr std::string_view kStageNames[] = {"observer", "participant", "auditor",
                                            "runner",   "builder",     "organizer"};
constexpr const char* kCommunityColumns =
    "c.id, c.slug, c.name, c.description, c.time_zone, c.default_locale, c.created_at, "
    "c.member_count, "
    "COALESCE((SELECT v.version FROM content_versions v WHERE v.community_id = c.id), 0)";

Community community_from_row(const db::Row& row) {
  return Community{row.int64(0), row.text(1),  row.text(2),  row.text(3), row.text(4),
                   row.text(5),  row.int64(6), row.int64(7), row.int64(8)};
}

// The count on the community row moves with every membership written or
// deleted, in the same transaction (migrations/0022).
Status count_members(db::Transaction& transaction, std::int64_t community_id, int delta) {
  auto counted =
      transaction.execute("UPDATE communities SET member_count = member_count + ? WHERE id = ?",
                          {std::int64_t{delta}, community_id});
  if (!counted) return counted.error();
  return ok_status();
}

Status check_input(const CommunityInput& input) {
  if (input.name &&
      (input.name->empty() || web::utf8_length(*input.name) > kMaxCommunityNameChars)) {
    return Error::invalid(
        "name", "name must be 1 to " + std::to_string(kMaxCommunityNameChars) + " characters");
  }
  if (input.description && web::utf8_length(*input.description) > kMaxDescriptionChars) {
    return Error::invalid("description", "description must be at most " +
                                             std::to_string(kMaxDescriptionChars) + " characters");
  }
  if (input.time_zone && !is_valid_time_zone(*input.time_zone)) {
    return Error::invalid("time_zone", "time_zone must be an IANA zone such as Asia/Seoul");
  }
  if (input.default_locale && *input.default_locale != "ko" && *input.default_locale != "en") {
    return Error::invalid("default_locale", "default_locale must be ko or en");
  }
  return ok_status();
}

}  // namespace

Member member_from_row(const db::Row& row) {
  return Member{row.int64(0), row.text(1),
                row.text(2),  parse_stage(row.text(3)).value_or(Stage::kObserver),
                row.int64(4), {}};
}

Status write_audit(db::Transaction& transaction, std::int64_t community_id, std::int64_t actor_id,
                   const std::string& action, const std::string& subject,
                   const boost::json::object& detail, std::int64_t now) {
  // The entry counts for the cohort or event its detail names (the
  // organizer's count, migrations/0035), so no caller passes the scope twice.
  const auto scope_of = [&detail](std::string_view key) -> db::Value {
    const auto* id = detail.if_contains(key);
    return id != nullptr && id->is_int64() ? db::Value{id->as_int64()} : db::null();
  };
  auto logged = transaction.execute(
      "INSERT INTO audit_log (community_id, actor_id, action, subject, detail, created_at, "
      "cohort_id, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {community_id, actor_id == 0 ? db::null() : db::Value{actor_id}, action, subject,
       boost::json::serialize(detail), now, scope_of("cohort_id"), scope_of("event_id")});
  if (!logged) return logged.error();
  return ok_status();
}

std::string_view stage_name(Stage stage) { return kStageNames[static_cast<int>(stage)]; }

std::optional<Stage> parse_stage(std::string_view name) {
  for (int stage_idx = 0; stage_idx < 6; ++stage_idx) {
    if (kStageNames[stage_idx] == name) return static_cast<Stage>(stage_idx);
  }
  return std::nullopt;
}

Status check_slug(const std::string& slug) {
  const bool shaped =
      slug.size() >= 2 && slug.size() <= 40 &&
      std::all_of(slug.begin(), slug.end(),
                  [](char ch) {
                    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
                  }) &&
      slug.front() != '-' && slug.back() != '-';
  if (!shaped) {
    return Error::invalid(
        "slug", "slug must be 2 to 40 lowercase letters, digits or dashes, e.g. pseudolab");
  }
  static constexpr std::string_view kReserved[] = {"new",    "admin", "api",
                                                   "static", "login", "signup"};
  for (auto reserved : kReserved) {
    if (slug == reserved) return Error::invalid("slug", "slug '" + slug + "' is reserved");
  }
  return ok_status();
}

struct CommunitiesService::KeptRows {
  std::shared_ptr<const db::ChangeStamp> stamp;  // null: read the database every time
  // One a community, and the slugs that were tried: an arbitrary one goes
  // at capacity.
  VersionedCache<std::string, Community, db::Stamp> by_slug{1024};
};

CommunitiesService::CommunitiesService(db::Database& database, const Clock& clock)
    : database_(database), clock_(clock), kept_(std::make_shared<KeptRows>()) {
  kept_->stamp = db::change_stamp(database);
}

std::shared_ptr<const db::ChangeStamp> CommunitiesService::change_stamp() const {
  return kept_->stamp;
}

Result<Community> CommunitiesService::create(const accounts::Viewer& viewer,
                                             const CommunityInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (!viewer.is_admin()) return Error::forbidden("only a platform admin can create communities");
  if (!input.slug) return Error::invalid("slug", "slug is required");
  if (auto status = check_slug(*input.slug); !status) return status.error();
  if (!input.name) return Error::invalid("name", "name is required");
  if (auto status = check_input(input); !status) return status.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "INSERT INTO communities (slug, name, description, time_zone, default_locale, created_by, "
      "created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {*input.slug, *input.name, input.description.value_or(""),
       input.time_zone.value_or("Asia/Seoul"), input.default_locale.value_or("ko"),
       viewer.user_id(), now, now});
  if (!row) {
    if (row.error().code == db::kUniqueViolation)
      return Error::conflict("slug", "this slug is already taken");
    return row.error();
  }
  const std::int64_t community_id = (*row)->int64(0);
  // The creator organizes the new community until they hand it over; in the
  // same transaction, so a community never exists without an organizer.
  auto membership = transaction->query_one(
      "INSERT INTO memberships (community_id, user_id, stage, joined_at) VALUES (?, ?, "
      "'organizer', ?) RETURNING id",
      {community_id, viewer.user_id(), now});
  if (!membership) return membership.error();
  if (auto counted = count_members(*transaction, community_id, 1); !counted) return counted.error();
  auto history = transaction->execute(
      "INSERT INTO stage_changes (membership_id, from_stage, to_stage, changed_by, reason, "
      "changed_at) "
      "VALUES (?, NULL, 'organizer', ?, 'created the community', ?)",
      {(*membership)->int64(0), viewer.user_id(), now});
  if (!history) return history.error();
  if (auto status = write_audit(*transaction, community_id, viewer.user_id(), "community.created",
                                *input.slug, {}, now);
      !status) {
    return status.error();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return find(*input.slug);
}

Result<std::vector<Community>> CommunitiesService::list() {
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(std::string("SELECT ") + kCommunityColumns +
                            " FROM communities c WHERE c.erased_at IS NULL ORDER BY c.name");
  if (!rows) return rows.error();
  std::vector<Community> communities;
  for (const auto& row : *rows) communities.push_back(community_from_row(row));
  return communities;
}

Result<Community> CommunitiesService::find(const std::string& slug) {
  if (slug.size() > 40) return Error::not_found("no such community");
  // A page reads its community in the handler, the section navigation and
  // each service it calls: once per request is enough.
  thread_local request_scope::Memo<std::string, Community> memo;
  if (const Community* kept = memo.find(slug)) return *kept;
  // Across requests: the row read under the same change stamp is current.
  // The stamp is read before the row, so a commit in between only makes
  // the next request read again.
  const std::optional<db::Stamp> stamp =
      kept_->stamp ? kept_->stamp->read() : std::optional<db::Stamp>();
  if (stamp) {
    if (const auto kept = kept_->by_slug.find(slug, *stamp)) {
      memo.store(slug, *kept);
      return *kept;
    }
  }
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(std::string("SELECT ") + kCommunityColumns +
                                   ", c.erased_at FROM communities c WHERE c.slug = ?",
                               {slug});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such community");
  // Erased by a platform admin (features/privacy/community_erasure.hpp): the
  // row is a tombstone; every page and API answers 410 Gone.
  if (!(*row)->is_null(9))
    return Error{410, "community_erased", "this community has been erased", "slug"};
  Community found = community_from_row(**row);
  memo.store(slug, found);
  if (stamp) kept_->by_slug.store(slug, *stamp, found);
  return found;
}

Result<Standing> CommunitiesService::standing(const accounts::Viewer& viewer,
                                              const Community& community) {
  Standing standing;
  standing.is_admin = viewer.is_admin();
  if (!viewer.signed_in()) return standing;
  thread_local request_scope::Memo<std::pair<std::int64_t, std::int64_t>, Standing> memo;
  const auto key = std::make_pair(community.id, viewer.user_id());
  if (const Standing* kept = memo.find(key)) return *kept;
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row =
      reader->query_one("SELECT stage FROM memberships WHERE community_id = ? AND user_id = ?",
                        {community.id, viewer.user_id()});
  if (!row) return row.error();
  if (row->has_value()) standing.stage = parse_stage((*row)->text(0));
  memo.store(key, standing);
  return standing;
}

Result<std::pair<Community, Standing>> CommunitiesService::managed(const accounts::Viewer& viewer,
                                                                   const std::string& slug) {
  auto community = find(slug);
  if (!community) return community.error();
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto standing_now = standing(viewer, community.value());
  if (!standing_now) return standing_now.error();
  if (!standing_now->can_manage())
    return Error::forbidden("only this community's organizers can do this");
  return std::make_pair(community.value(), standing_now.value());
}

Result<Community> CommunitiesService::update(const accounts::Viewer& viewer,
                                             const std::string& slug, const CommunityInput& input) {
  auto managed_community = managed(viewer, slug);
  if (!managed_community) return managed_community.error();
  if (input.slug && *input.slug != slug)
    return Error::invalid("slug", "the slug cannot be changed");
  if (auto status = check_input(input); !status) return status.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto updated = transaction->execute(
      "UPDATE communities SET name = COALESCE(?, name), description = COALESCE(?, description), "
      "time_zone = COALESCE(?, time_zone), default_locale = COALESCE(?, default_locale), "
      "updated_at = ? "
      "WHERE id = ?",
      {db::maybe(input.name), db::maybe(input.description), db::maybe(input.time_zone),
       db::maybe(input.default_locale), now, managed_community->first.id});
  if (!updated) return updated.error();
  boost::json::object detail;
  if (input.name) detail["name"] = *input.name;
  if (input.time_zone) detail["time_zone"] = *input.time_zone;
  if (input.default_locale) detail["default_locale"] = *input.default_locale;
  if (auto status = write_audit(*transaction, managed_community->first.id, viewer.user_id(),
                                "community.updated", slug, detail, now);
      !status) {
    return status.error();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return find(slug);
}

Status CommunitiesService::admit(db::Transaction& transaction, std::int64_t community_id,
                                 std::int64_t user_id, const std::string& reason,
                                 std::int64_t now) {
  auto row = transaction.query_one(
      "INSERT INTO memberships (community_id, user_id, stage, joined_at) VALUES (?, ?, "
      "'observer', ?) ON CONFLICT (community_id, user_id) DO NOTHING RETURNING id",
      {community_id, user_id, now});
  if (!row) return row.error();
  if (!row->has_value()) return ok_status();  // a member already
  if (auto counted = count_members(transaction, community_id, 1); !counted) return counted;
  auto history = transaction.execute(
      "INSERT INTO stage_changes (membership_id, from_stage, to_stage, changed_by, reason, "
      "changed_at) VALUES (?, NULL, 'observer', ?, ?, ?)",
      {(*row)->int64(0), user_id, reason, now});
  if (!history) return history.error();
  auto person = accounts::contact(transaction, user_id);
  if (!person) return person.error();
  return emit_community_event(
      transaction, community_id, "member.joined",
      {{"user_id", user_id},
       {"display_name", person->has_value() ? (*person)->display_name : std::string()},
       {"stage", stage_name(Stage::kObserver)}},
      now);
}

Result<Member> CommunitiesService::add_member(std::int64_t community_id, std::int64_t user_id,
                                              Stage stage, std::optional<std::int64_t> changed_by,
                                              const std::string& reason) {
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "INSERT INTO memberships (community_id, user_id, stage, joined_at) VALUES (?, ?, ?, ?) "
      "RETURNING id",
      {community_id, user_id, std::string(stage_name(stage)), now});
  if (!row) {
    if (row.error().code == db::kUniqueViolation)
      return Error::conflict("user_id", "already a member");
    if (row.error().code == "constraint_violation")
      return Error::not_found("no such user or community");
    return row.error();
  }
  if (auto counted = count_members(*transaction, community_id, 1); !counted) return counted.error();
  auto history = transaction->execute(
      "INSERT INTO stage_changes (membership_id, from_stage, to_stage, changed_by, reason, "
      "changed_at) "
      "VALUES (?, NULL, ?, ?, ?, ?)",
      {(*row)->int64(0), std::string(stage_name(stage)), db::maybe(changed_by), reason, now});
  if (!history) return history.error();
  auto member_row = transaction->query_one(
      "SELECT u.id, u.display_name, u.email, m.stage, m.joined_at FROM memberships m JOIN users u "
      "ON u.id = m.user_id "
      "WHERE m.id = ?",
      {(*row)->int64(0)});
  if (!member_row) return member_row.error();
  Member added = member_from_row(**member_row);
  // Webhook subscribers hear of it in the same transaction (outbox rows).
  if (auto status = emit_community_event(*transaction, community_id, "member.joined",
                                         {{"user_id", user_id},
                                          {"display_name", added.display_name},
                                          {"stage", stage_name(stage)}},
                                         now);
      !status) {
    return status.error();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return added;
}

Result<Member> CommunitiesService::join(const accounts::Viewer& viewer, const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto community = find(slug);
  if (!community) return community.error();
  return add_member(community->id, viewer.user_id(), Stage::kObserver, viewer.user_id(), "joined");
}

Status CommunitiesService::leave(const accounts::Viewer& viewer, const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto community = find(slug);
  if (!community) return community.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto row =
      transaction->query_one("SELECT stage FROM memberships WHERE community_id = ? AND user_id = ?",
                             {community->id, viewer.user_id()});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("you are not a member of this community");
  if ((*row)->text(0) == "organizer") {
    auto organizers = transaction->query_one(
        "SELECT COUNT(*) FROM memberships WHERE community_id = ? AND stage = 'organizer'",
        {community->id});
    if (!organizers) return organizers.error();
    if (organizers.value()->int64(0) <= 1) {
      return Error::conflict(
          "stage", "the last organizer cannot leave; make someone else an organizer first");
    }
  }
  auto deleted =
      transaction->execute("DELETE FROM memberships WHERE community_id = ? AND user_id = ?",
                           {community->id, viewer.user_id()});
  if (!deleted) return deleted.error();
  if (deleted.value() > 0) {
    if (auto counted = count_members(*transaction, community->id, -1); !counted) return counted;
  }
  if (auto status = write_audit(*transaction, community->id, viewer.user_id(), "member.left",
                                std::to_string(viewer.user_id()), {}, clock_.now_seconds());
      !status) {
    return status;
  }
  return transaction->commit();
}

Result<Member> CommunitiesService::change_stage(const accounts::Viewer& viewer,
                                                const std::string& slug, std::int64_t user_id,
                                                Stage stage, const std::string& reason) {
  auto managed_community = managed(viewer, slug);
  if (!managed_community) return managed_community.error();
  if (web::utf8_length(reason) > kMaxReasonChars) {
    return Error::invalid(
        "reason", "reason must be at most " + std::to_string(kMaxReasonChars) + " characters");
  }
  const std::int64_t community_id = managed_community->first.id;
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "SELECT id, stage FROM memberships WHERE community_id = ? AND user_id = ?",
      {community_id, user_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("this person is not a member of the community");
  const std::int64_t membership_id = (*row)->int64(0);
  const std::string from = (*row)->text(1);
  const std::string to(stage_name(stage));
  if (from == "organizer" && to != "organizer") {
    auto organizers = transaction->query_one(
        "SELECT COUNT(*) FROM memberships WHERE community_id = ? AND stage = 'organizer'",
        {community_id});
    if (!organizers) return organizers.error();
    if (organizers.value()->int64(0) <= 1) {
      return Error::conflict("stage", "a community needs at least one organizer");
    }
  }
  if (from != to) {
    for (const auto& [sql, params] : std::vector<std::pair<std::string, std::vector<db::Value>>>{
             {"UPDATE memberships SET stage = ? WHERE id = ?", {to, membership_id}},
             {"INSERT INTO stage_changes (membership_id, from_stage, to_stage, changed_by, reason, "
              "changed_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              {membership_id, from, to, viewer.user_id(), reason, now}}}) {
      if (auto done = transaction->execute(sql, params); !done) return done.error();
    }
    if (auto status = write_audit(*transaction, community_id, viewer.user_id(),
                                  "member.stage_changed", std::to_string(user_id),
                                  {{"from", from}, {"to", to}, {"reason", reason}}, now);
        !status) {
      return status.error();
    }
    if (auto status = emit_community_event(
            *transaction, community_id, "member.stage_changed",
            {{"user_id", user_id}, {"from", from}, {"to", to}, {"reason", reason}}, now);
        !status) {
      return status.error();
    }
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return member(viewer, slug, user_id);
}

Stage stage_earned_by(Milestone milestone) {
  return milestone == Milestone::kAudit ? Stage::kAuditor : Stage::kParticipant;
}

std::string_view milestone_reason(Milestone milestone) {
  switch (milestone) {
    case Milestone::kGrowthLog:
      return "stage_reason_growth_log";
    case Milestone::kRetrospective:
      return "stage_reason_retrospective";
    case Milestone::kCoffeeChat:
      return "stage_reason_coffee_chat";
    case Milestone::kDiscordLinked:
      return "stage_reason_discord_linked";
    case Milestone::kAudit:
      return "stage_reason_audit";
  }
  return "stage_reason_growth_log";
}

namespace {

// Raises within `transaction`; `found_member` says whether a membership was there.
Status raise_in(db::Transaction& transaction, std::int64_t community_id, std::int64_t user_id,
                Stage stage, const std::string& reason, std::int64_t now, bool& found_member) {
  auto row = transaction.query_one(
      "SELECT id, stage FROM memberships WHERE community_id = ? AND user_id = ?",
      {community_id, user_id});
  if (!row) return row.error();
  found_member = row->has_value();
  if (!found_member) return ok_status();
  const std::string from = (*row)->text(1);
  const auto current = parse_stage(from);
  if (current && static_cast<int>(*current) >= static_cast<int>(stage)) return ok_status();
  const std::string to(stage_name(stage));
  for (const auto& [sql, params] : std::vector<std::pair<std::string, std::vector<db::Value>>>{
           {"UPDATE memberships SET stage = ? WHERE id = ?", {to, (*row)->int64(0)}},
           {"INSERT INTO stage_changes (membership_id, from_stage, to_stage, changed_by, reason, "
            "changed_at) VALUES (?, ?, ?, NULL, ?, ?)",
            {(*row)->int64(0), from, to, reason, now}}}) {
    if (auto done = transaction.execute(sql, params); !done) return done.error();
  }
  return write_audit(transaction, community_id, 0, "member.stage_raised", std::to_string(user_id),
                     {{"from", from}, {"to", to}, {"reason", reason}}, now);
}

}  // namespace

Status CommunitiesService::raise_stage(std::int64_t community_id, std::int64_t user_id, Stage stage,
                                       const std::string& reason) {
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  bool found_member = false;
  if (auto status = raise_in(*transaction, community_id, user_id, stage, reason, now, found_member);
      !status)
    return status;
  if (!found_member) return Error::not_found("this person is not a member of the community");
  return transaction->commit();
}

Status CommunitiesService::raise_stage(db::Transaction& transaction, std::int64_t community_id,
                                       std::int64_t user_id, Stage stage, const std::string& reason,
                                       std::int64_t now) {
  bool found_member = false;
  return raise_in(transaction, community_id, user_id, stage, reason, now, found_member);
}

Status CommunitiesService::record_milestone(db::Transaction& transaction, std::int64_t community_id,
                                            std::int64_t user_id, Milestone milestone,
                                            std::int64_t now) {
  return raise_stage(transaction, community_id, user_id, stage_earned_by(milestone),
                     std::string(milestone_reason(milestone)), now);
}

Result<std::vector<StageChange>> CommunitiesService::stage_history(const accounts::Viewer& viewer,
                                                                   const std::string& slug,
                                                                   std::int64_t user_id) {
  auto managed_community = managed(viewer, slug);
  if (!managed_community) return managed_community.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      "SELECT h.from_stage, h.to_stage, COALESCE(u.display_name, ''), h.reason, h.changed_at "
      "FROM stage_changes h JOIN memberships m ON m.id = h.membership_id LEFT JOIN users u ON u.id "
      "= h.changed_by "
      "WHERE m.community_id = ? AND m.user_id = ? ORDER BY h.changed_at DESC, h.id DESC",
      {managed_community->first.id, user_id});
  if (!rows) return rows.error();
  if (rows->empty()) return Error::not_found("this person is not a member of the community");
  std::vector<StageChange> history;
  for (const auto& row : *rows) {
    history.push_back({row.is_null(0) ? std::nullopt : parse_stage(row.text(0)),
                       parse_stage(row.text(1)).value_or(Stage::kObserver), row.text(2),
                       row.text(3), row.int64(4)});
  }
  return history;
}

Result<std::vector<std::pair<Community, Stage>>> CommunitiesService::communities_of(
    std::int64_t user_id) {
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows =
      reader->query(std::string("SELECT ") + kCommunityColumns +
                        ", m.stage FROM communities c JOIN memberships m ON m.community_id = c.id "
                        "WHERE m.user_id = ? ORDER BY c.name",
                    {user_id});
  if (!rows) return rows.error();
  std::vector<std::pair<Community, Stage>> result;
  for (const auto& row : *rows) {
    result.emplace_back(community_from_row(row),
                        parse_stage(row.text(8)).value_or(Stage::kObserver));
  }
  return result;
}

Result<Profile> CommunitiesService::profile(const accounts::Viewer& viewer, std::int64_t user_id,
                                            accounts::AccountsService& accounts) {
  if (!viewer.signed_in()) return Error::unauthenticated("log in to see profiles");
  auto user = accounts.user(user_id);
  if (!user) return user.error();
  auto theirs = communities_of(user_id);
  if (!theirs) return theirs.error();
  Profile profile{user.value(), {}, false};
  const bool self = viewer.user_id() == user_id;
  std::vector<std::pair<Community, Stage>> mine;
  if (!self) {
    auto own = communities_of(viewer.user_id());
    if (!own) return own.error();
    mine = std::move(own.value());
  }
  for (const auto& entry : theirs.value()) {
    const bool shared = self || std::any_of(mine.begin(), mine.end(), [&](const auto& own_entry) {
                          return own_entry.first.id == entry.first.id;
                        });
    if (shared) profile.shared_communities.push_back(entry);
  }
  // Not found rather than forbidden: strangers do not learn who has an account.
  if (!self && !viewer.is_admin() && profile.shared_communities.empty())
    return Error::not_found("no such profile");
  // Issue #16: without the profile_visible consent, other members do not
  // see the profile (alike: not found). The person and admins still do.
  if (!self && !viewer.is_admin()) {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto visible = accounts::has_consent(*reader, user_id, "profile_visible");
    if (!visible) return visible.error();
    if (!visible.value()) return Error::not_found("no such profile");
  }
  profile.show_email = self || viewer.is_admin();
  if (!profile.show_email) profile.user.email.clear();
  return profile;
}

Result<std::map<std::int64_t, Stage>> CommunitiesService::stages_of(
    std::int64_t community_id, const std::vector<std::int64_t>& user_ids) {
  std::map<std::int64_t, Stage> stages;
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  constexpr std::size_t kChunk = 500;  // bound parameters a statement
  for (std::size_t start = 0; start < user_ids.size(); start += kChunk) {
    const std::size_t end = std::min(user_ids.size(), start + kChunk);
    std::string marks;
    std::vector<db::Value> params{community_id};
    for (std::size_t index = start; index < end; ++index) {
      marks += marks.empty() ? "?" : ", ?";
      params.emplace_back(user_ids[index]);
    }
    auto rows = transaction->query(
        "SELECT user_id, stage FROM memberships WHERE community_id = ? AND user_id IN (" + marks +
            ")",
        params);
    if (!rows) return rows.error();
    for (const auto& row : rows.value()) {
      if (auto stage = parse_stage(row.text(1))) stages[row.int64(0)] = *stage;
    }
  }
  return stages;
}

Status emit_community_event(db::Transaction& transaction, std::int64_t community_id,
                            std::string_view event, const boost::json::object& data,
                            std::int64_t now) {
  auto slug = transaction.query_one("SELECT slug FROM communities WHERE id = ?", {community_id});
  if (!slug) return slug.error();
  const outbox::EventCommunity community{community_id,
                                         slug->has_value() ? (*slug)->text(0) : std::string()};
  return outbox::emit_event(transaction, community, event, data, now);
}

}  // namespace moim::communities
