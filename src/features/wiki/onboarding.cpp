// The onboarding path: organizers order its steps; a member ticks a reading
// step by confirming its page, and the other steps tick themselves when the
// owning room says the member has done it (asked through OnboardingFacts,
// never by reading that room's tables). Finishing the path moves the member
// from 눈팅 to 소통 through the communities service, in the transaction
// that ticks the last step. Each step's count of members who ticked it, and
// the community's count of members who finished, change in the same
// transactions, so the funnel reads counts instead of scanning members.
#include <set>

#include "features/wiki/internal.hpp"
#include "platform/web/input.hpp"

namespace moim::wiki {

namespace {

using internal::Place;

constexpr const char* kStepColumns = "id, position, kind, page_id, title, done_count";

Step step_from(const db::Row& row) {
  return {row.int64(0),
          static_cast<int>(row.int64(1)),
          parse_step_kind(row.text(2)).value_or(StepKind::read),
          row.opt_int64(3),
          row.text(4),
          static_cast<int>(row.int64(5))};
}

Result<std::vector<Step>> read_steps(db::Transaction& transaction, std::int64_t community_id) {
  auto rows = transaction.query(std::string("SELECT ") + kStepColumns +
                                    " FROM wiki_onboarding_steps WHERE community_id = ? "
                                    "ORDER BY position, id",
                                {community_id});
  if (!rows) return rows.error();
  std::vector<Step> steps;
  for (const auto& row : *rows) steps.push_back(step_from(row));
  return steps;
}

Result<Step> step_of(db::Transaction& transaction, std::int64_t community_id,
                     std::int64_t step_id) {
  auto row = transaction.query_one(std::string("SELECT ") + kStepColumns +
                                       " FROM wiki_onboarding_steps WHERE id = ? AND "
                                       "community_id = ?",
                                   {step_id, community_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such onboarding step");
  return step_from(**row);
}

// The steps with the viewer's ticks and the read steps' page titles.
Result<Progress> read_progress(db::Transaction& transaction, const Place& place) {
  Progress progress;
  progress.community = place.community;
  progress.is_member = place.standing.is_member();
  auto steps = read_steps(transaction, place.community.id);
  if (!steps) return steps.error();
  std::set<std::int64_t> done;
  if (place.viewer.signed_in()) {
    auto rows = transaction.query(
        "SELECT step_id FROM wiki_onboarding_progress WHERE community_id = ? AND user_id = ?",
        {place.community.id, place.viewer.user_id()});
    if (!rows) return rows.error();
    for (const auto& row : *rows) done.insert(row.int64(0));
    auto finished = transaction.query_one(
        "SELECT 1 FROM wiki_onboarding_finishes WHERE community_id = ? AND user_id = ?",
        {place.community.id, place.viewer.user_id()});
    if (!finished) return finished.error();
    progress.finished = finished->has_value();
  }
  auto titles = transaction.query(
      "SELECT id, title, is_public FROM wiki_pages WHERE id IN (SELECT page_id FROM "
      "wiki_onboarding_steps WHERE community_id = ?)",
      {place.community.id});
  if (!titles) return titles.error();
  std::map<std::int64_t, std::string> title_of;
  for (const auto& row : *titles)
    if (place.reads_all() || row.int64(2) != 0) title_of[row.int64(0)] = row.text(1);
  for (auto& step : *steps) {
    MyStep mine;
    mine.done = done.contains(step.id);
    mine.automatic = step.kind != StepKind::read;
    if (step.page_id && title_of.contains(*step.page_id))
      mine.page_title = title_of[*step.page_id];
    else
      step.page_id.reset();  // a page the viewer may not read is not linked
    mine.step = std::move(step);
    progress.done += mine.done ? 1 : 0;
    progress.steps.push_back(std::move(mine));
  }
  return progress;
}

}  // namespace

Result<std::vector<Step>> WikiService::steps(const accounts::Viewer& viewer,
                                             const std::string& slug) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  if (auto status = internal::require_organizer(*place); !status) return status.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  return read_steps(*reader, place->community.id);
}

Result<Step> WikiService::add_step(const accounts::Viewer& viewer, const std::string& slug,
                                   const std::string& kind_name,
                                   std::optional<std::int64_t> page_id,
                                   const std::string& title_given) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  if (auto status = internal::require_organizer(*place); !status) return status.error();
  const auto kind = parse_step_kind(kind_name);
  if (!kind)
    return Error::invalid("kind",
                          "kind: one of read, discord_linked, growth_log, audit, coffee_chat");
  std::string title = web::trim(title_given);
  if (!web::is_valid_utf8(title) || web::utf8_length(title) > kMaxStepTitleChars)
    return Error::invalid(
        "title", "title must be at most " + std::to_string(kMaxStepTitleChars) + " characters");
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::int64_t now = clock_.now_seconds();
  const std::int64_t page_given = page_id.value_or(0);  // 0: none
  if (*kind == StepKind::read && page_given == 0)
    return Error::invalid("page_id", "page_id: a reading step names the page to read");
  if (page_given != 0) {
    auto page = internal::readable_page(*transaction, *place, page_given);
    if (!page) return Error::invalid("page_id", "page_id: no such page in this community");
    if (title.empty()) title = page->title;
  }
  if (title.empty()) return Error::invalid("title", "title is required");
  auto steps = read_steps(*transaction, place->community.id);
  if (!steps) return steps.error();
  if (steps->size() >= static_cast<std::size_t>(kMaxSteps))
    return Error{409, "limit",
                 "the onboarding path has at most " + std::to_string(kMaxSteps) + " steps", "kind"};
  const std::int64_t position = steps->empty() ? 1 : steps->back().position + 1;
  auto rows = transaction->query(
      "INSERT INTO wiki_onboarding_steps (community_id, position, kind, page_id, title, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {place->community.id, position, std::string(step_kind_name(*kind)),
       page_given != 0 ? db::Value{page_given} : db::null(), title, now});
  if (!rows) return rows.error();
  const std::int64_t id = rows->front().int64(0);
  if (auto status =
          internal::audit(*transaction, *place, "wiki.onboarding_step_added", std::to_string(id),
                          {{"kind", step_kind_name(*kind)}, {"title", title}}, now);
      !status)
    return status.error();
  auto step = step_of(*transaction, place->community.id, id);
  if (!step) return step.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return step;
}

