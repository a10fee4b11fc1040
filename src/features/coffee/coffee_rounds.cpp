// Rounds: forming the open round's groups (by the organizer's button or
// when due), "did we meet?" answers, the groups of a round, and stats.
#include <algorithm>
#include <map>
#include <set>

#include "features/coffee/coffee_service.hpp"
#include "features/coffee/coffee_sql.hpp"
#include "features/coffee/group_mail.hpp"
#include "features/coffee/round_forming.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::coffee {

namespace {

// Every pair ever grouped in a community, across all of its programs.
constexpr const char* kHistorySql =
    "SELECT a.user_id, b.user_id, COUNT(*), MAX(r.closed_at) FROM coffee_group_members a "
    "JOIN coffee_group_members b ON b.group_id = a.group_id AND a.user_id < b.user_id "
    "JOIN coffee_groups g ON g.id = a.group_id JOIN coffee_rounds r ON r.id = g.round_id "
    "JOIN coffee_programs p ON p.id = r.program_id WHERE p.community_id = ? "
    "GROUP BY a.user_id, b.user_id";

}  // namespace

Result<CloseOutcome> CoffeeService::close_round(const accounts::Viewer& viewer,
                                                const std::string& slug, std::int64_t program_id) {
  auto access = manager_access(viewer, slug);
  if (!access) return access.error();
  Result<Program> program = Error::not_found();
  {
    // The snapshot is released before the long part.
    auto reader = database_.read();
    if (!reader) return reader.error();
    program = load(*reader, access->community.id, program_id);
  }
  if (!program) return program.error();
  return close_open_round(access->community, program.value(), viewer.user_id(), false);
}

Result<int> CoffeeService::close_due_rounds() {
  const std::int64_t now = clock_.now_seconds();
  std::vector<std::pair<std::string, std::int64_t>> due;  // community slug, program id
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto rows = reader->query(
        "SELECT c.slug, p.id FROM coffee_rounds r JOIN coffee_programs p ON p.id = r.program_id "
        "JOIN communities c ON c.id = p.community_id WHERE r.closed_at IS NULL AND r.cutoff_at "
        "<= ? ORDER BY r.cutoff_at, p.id",
        {now});
    if (!rows) return rows.error();
    for (const auto& row : *rows) due.emplace_back(row.text(0), row.int64(1));
  }
  int closed = 0;
  for (const auto& [slug, program_id] : due) {
    auto community = communities_.find(slug);
    if (!community) return community.error();
    Result<Program> program = Error::not_found();
    {
      auto reader = database_.read();
      if (!reader) return reader.error();
      program = load(*reader, community->id, program_id);
    }
    if (!program) return program.error();
    auto outcome = close_open_round(community.value(), program.value(), 0, true);
    if (!outcome) {
      // Someone closed it meanwhile: not this worker's concern.
      if (outcome.error().field == "round") continue;
      return outcome.error();
    }
    ++closed;
  }
  return closed;
}

