// Programs and participation: access rules, creating and editing programs,
// the program view, and opting in with availability. Rounds are in
// coffee_rounds.cpp.
#include "features/coffee/coffee_service.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include "features/coffee/coffee_sql.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"

namespace moim::coffee {

namespace {

constexpr std::string_view kCadenceNames[] = {"weekly", "biweekly", "monthly"};
constexpr std::int64_t kDay = 24 * 3600;
// The audience's cohort key/name and project title are joined for display only;
// who belongs to them is the academy service's answer (audiences.cpp).
constexpr const char* kProgramSelect =
    "SELECT p.id, p.community_id, p.name, p.description, p.audience, p.cadence, p.min_size, "
    "p.target_size, p.max_size, p.mix_circles, p.mix_newcomers, p.require_common_slot, "
    "p.created_at, p.mix_projects, p.mix_cohorts, a.kind, a.cohort_id, a.project_id, "
    "c.cohort_key, c.name, ap.title FROM coffee_programs p LEFT JOIN coffee_program_audiences a "
    "ON a.program_id = p.id LEFT JOIN cohorts c ON c.id = a.cohort_id LEFT JOIN academy_projects "
    "ap ON ap.id = a.project_id WHERE p.id = ? AND p.community_id = ?";

Round open_round_from_row(const db::Row& row) {
  Round round;
  round.id = row.int64(0);
  round.number = static_cast<int>(row.int64(1));
  round.cutoff_at = row.int64(2);
  return round;
}

Status check_tags(const std::vector<std::string>& tags, const std::string& field) {
  if (tags.size() > kMaxTags)
    return Error::invalid(field, field + " takes at most " + std::to_string(kMaxTags) + " items");
  for (const auto& tag : tags) {
    if (tag.empty() || web::utf8_length(tag) > kMaxTagChars || tag.find(',') != std::string::npos)
      return Error::invalid(field, field + " items are 1 to " + std::to_string(kMaxTagChars) +
                                       " characters without commas");
  }
  return ok_status();
}

std::vector<std::string> normalized_tags(const std::vector<std::string>& tags) {
  std::vector<std::string> unique;
  for (const auto& raw : tags) {
    std::string tag = web::trim(raw);
    if (!tag.empty() && std::find(unique.begin(), unique.end(), tag) == unique.end())
      unique.push_back(tag);
  }
  return unique;
}

struct Sizes {
  std::int64_t min_size, target_size, max_size;
};

Status check_sizes(const Sizes& sizes) {
  if (sizes.min_size < 2 || sizes.min_size > 8)
    return Error::invalid("min_size", "min_size must be 2 to 8");
  if (sizes.max_size < sizes.min_size || sizes.max_size > 8)
    return Error::invalid("max_size", "max_size must be at least min_size and at most 8");
  if (sizes.target_size < sizes.min_size || sizes.target_size > sizes.max_size)
    return Error::invalid("target_size", "target_size must lie between min_size and max_size");
  return ok_status();
}

Status check_program_input(const ProgramInput& input, bool creating, std::int64_t now) {
  if (creating && !input.name) return Error::invalid("name", "name is required");
  if (input.name && (input.name->empty() || web::utf8_length(*input.name) > kMaxProgramNameChars))
    return Error::invalid(
        "name", "name must be 1 to " + std::to_string(kMaxProgramNameChars) + " characters");
  if (input.description && web::utf8_length(*input.description) > kMaxProgramDescriptionChars)
    return Error::invalid("description", "description must be at most " +
                                             std::to_string(kMaxProgramDescriptionChars) +
                                             " characters");
  if (input.cadence && !parse_cadence(*input.cadence))
    return Error::invalid("cadence", "cadence must be weekly, biweekly or monthly");
  if (input.cutoff_at && (*input.cutoff_at <= now || *input.cutoff_at > now + 366 * kDay))
    return Error::invalid("cutoff_at", "cutoff_at must be in the future, within a year");
  return ok_status();
}

}  // namespace

std::string_view cadence_name(Cadence cadence) { return kCadenceNames[static_cast<int>(cadence)]; }

std::optional<Cadence> parse_cadence(std::string_view name) {
  for (int idx = 0; idx < 3; ++idx) {
    if (kCadenceNames[idx] == name) return static_cast<Cadence>(idx);
  }
  return std::nullopt;
}

std::int64_t next_cutoff(std::int64_t cutoff, Cadence cadence) {
  if (cadence == Cadence::kWeekly) return cutoff + 7 * kDay;
  if (cadence == Cadence::kBiweekly) return cutoff + 14 * kDay;
  using namespace std::chrono;
  const sys_seconds instant{seconds{cutoff}};
  const sys_days day = floor<days>(instant);
  const seconds time_of_day = instant - day;
  year_month_day date{day};
  date += months{1};
  // 31 January + 1 month is the last day of February, not 3 March.
  if (!date.ok()) date = date.year() / date.month() / last;
  return (sys_days{date} + time_of_day).time_since_epoch().count();
}

CoffeeService::CoffeeService(db::Database& database, const Clock& clock,
                             communities::CommunitiesService& communities,
                             academy::AcademyService& academy)
    : database_(database), clock_(clock), communities_(communities), academy_(academy) {}

Result<CoffeeService::Access> CoffeeService::member_access(const accounts::Viewer& viewer,
                                                           const std::string& slug) {
  auto community = communities_.find(slug);
  if (!community) return community.error();
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto standing = communities_.standing(viewer, community.value());
  if (!standing) return standing.error();
  if (!standing->is_member() && !standing->is_admin)
    return Error::forbidden("coffee chats are for this community's members");
  return Access{community.value(), standing.value()};
}

Result<CoffeeService::Access> CoffeeService::manager_access(const accounts::Viewer& viewer,
                                                            const std::string& slug) {
  auto access = member_access(viewer, slug);
  if (!access) return access.error();
  if (!access->standing.can_manage())
    return Error::forbidden("only this community's organizers can do this");
  return access;
}

Result<Program> CoffeeService::load(db::Transaction& reader, std::int64_t community_id,
                                    std::int64_t program_id) {
  auto row = reader.query_one(kProgramSelect, {program_id, community_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such coffee-chat program");
  const db::Row& found = **row;
  Program program;
  program.id = found.int64(0);
  program.community_id = found.int64(1);
  program.name = found.text(2);
  program.description = found.text(3);
  program.audience = found.text(4);
  program.cadence = parse_cadence(found.text(5)).value_or(Cadence::kBiweekly);
  program.min_size = static_cast<int>(found.int64(6));
  program.target_size = static_cast<int>(found.int64(7));
  program.max_size = static_cast<int>(found.int64(8));
  program.mix_circles = found.boolean(9);
  program.mix_newcomers = found.boolean(10);
  program.require_common_slot = found.boolean(11);
  program.created_at = found.int64(12);
  program.mix_projects = found.boolean(13);
  program.mix_cohorts = found.boolean(14);
  if (!found.is_null(15)) {
    program.audience = found.text(15);
    program.audience_cohort_id = found.opt_int64(16);
    program.audience_project_id = found.opt_int64(17);
    program.audience_cohort_key = found.opt_text(18).value_or("");
    program.audience_name = program.audience == "cohort" ? found.opt_text(19).value_or("")
                                                         : found.opt_text(20).value_or("");
  }
  auto open = reader.query_one(
      "SELECT id, number, cutoff_at FROM coffee_rounds WHERE program_id = ? AND closed_at IS NULL",
      {program_id});
  if (!open) return open.error();
  if (open->has_value()) program.open_round = open_round_from_row(**open);
  auto count = reader.query_one(
      "SELECT COUNT(*) FROM coffee_participants WHERE program_id = ? AND opted_in = 1",
      {program_id});
  if (!count) return count.error();
  program.participant_count = static_cast<int>((*count)->int64(0));
  return program;
}

Result<std::vector<Program>> CoffeeService::programs(const accounts::Viewer& viewer,
                                                     const std::string& slug) {
  auto access = member_access(viewer, slug);
  if (!access) return access.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto ids = reader->query("SELECT id FROM coffee_programs WHERE community_id = ? ORDER BY id",
                           {access->community.id});
  if (!ids) return ids.error();
  std::vector<Program> result;
  for (const auto& row : *ids) {
    auto program = load(*reader, access->community.id, row.int64(0));
    if (!program) return program.error();
    result.push_back(std::move(program.value()));
  }
  return result;
}

Result<Program> CoffeeService::create(const accounts::Viewer& viewer, const std::string& slug,
                                      const ProgramInput& input) {
  auto access = manager_access(viewer, slug);
  if (!access) return access.error();
  const std::int64_t now = clock_.now_seconds();
  if (auto status = check_program_input(input, true, now); !status) return status.error();
  const Sizes sizes{input.min_size.value_or(3), input.target_size.value_or(4),
                    input.max_size.value_or(4)};
  if (auto status = check_sizes(sizes); !status) return status.error();
  const Cadence cadence = parse_cadence(input.cadence.value_or("biweekly")).value();
  // Asked of the academy before the write transaction opens.
  auto audience = resolve_audience(viewer, slug, input, nullptr);
  if (!audience) return audience.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto existing = transaction->query_one(
      "SELECT COUNT(*) FROM coffee_programs WHERE community_id = ?", {access->community.id});
  if (!existing) return existing.error();
  if ((*existing)->int64(0) >= static_cast<std::int64_t>(kMaxProgramsPerCommunity))
    return Error::conflict("name", "a community has at most " +
                                       std::to_string(kMaxProgramsPerCommunity) + " programs");
  auto row = transaction->query_one(
      "INSERT INTO coffee_programs (community_id, name, description, cadence, min_size, "
      "target_size, max_size, mix_circles, mix_projects, mix_cohorts, mix_newcomers, "
      "require_common_slot, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {access->community.id, *input.name, input.description.value_or(""),
       std::string(cadence_name(cadence)), sizes.min_size, sizes.target_size, sizes.max_size,
       std::int64_t{input.mix_circles.value_or(true)},
       std::int64_t{input.mix_projects.value_or(true)},
       std::int64_t{input.mix_cohorts.value_or(false)},
       std::int64_t{input.mix_newcomers.value_or(true)},
       std::int64_t{input.require_common_slot.value_or(false)}, viewer.user_id(), now, now});
  if (!row) return row.error();
  const std::int64_t program_id = (*row)->int64(0);
  if (auto status = store_audience(*transaction, program_id, audience.value()); !status)
    return status.error();
  auto round = transaction->execute(
      "INSERT INTO coffee_rounds (program_id, number, cutoff_at) VALUES (?, 1, ?)",
      {program_id, input.cutoff_at.value_or(next_cutoff(now, cadence))});
  if (!round) return round.error();
  if (auto status = write_audit(*transaction, access->community.id, viewer.user_id(),
                                "coffee.program_created", std::to_string(program_id),
                                {{"name", *input.name}, {"audience", audience->kind}}, now);
      !status) {
    return status.error();
  }
  auto created = load(*transaction, access->community.id, program_id);
  if (!created) return created.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return created;
}

Result<Program> CoffeeService::update(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t program_id, const ProgramInput& input) {
  auto access = manager_access(viewer, slug);
  if (!access) return access.error();
  const std::int64_t now = clock_.now_seconds();
  if (auto status = check_program_input(input, false, now); !status) return status.error();
  // A new audience is checked with the academy before the write transaction opens.
  std::optional<AudienceChoice> audience;
  if (input.audience || input.cohort || input.project_id) {
    Result<Program> before = Error::not_found();
    {
      auto reader = database_.read();
      if (!reader) return reader.error();
      before = load(*reader, access->community.id, program_id);
    }
    if (!before) return before.error();
    auto resolved = resolve_audience(viewer, slug, input, &before.value());
    if (!resolved) return resolved.error();
    audience = std::move(resolved.value());
  }
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto current = load(*transaction, access->community.id, program_id);
  if (!current) return current.error();
  const Sizes sizes{input.min_size.value_or(current->min_size),
                    input.target_size.value_or(current->target_size),
                    input.max_size.value_or(current->max_size)};
  if (auto status = check_sizes(sizes); !status) return status.error();
  auto optional_flag = [](const std::optional<bool>& flag) {
    return flag ? db::Value{std::int64_t{*flag}} : db::null();
  };
  auto updated = transaction->execute(
      "UPDATE coffee_programs SET name = COALESCE(?, name), description = COALESCE(?, "
      "description), cadence = COALESCE(?, cadence), min_size = ?, target_size = ?, max_size = ?, "
      "mix_circles = COALESCE(?, mix_circles), mix_projects = COALESCE(?, mix_projects), "
      "mix_cohorts = COALESCE(?, mix_cohorts), mix_newcomers = COALESCE(?, mix_newcomers), "
      "require_common_slot = COALESCE(?, require_common_slot), updated_at = ? WHERE id = ?",
      {db::maybe(input.name), db::maybe(input.description), db::maybe(input.cadence),
       sizes.min_size, sizes.target_size, sizes.max_size, optional_flag(input.mix_circles),
       optional_flag(input.mix_projects), optional_flag(input.mix_cohorts),
       optional_flag(input.mix_newcomers), optional_flag(input.require_common_slot), now,
       program_id});
  if (!updated) return updated.error();
  if (audience) {
    if (auto status = store_audience(*transaction, program_id, *audience); !status)
      return status.error();
  }
  if (input.cutoff_at) {
    auto moved = transaction->execute(
        "UPDATE coffee_rounds SET cutoff_at = ? WHERE program_id = ? AND closed_at IS NULL",
        {*input.cutoff_at, program_id});
    if (!moved) return moved.error();
  }
  if (auto status = write_audit(
          *transaction, access->community.id, viewer.user_id(), "coffee.program_updated",
          std::to_string(program_id),
          audience ? boost::json::object{{"audience", audience->kind}} : boost::json::object{},
          now);
      !status) {
    return status.error();
  }
  auto result = load(*transaction, access->community.id, program_id);
  if (!result) return result.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return result;
}

Result<ProgramView> CoffeeService::view(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t program_id) {
  auto access = member_access(viewer, slug);
  if (!access) return access.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto program = load(*reader, access->community.id, program_id);
  if (!program) return program.error();
  ProgramView result;
  result.program = std::move(program.value());
  result.community = access->community;
  result.can_manage = access->standing.can_manage();
  result.mine.time_zone = access->community.time_zone;
  if (result.program.audience != "members") {
    auto belongs = belonging(result.program);
    if (!belongs) return belongs.error();
    result.in_audience = in_audience(result.program, belongs.value(), viewer.user_id());
  }
  auto mine = reader->query_one(
      "SELECT opted_in, snoozed_round_id, time_zone, languages, topics FROM coffee_participants "
      "WHERE program_id = ? AND user_id = ?",
      {program_id, viewer.user_id()});
  if (!mine) return mine.error();
  if (mine->has_value()) {
    const db::Row& row = **mine;
    result.mine.opted_in = row.boolean(0);
    result.mine.snoozed = row.opt_int64(1) == result.program.open_round.id;
    result.mine.time_zone = row.text(2);
    result.mine.languages = split_tags(row.text(3));
    result.mine.topics = split_tags(row.text(4));
  }
  auto slots = reader->query(
      "SELECT hour_of_week FROM coffee_slots WHERE program_id = ? AND user_id = ? ORDER BY 1",
      {program_id, viewer.user_id()});
  if (!slots) return slots.error();
  for (const auto& row : *slots) result.mine.slots.push_back(static_cast<int>(row.int64(0)));
  auto avoid = reader->query(
      "SELECT avoid_user_id FROM coffee_avoid WHERE community_id = ? AND user_id = ? ORDER BY 1",
      {access->community.id, viewer.user_id()});
  if (!avoid) return avoid.error();
  for (const auto& row : *avoid) result.mine.avoid.push_back(row.int64(0));
  // Fellow participants, plus anyone already on the viewer's own list.
  auto others = reader->query(
      "SELECT u.id, u.display_name FROM users u JOIN memberships m ON m.user_id = u.id AND "
      "m.community_id = ? WHERE u.id <> ? AND (u.id IN (SELECT user_id FROM coffee_participants "
      "WHERE program_id = ? AND opted_in = 1) OR u.id IN (SELECT avoid_user_id FROM coffee_avoid "
      "WHERE community_id = ? AND user_id = ?)) ORDER BY u.display_name, u.id",
      {access->community.id, viewer.user_id(), program_id, access->community.id, viewer.user_id()});
  if (!others) return others.error();
  for (const auto& row : *others) result.others.emplace_back(row.int64(0), row.text(1));
  auto groups = load_groups(
      *reader,
      "g.id = (SELECT g2.id FROM coffee_groups g2 JOIN coffee_rounds r2 ON r2.id = g2.round_id "
      "JOIN coffee_group_members m2 ON m2.group_id = g2.id WHERE r2.program_id = ? AND "
      "m2.user_id = ? ORDER BY r2.number DESC LIMIT 1)",
      {program_id, viewer.user_id()});
  if (!groups) return groups.error();
  if (!groups->empty()) result.my_group = std::move(groups->front());
  return result;
}

Result<Participation> CoffeeService::participate(const accounts::Viewer& viewer,
                                                 const std::string& slug, std::int64_t program_id,
                                                 const ParticipationInput& input) {
  auto access = member_access(viewer, slug);
  if (!access) return access.error();
  if (!access->standing.is_member())
    return Error::forbidden("join the community to take part in coffee chats");
  if (input.time_zone && !is_valid_time_zone(*input.time_zone))
    return Error::invalid("time_zone", "time_zone must be an IANA zone such as Asia/Seoul");
  if (input.slots) {
    if (input.slots->size() > kMaxSlots) return Error::invalid("slots", "at most 168 slots a week");
    for (const LocalSlot& slot : *input.slots) {
      if (slot.day < 0 || slot.day > 6 || slot.hour < 0 || slot.hour > 23)
        return Error::invalid("slots", "a slot is a day 0 (Monday) to 6 and an hour 0 to 23");
    }
  }
  std::optional<std::vector<std::string>> languages, topics;
  if (input.languages) languages = normalized_tags(*input.languages);
  if (input.topics) topics = normalized_tags(*input.topics);
  if (languages) {
    if (auto status = check_tags(*languages, "languages"); !status) return status.error();
  }
  if (topics) {
    if (auto status = check_tags(*topics, "topics"); !status) return status.error();
  }
  if (input.avoid && input.avoid->size() > kMaxAvoid)
    return Error::invalid("avoid", "at most " + std::to_string(kMaxAvoid) + " people");
  // Opting in (explicitly, or by a first answer) needs the viewer in the
  // audience; asked of the academy before the write transaction opens.
  {
    Result<Program> program = Error::not_found();
    bool joined_before = false;
    {
      auto reader = database_.read();
      if (!reader) return reader.error();
      program = load(*reader, access->community.id, program_id);
      if (!program) return program.error();
      auto row = reader->query_one(
          "SELECT 1 FROM coffee_participants WHERE program_id = ? AND user_id = ?",
          {program_id, viewer.user_id()});
      if (!row) return row.error();
      joined_before = row->has_value();
    }
    const bool opting_in = input.opted_in.value_or(!joined_before);
    if (opting_in && program->audience != "members") {
      auto belongs = belonging(program.value());
      if (!belongs) return belongs.error();
      if (!in_audience(program.value(), belongs.value(), viewer.user_id()))
        return Error{403, "forbidden", audience_refusal(program.value()), "audience"};
    }
  }

  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto program = load(*transaction, access->community.id, program_id);
  if (!program) return program.error();
  if (input.avoid) {
    for (std::int64_t other : *input.avoid) {
      if (other == viewer.user_id())
        return Error::invalid("avoid", "you are never grouped with yourself anyway");
      auto member =
          transaction->query_one("SELECT 1 FROM memberships WHERE community_id = ? AND user_id = ?",
                                 {access->community.id, other});
      if (!member) return member.error();
      if (!member->has_value())
        return Error::invalid("avoid", "avoid lists members of this community only");
    }
  }
  auto existing = transaction->query_one(
      "SELECT time_zone FROM coffee_participants WHERE program_id = ? AND user_id = ?",
      {program_id, viewer.user_id()});
  if (!existing) return existing.error();
  if (!existing->has_value()) {
    auto inserted = transaction->execute(
        "INSERT INTO coffee_participants (program_id, user_id, opted_in, time_zone, joined_at, "
        "updated_at) VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT (program_id, user_id) DO NOTHING",
        {program_id, viewer.user_id(), access->community.time_zone, now, now});
    if (!inserted) return inserted.error();
  }
  const std::string zone = input.time_zone.value_or(
      existing->has_value() ? (*existing)->text(0) : access->community.time_zone);
  db::Value snooze = db::null();
  bool change_snooze = false;
  if (input.snoozed) {
    change_snooze = true;
    if (*input.snoozed) snooze = program->open_round.id;
  }
  auto updated = transaction->execute(
      "UPDATE coffee_participants SET opted_in = COALESCE(?, opted_in), time_zone = ?, "
      "languages = COALESCE(?, languages), topics = COALESCE(?, topics), "
      "snoozed_round_id = CASE WHEN ? = 1 THEN ? ELSE snoozed_round_id END, updated_at = ? "
      "WHERE program_id = ? AND user_id = ?",
      {input.opted_in ? db::Value{std::int64_t{*input.opted_in}} : db::null(), zone,
       languages ? db::Value{join_tags(*languages)} : db::null(),
       topics ? db::Value{join_tags(*topics)} : db::null(), std::int64_t{change_snooze}, snooze,
       now, program_id, viewer.user_id()});
  if (!updated) return updated.error();
  if (input.slots) {
    auto cleared =
        transaction->execute("DELETE FROM coffee_slots WHERE program_id = ? AND user_id = ?",
                             {program_id, viewer.user_id()});
    if (!cleared) return cleared.error();
    std::set<int> hours;
    for (const LocalSlot& slot : *input.slots) hours.insert(to_utc_hour_of_week(slot, zone, now));
    for (int hour : hours) {
      auto added = transaction->execute(
          "INSERT INTO coffee_slots (program_id, user_id, hour_of_week) VALUES (?, ?, ?) ON "
          "CONFLICT DO NOTHING",
          {program_id, viewer.user_id(), std::int64_t{hour}});
      if (!added) return added.error();
    }
  }
  if (input.avoid) {
    auto cleared =
        transaction->execute("DELETE FROM coffee_avoid WHERE community_id = ? AND user_id = ?",
                             {access->community.id, viewer.user_id()});
    if (!cleared) return cleared.error();
    const std::set<std::int64_t> unique(input.avoid->begin(), input.avoid->end());
    for (std::int64_t other : unique) {
      auto added = transaction->execute(
          "INSERT INTO coffee_avoid (community_id, user_id, avoid_user_id, created_at) VALUES "
          "(?, ?, ?, ?) ON CONFLICT DO NOTHING",
          {access->community.id, viewer.user_id(), other, now});
      if (!added) return added.error();
    }
  }
  if (auto status = transaction->commit(); !status) return status.error();
  auto seen = view(viewer, slug, program_id);
  if (!seen) return seen.error();
  return seen->mine;
}

}  // namespace moim::coffee