Status WikiService::remove_step(const accounts::Viewer& viewer, const std::string& slug,
                                std::int64_t step_id) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  if (auto status = internal::require_organizer(*place); !status) return status.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::int64_t now = clock_.now_seconds();
  auto step = step_of(*transaction, place->community.id, step_id);
  if (!step) return step.error();
  for (const char* sql : {"DELETE FROM wiki_onboarding_progress WHERE step_id = ?",
                          "DELETE FROM wiki_onboarding_steps WHERE id = ?"}) {
    if (auto done = transaction->execute(sql, {step_id}); !done) return done.error();
  }
  if (auto status = internal::audit(*transaction, *place, "wiki.onboarding_step_removed",
                                    std::to_string(step_id), {{"title", step->title}}, now);
      !status)
    return status.error();
  return transaction->commit();
}

Status WikiService::move_step(const accounts::Viewer& viewer, const std::string& slug,
                              std::int64_t step_id, int direction) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  if (auto status = internal::require_organizer(*place); !status) return status.error();
  if (direction != -1 && direction != 1)
    return Error::invalid("direction", "direction: -1 (earlier) or 1 (later)");
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::int64_t now = clock_.now_seconds();
  auto steps = read_steps(*transaction, place->community.id);
  if (!steps) return steps.error();
  std::size_t at = steps->size();
  for (std::size_t idx = 0; idx < steps->size(); ++idx)
    if ((*steps)[idx].id == step_id) at = idx;
  if (at == steps->size()) return Error::not_found("no such onboarding step");
  const std::size_t other = direction < 0 ? at - 1 : at + 1;
  if ((direction < 0 && at == 0) || other >= steps->size()) return ok_status();  // at an end
  std::swap((*steps)[at], (*steps)[other]);
  // Positions 1..n in the new order (earlier removals may have left gaps).
  for (std::size_t idx = 0; idx < steps->size(); ++idx) {
    auto moved = transaction->execute("UPDATE wiki_onboarding_steps SET position = ? WHERE id = ?",
                                      {static_cast<std::int64_t>(idx + 1), (*steps)[idx].id});
    if (!moved) return moved.error();
  }
  if (auto status = internal::audit(*transaction, *place, "wiki.onboarding_step_moved",
                                    std::to_string(step_id), {{"direction", direction}}, now);
      !status)
    return status.error();
  return transaction->commit();
}