Result<CloseOutcome> CoffeeService::close_open_round(const communities::Community& community,
                                                     const Program& program, std::int64_t closed_by,
                                                     bool allow_empty) {
  const std::int64_t now = clock_.now_seconds();
  const std::int64_t round_id = program.open_round.id;
  std::vector<Candidate> candidates;
  std::map<std::int64_t, MailPerson> people;
  std::vector<PairHistory> history;
  std::vector<std::pair<std::int64_t, std::int64_t>> avoid;
  // Projects and cohorts come from the academy: what to mix, and who is
  // still in the audience (drop-outs and ended cohorts are not grouped).
  auto belongs = belonging(program);
  if (!belongs) return belongs.error();
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto rows = reader->query(
        "SELECT p.user_id, m.stage, p.languages, p.topics, u.display_name, u.email, u.locale, "
        "u.bio, p.time_zone FROM coffee_participants p JOIN memberships m ON m.user_id = "
        "p.user_id AND m.community_id = ? JOIN users u ON u.id = p.user_id WHERE p.program_id = ? "
        "AND p.opted_in = 1 AND (p.snoozed_round_id IS NULL OR p.snoozed_round_id <> ?) ORDER BY "
        "p.user_id",
        {community.id, program.id, round_id});
    if (!rows) return rows.error();
    std::map<std::int64_t, std::size_t> index;
    for (const auto& row : *rows) {
      if (!in_audience(program, belongs.value(), row.int64(0))) continue;
      Candidate candidate;
      candidate.user_id = row.int64(0);
      candidate.stage = row.text(1);
      if (auto found = belongs->projects.find(candidate.user_id); found != belongs->projects.end())
        candidate.projects = found->second;
      if (auto found = belongs->cohorts.find(candidate.user_id); found != belongs->cohorts.end())
        candidate.cohorts = found->second;
      candidate.languages = split_tags(row.text(2));
      candidate.topics = split_tags(row.text(3));
      index[candidate.user_id] = candidates.size();
      people[candidate.user_id] = MailPerson{
          candidate.user_id, row.text(4), row.text(5),      row.opt_text(6),    row.text(8),
          row.text(7),       {},          candidate.topics, candidate.languages};
      candidates.push_back(std::move(candidate));
    }
    auto slots = reader->query(
        "SELECT user_id, hour_of_week FROM coffee_slots WHERE program_id = ? ORDER BY 1, 2",
        {program.id});
    if (!slots) return slots.error();
    for (const auto& row : *slots) {
      if (auto found = index.find(row.int64(0)); found != index.end())
        candidates[found->second].slots.push_back(static_cast<int>(row.int64(1)));
    }
    auto interests = reader->query(
        "SELECT i.user_id, i.tag FROM user_interests i JOIN coffee_participants p ON p.user_id = "
        "i.user_id WHERE p.program_id = ? ORDER BY i.user_id, i.tag",
        {program.id});
    if (!interests) return interests.error();
    for (const auto& row : *interests) {
      if (auto found = people.find(row.int64(0)); found != people.end())
        found->second.interests.push_back(row.text(1));
    }
    // Interests count as topics for the engine too: a shared one is a plus.
    for (auto& candidate : candidates) {
      for (const auto& tag : people[candidate.user_id].interests) candidate.topics.push_back(tag);
    }
    auto pairs = reader->query(kHistorySql, {community.id});
    if (!pairs) return pairs.error();
    std::set<std::int64_t> grouped_before;
    for (const auto& row : *pairs) {
      history.push_back({row.int64(0), row.int64(1), static_cast<int>(row.int64(2)), row.int64(3)});
      grouped_before.insert(row.int64(0));
      grouped_before.insert(row.int64(1));
    }
    for (auto& candidate : candidates)
      candidate.newcomer = !grouped_before.contains(candidate.user_id);
    auto avoided = reader->query(
        "SELECT user_id, avoid_user_id FROM coffee_avoid WHERE community_id = ?", {community.id});
    if (!avoided) return avoided.error();
    for (const auto& row : *avoided) avoid.emplace_back(row.int64(0), row.int64(1));
  }

  FormedRound formed;
  if (static_cast<int>(candidates.size()) >= program.min_size) {
    const RoundRules rules{.min_size = program.min_size,
                           .target_size = program.target_size,
                           .max_size = program.max_size,
                           .mix_circles = program.mix_circles,
                           .mix_projects = program.mix_projects,
                           .mix_cohorts = program.mix_cohorts,
                           .mix_newcomers = program.mix_newcomers,
                           .require_common_slot = program.require_common_slot,
                           .now = now,
                           .seed = static_cast<std::uint64_t>(round_id),
                           .time_budget_seconds = candidates.size() > 2000 ? 2.0 : 0.5};
    auto result = form_groups(candidates, history, avoid, rules);
    if (!result && !allow_empty) return result.error();
    if (result) formed = std::move(result.value());
  } else if (!allow_empty) {
    return Error::conflict("participants", "at least " + std::to_string(program.min_size) +
                                               " people must be opted in (not snoozed, and in the "
                                               "program's audience) to form groups; " +
                                               std::to_string(candidates.size()) + " are");
  }

  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  int people_grouped = 0;
  for (const auto& group : formed.groups) people_grouped += static_cast<int>(group.members.size());
  auto marked = transaction->execute(
      "UPDATE coffee_rounds SET closed_at = ?, closed_by = ?, people_count = ?, repeated_pairs = "
      "? WHERE id = ? AND closed_at IS NULL",
      {now, closed_by == 0 ? db::null() : db::Value{closed_by}, std::int64_t{people_grouped},
       std::int64_t{formed.repeated_pairs}, round_id});
  if (!marked) return marked.error();
  if (marked.value() != 1) return Error::conflict("round", "this round was already closed");

  MailContext mail_context{community.name,
                           community.default_locale,
                           program.name,
                           "/c/" + community.slug + "/coffee/" + std::to_string(program.id),
                           round_id,
                           program.open_round.number,
                           now};
  for (const auto& group : formed.groups) {
    std::vector<MailPerson> members;
    std::vector<std::vector<std::string>> tags;
    for (std::int64_t user_id : group.members) {
      members.push_back(people[user_id]);
      std::vector<std::string> person_tags = people[user_id].topics;
      person_tags.insert(person_tags.end(), people[user_id].interests.begin(),
                         people[user_id].interests.end());
      tags.push_back(std::move(person_tags));
    }
    auto group_row = transaction->query_one(
        "INSERT INTO coffee_groups (round_id, host_user_id, common_slots) VALUES (?, ?, ?) "
        "RETURNING id",
        {round_id, group.host, join_hours(group.common_slots)});
    if (!group_row) return group_row.error();
    const std::int64_t group_id = (*group_row)->int64(0);
    const std::vector<std::string> shared = shared_topics(tags);
    for (const MailPerson& member : members) {
      auto added =
          transaction->execute("INSERT INTO coffee_group_members (group_id, user_id) VALUES (?, ?)",
                               {group_id, member.user_id});
      if (!added) return added.error();
      // Being grouped into a coffee chat is taking part: 눈팅 → 소통.
      if (auto raised = communities_.record_milestone(*transaction, community.id, member.user_id,
                                                      communities::Milestone::kCoffeeChat, now);
          !raised)
        return raised.error();
      outbox::OutboxMessage mail =
          group_mail(mail_context, member, members, group.host, group.common_slots, shared);
      mail.community_id = community.id;  // organizers see and retry it on the outbox page
      if (auto status = outbox::enqueue(*transaction, mail, now); !status) {
        return status.error();
      }
    }
  }
  std::int64_t cutoff = next_cutoff(program.open_round.cutoff_at, program.cadence);
  while (cutoff <= now) cutoff = next_cutoff(cutoff, program.cadence);
  auto next = transaction->query_one(
      "INSERT INTO coffee_rounds (program_id, number, cutoff_at) VALUES (?, ?, ?) RETURNING id",
      {program.id, std::int64_t{program.open_round.number + 1}, cutoff});
  if (!next) return next.error();
  if (auto status = write_audit(*transaction, community.id, closed_by, "coffee.round_closed",
                                std::to_string(round_id),
                                {{"program_id", program.id},
                                 {"groups", formed.groups.size()},
                                 {"people", people_grouped},
                                 {"repeated_pairs", formed.repeated_pairs}},
                                now);
      !status) {
    return status.error();
  }
  if (auto status = transaction->commit(); !status) return status.error();

  CloseOutcome outcome;
  outcome.closed = program.open_round;
  outcome.closed.closed_at = now;
  outcome.closed.people_count = people_grouped;
  outcome.closed.group_count = static_cast<int>(formed.groups.size());
  outcome.closed.repeated_pairs = formed.repeated_pairs;
  outcome.next = Round{(*next)->int64(0), program.open_round.number + 1, cutoff, {}, 0, 0, 0};
  outcome.groups = static_cast<int>(formed.groups.size());
  outcome.people = people_grouped;
  outcome.repeated_pairs = formed.repeated_pairs;
  outcome.hard_violations = formed.hard_violations;
  return outcome;
}