Result<Progress> WikiService::progress(const accounts::Viewer& viewer, const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  Progress progress;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto read = read_progress(*reader, *place);
    if (!read) return read.error();
    progress = std::move(read.value());
  }
  if (!progress.is_member) return progress;
  // Ask the owning rooms about the automatic steps not ticked yet, each
  // kind once, outside any transaction of ours.
  std::map<StepKind, bool> known;
  std::vector<std::int64_t> newly;
  for (const auto& mine : progress.steps) {
    if (mine.done || !mine.automatic) continue;
    if (!known.contains(mine.step.kind)) {
      const OnboardingFacts::Fact* fact = nullptr;
      switch (mine.step.kind) {
        case StepKind::discord_linked:
          fact = &facts_.discord_linked;
          break;
        case StepKind::growth_log:
          fact = &facts_.growth_log;
          break;
        case StepKind::audit:
          fact = &facts_.audit;
          break;
        case StepKind::coffee_chat:
          fact = &facts_.coffee_chat;
          break;
        case StepKind::read:
          break;
      }
      bool yes = false;
      if (fact && *fact) {
        auto answer = (*fact)(viewer, place->community);
        if (!answer) return answer.error();
        yes = answer.value();
      }
      known[mine.step.kind] = yes;
    }
    if (known[mine.step.kind]) newly.push_back(mine.step.id);
  }
  if (newly.empty()) return progress;
  if (auto status = tick(viewer, place->community, newly); !status) return status.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  return read_progress(*reader, *place);
}

Result<Progress> WikiService::confirm_read(const accounts::Viewer& viewer, const std::string& slug,
                                           std::int64_t step_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  if (!place->standing.is_member())
    return Error::forbidden("only members follow the onboarding path");
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto step = step_of(*reader, place->community.id, step_id);
    if (!step) return step.error();
    if (step->kind != StepKind::read)
      return Error::conflict("step", "this step ticks itself once moim sees it done");
  }
  if (auto status = tick(viewer, place->community, {step_id}); !status) return status.error();
  return progress(viewer, slug);
}

Status WikiService::tick(const accounts::Viewer& viewer, const communities::Community& community,
                         const std::vector<std::int64_t>& step_ids) {
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::int64_t now = clock_.now_seconds();
  const std::int64_t me = viewer.user_id();
  for (std::int64_t step_id : step_ids) {
    // A step removed meanwhile is skipped; a tick already made counts once.
    auto inserted = transaction->execute(
        "INSERT INTO wiki_onboarding_progress (step_id, user_id, community_id, done_at) "
        "SELECT id, ?, community_id, ? FROM wiki_onboarding_steps WHERE id = ? AND "
        "community_id = ? ON CONFLICT (step_id, user_id) DO NOTHING",
        {me, now, step_id, community.id});
    if (!inserted) return inserted.error();
    if (inserted.value() == 0) continue;
    auto counted = transaction->execute(
        "UPDATE wiki_onboarding_steps SET done_count = done_count + 1 WHERE id = ?", {step_id});
    if (!counted) return counted.error();
  }
  auto left = transaction->query_one(
      "SELECT COUNT(*) FROM wiki_onboarding_steps s WHERE s.community_id = ? AND NOT EXISTS "
      "(SELECT 1 FROM wiki_onboarding_progress p WHERE p.step_id = s.id AND p.user_id = ?)",
      {community.id, me});
  if (!left) return left.error();
  if ((*left)->int64(0) == 0) {
    auto finished = transaction->execute(
        "INSERT INTO wiki_onboarding_finishes (community_id, user_id, finished_at) VALUES (?, ?, "
        "?) ON CONFLICT (community_id, user_id) DO NOTHING",
        {community.id, me, now});
    if (!finished) return finished.error();
    if (finished.value() == 1) {
      auto counted = transaction->execute(
          "INSERT INTO wiki_settings (community_id, finished_count) VALUES (?, 1) ON CONFLICT "
          "(community_id) DO UPDATE SET finished_count = wiki_settings.finished_count + 1",
          {community.id});
      if (!counted) return counted.error();
      // 눈팅 → 소통, with its history row and audit entry; never lowers.
      if (auto raised = communities_.raise_stage(*transaction, community.id, me,
                                                 communities::Stage::kParticipant,
                                                 "stage_reason_onboarding", now);
          !raised)
        return raised.error();
    }
  }
  return transaction->commit();
}

Result<Funnel> WikiService::funnel(const accounts::Viewer& viewer, const std::string& slug) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  if (auto status = internal::require_organizer(*place); !status) return status.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  Funnel funnel;
  auto steps = read_steps(*reader, place->community.id);
  if (!steps) return steps.error();
  funnel.steps = std::move(steps.value());
  auto finished = reader->query_one(
      "SELECT finished_count FROM wiki_settings WHERE community_id = ?", {place->community.id});
  if (!finished) return finished.error();
  funnel.finished = finished->has_value() ? static_cast<int>((*finished)->int64(0)) : 0;
  funnel.members = place->community.member_count;
  return funnel;
}

}  // namespace moim::wiki