Status CoffeeService::answer(const accounts::Viewer& viewer, const std::string& slug,
                             std::int64_t program_id, std::int64_t group_id, bool met) {
  auto access = member_access(viewer, slug);
  if (!access) return access.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "SELECT 1 FROM coffee_group_members gm JOIN coffee_groups g ON g.id = gm.group_id JOIN "
      "coffee_rounds r ON r.id = g.round_id JOIN coffee_programs p ON p.id = r.program_id WHERE "
      "gm.group_id = ? AND gm.user_id = ? AND r.program_id = ? AND p.community_id = ?",
      {group_id, viewer.user_id(), program_id, access->community.id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("you were not in this group");
  auto updated = transaction->execute(
      "UPDATE coffee_group_members SET met = ?, answered_at = ? WHERE group_id = ? AND user_id = ?",
      {std::int64_t{met}, clock_.now_seconds(), group_id, viewer.user_id()});
  if (!updated) return updated.error();
  return transaction->commit();
}

Result<std::vector<Group>> CoffeeService::load_groups(db::Transaction& reader,
                                                      const std::string& where,
                                                      const std::vector<db::Value>& params) {
  auto rows = reader.query(
      "SELECT g.id, g.round_id, r.number, r.closed_at, g.host_user_id, g.common_slots FROM "
      "coffee_groups g JOIN coffee_rounds r ON r.id = g.round_id WHERE " +
          where + " ORDER BY g.id",
      params);
  if (!rows) return rows.error();
  std::vector<Group> groups;
  std::map<std::int64_t, std::size_t> index;
  std::map<std::int64_t, std::int64_t> hosts;
  for (const auto& row : *rows) {
    Group group;
    group.id = row.int64(0);
    group.round_id = row.int64(1);
    group.round_number = static_cast<int>(row.int64(2));
    group.closed_at = row.opt_int64(3).value_or(0);
    hosts[group.id] = row.opt_int64(4).value_or(0);
    group.common_slots = split_hours(row.text(5));
    index[group.id] = groups.size();
    groups.push_back(std::move(group));
  }
  if (groups.empty()) return groups;
  const std::string group_ids =
      "SELECT g.id FROM coffee_groups g JOIN coffee_rounds r ON r.id = "
      "g.round_id WHERE " +
      where;
  auto members = reader.query(
      "SELECT gm.group_id, u.id, u.display_name, u.bio, gm.met, COALESCE(p.topics, ''), "
      "COALESCE(p.languages, '') FROM coffee_group_members gm JOIN users u ON u.id = gm.user_id "
      "JOIN coffee_groups gg ON gg.id = gm.group_id JOIN coffee_rounds rr ON rr.id = gg.round_id "
      "LEFT JOIN coffee_participants p ON p.program_id = rr.program_id AND p.user_id = gm.user_id "
      "WHERE gm.group_id IN (" +
          group_ids + ") ORDER BY u.display_name, u.id",
      params);
  if (!members) return members.error();
  std::map<std::int64_t, std::vector<std::string>> interests;
  auto tags = reader.query(
      "SELECT i.user_id, i.tag FROM user_interests i WHERE i.user_id IN (SELECT gm.user_id FROM "
      "coffee_group_members gm WHERE gm.group_id IN (" +
          group_ids + ")) ORDER BY i.user_id, i.tag",
      params);
  if (!tags) return tags.error();
  for (const auto& row : *tags) interests[row.int64(0)].push_back(row.text(1));
  for (const auto& row : *members) {
    Group& group = groups[index.at(row.int64(0))];
    GroupMember member;
    member.user_id = row.int64(1);
    member.display_name = row.text(2);
    member.bio = row.text(3);
    if (!row.is_null(4)) member.met = row.boolean(4);
    member.topics = split_tags(row.text(5));
    member.languages = split_tags(row.text(6));
    member.interests = interests[member.user_id];
    member.is_host = hosts[group.id] == member.user_id;
    group.members.push_back(std::move(member));
  }
  for (Group& group : groups) {
    std::vector<std::vector<std::string>> per_person;
    for (const auto& member : group.members) {
      std::vector<std::string> person_tags = member.topics;
      person_tags.insert(person_tags.end(), member.interests.begin(), member.interests.end());
      per_person.push_back(std::move(person_tags));
    }
    group.shared_topics = shared_topics(per_person);
  }
  return groups;
}

Result<std::vector<Group>> CoffeeService::round_groups(const accounts::Viewer& viewer,
                                                       const std::string& slug,
                                                       std::int64_t program_id,
                                                       std::int64_t round_id) {
  auto access = manager_access(viewer, slug);
  if (!access) return access.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto program = load(*reader, access->community.id, program_id);
  if (!program) return program.error();
  auto round = reader->query_one(
      "SELECT 1 FROM coffee_rounds WHERE id = ? AND program_id = ? AND closed_at IS NOT NULL",
      {round_id, program_id});
  if (!round) return round.error();
  if (!round->has_value()) return Error::not_found("no such closed round");
  return load_groups(*reader, "g.round_id = ?", {round_id});
}

Result<ProgramStats> CoffeeService::stats(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t program_id) {
  auto access = manager_access(viewer, slug);
  if (!access) return access.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto program = load(*reader, access->community.id, program_id);
  if (!program) return program.error();
  ProgramStats stats;
  auto rounds = reader->query(
      "SELECT r.id, r.number, r.cutoff_at, r.closed_at, r.people_count, r.repeated_pairs, "
      "(SELECT COUNT(*) FROM coffee_groups g WHERE g.round_id = r.id) FROM coffee_rounds r WHERE "
      "r.program_id = ? AND r.closed_at IS NOT NULL ORDER BY r.number DESC",
      {program_id});
  if (!rounds) return rounds.error();
  for (const auto& row : *rounds) {
    stats.rounds.push_back(Round{row.int64(0), static_cast<int>(row.int64(1)), row.int64(2),
                                 row.opt_int64(3), static_cast<int>(row.int64(4)),
                                 static_cast<int>(row.int64(6)), static_cast<int>(row.int64(5))});
  }
  stats.rounds_closed = static_cast<int>(stats.rounds.size());

  // Every grouping of the community in time order: a pair's first grouping
  // anywhere tells whether this program introduced them.
  auto memberships = reader->query(
      "SELECT g.id, r.program_id, gm.user_id, gm.met FROM coffee_group_members gm JOIN "
      "coffee_groups g ON g.id = gm.group_id JOIN coffee_rounds r ON r.id = g.round_id JOIN "
      "coffee_programs p ON p.id = r.program_id WHERE p.community_id = ? ORDER BY r.closed_at, "
      "g.id, gm.user_id",
      {access->community.id});
  if (!memberships) return memberships.error();
  struct GroupRecord {
    std::int64_t program_id = 0;
    std::vector<std::int64_t> members;
    bool answered = false, met = false;
  };
  std::vector<std::pair<std::int64_t, GroupRecord>> ordered;
  for (const auto& row : *memberships) {
    if (ordered.empty() || ordered.back().first != row.int64(0))
      ordered.push_back({row.int64(0), GroupRecord{row.int64(1), {}, false, false}});
    GroupRecord& record = ordered.back().second;
    record.members.push_back(row.int64(2));
    if (!row.is_null(3)) {
      record.answered = true;
      if (row.boolean(3)) record.met = true;
    }
  }
  std::set<std::pair<std::int64_t, std::int64_t>> introduced;
  std::set<std::int64_t> grouped_here;
  for (const auto& [group_id, record] : ordered) {
    const bool here = record.program_id == program_id;
    if (here) {
      ++stats.groups;
      if (record.answered) ++stats.groups_answered;
      if (record.met) ++stats.groups_met;
      grouped_here.insert(record.members.begin(), record.members.end());
    }
    for (std::size_t a = 0; a < record.members.size(); ++a) {
      for (std::size_t b = a + 1; b < record.members.size(); ++b) {
        const auto pair = std::minmax(record.members[a], record.members[b]);
        const bool first_time = introduced.insert({pair.first, pair.second}).second;
        if (first_time && here && record.met) ++stats.new_connections;
      }
    }
  }
  stats.people_grouped = static_cast<int>(grouped_here.size());
  stats.met_rate = stats.groups_answered == 0
                       ? 0.0
                       : static_cast<double>(stats.groups_met) / stats.groups_answered;
  auto participants = reader->query(
      "SELECT u.id, u.display_name FROM coffee_participants p JOIN users u ON u.id = p.user_id "
      "WHERE p.program_id = ? AND p.opted_in = 1 ORDER BY u.display_name, u.id",
      {program_id});
  if (!participants) return participants.error();
  for (const auto& row : *participants) {
    if (!grouped_here.contains(row.int64(0)))
      stats.never_grouped.emplace_back(row.int64(0), row.text(1));
  }
  return stats;
}

}  // namespace moim::coffee
