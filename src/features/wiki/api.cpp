// /api/v1/communities/{slug}/wiki/*: the typed routes. A handler parses
// (the types do), calls the service and shapes the reply.
#include "features/wiki/api_types.hpp"
#include "features/wiki/page_helpers.hpp"
#include "features/wiki/routes.hpp"

namespace moim::wiki {

using namespace api;  // NOLINT: this file is the API's
using accounts::Access;
using http::Method;
using web::Nothing;

namespace {

TreeEntryOut tree_out(const TreeEntry& entry) {
  return {entry.id, entry.parent_id, entry.title, entry.depth, entry.is_public};
}

PageOut page_out(const Page& page) {
  return {.id = page.id,
          .parent_id = page.parent_id,
          .title = page.title,
          .body = page.body,
          .html = std::nullopt,
          .toc = {},
          .edit_permission = page.edit_permission,
          .is_public = page.is_public,
          .position = page.position,
          .revision = page.revision,
          .updated_at = Instant{page.updated_at},
          .can_edit = std::nullopt};
}

PageOut view_out(const PageView& view) {
  PageOut out = page_out(view.page);
  out.html = view.rendered.html;
  for (const auto& heading : view.rendered.toc)
    out.toc.push_back({heading.level, heading.id, heading.text});
  out.can_edit = view.can_edit;
  return out;
}

RevisionOut revision_out(const Revision& revision) {
  return {
      revision.number,
      revision.title,
      revision.author_name,
      revision.summary,
      revision.restored_from ? std::optional<std::int64_t>(*revision.restored_from) : std::nullopt,
      Instant{revision.created_at}};
}

std::vector<DiffRowOut> rows_out(const std::vector<diff::Line>& lines) {
  std::vector<DiffRowOut> out;
  for (const auto& row : diff::side_by_side(lines))
    out.push_back({row.kind, row.left_number, row.left, row.right_number, row.right});
  return out;
}

StepOut step_out(const Step& step) {
  return {step.id, step.position, step.kind, step.page_id, step.title, step.done_count};
}

ProgressOut progress_out(const Progress& progress) {
  ProgressOut out{.done = progress.done,
                  .total = static_cast<std::int64_t>(progress.steps.size()),
                  .finished = progress.finished};
  for (const auto& mine : progress.steps)
    out.steps.push_back({mine.step.id, mine.step.kind, mine.step.title, mine.step.page_id,
                         mine.done, mine.automatic});
  return out;
}

template <std::size_t Min, std::size_t Max>
std::optional<std::string> text_of(const std::optional<Text<Min, Max>>& given) {
  return given ? std::optional<std::string>(given->value) : std::nullopt;
}

}  // namespace

void add_wiki_api(accounts::ApiRoutes& routes, WikiService& wiki) {
  const std::string base = "/api/v1/communities/{slug}/wiki";
  const std::string page = base + "/pages/{page}";

  routes.add<CommunityPath, Nothing, Nothing, WikiIndexOut>(
      {.method = Method::kGet,
       .path = base + "/pages",
       .operation_id = "listWikiPages",
       .summary = "The wiki's pages as a tree, parents before children",
       .description = "Members see every page; anyone else the pages made public.",
       .tag = "wiki",
       .access = Access::kAnyone},
      [&](auto& call) -> Result<WikiIndexOut> {
        auto index = wiki.index(call.viewer(), call.path.slug);
        if (!index) return index.error();
        WikiIndexOut out{.can_create = index->can_create,
                         .can_manage = index->can_manage,
                         .empty = index->empty};
        for (const auto& entry : index->tree) out.pages.push_back(tree_out(entry));
        return out;
      });

  routes.add<CommunityPath, Nothing, NewPageBody, PageOut>(
      {.method = Method::kPost,
       .path = base + "/pages",
       .operation_id = "createWikiPage",
       .summary = "Start a wiki page (members)",
       .description = "A title unique in the wiki; the body is markdown of at most 100,000 "
                      "bytes (413 naming body); pages nest at most 6 levels.",
       .tag = "wiki",
       .status = 201,
       .errors = {403, 409, 413}},
      [&](auto& call) -> Result<PageOut> {
        auto created = wiki.create(call.viewer(), call.path.slug,
                                   {.title = call.body.title.value,
                                    .body = call.body.body,
                                    .parent_id = call.body.parent_id,
                                    .summary = text_of(call.body.summary)});
        if (!created) return created.error();
        return page_out(*created);
      });

  routes.add<PagePath, Nothing, Nothing, PageOut>(
      {.method = Method::kGet,
       .path = page,
       .operation_id = "getWikiPage",
       .summary = "One wiki page: markdown, its sanitized HTML and table of contents",
       .tag = "wiki",
       .access = Access::kAnyone},
      [&](auto& call) -> Result<PageOut> {
        auto view = wiki.page(call.viewer(), call.path.slug, call.path.page);
        if (!view) return view.error();
        return view_out(*view);
      });

  routes.add<PagePath, Nothing, SaveBody, SaveReply>(
      {.method = Method::kPut,
       .path = page,
       .operation_id = "saveWikiPage",
       .summary = "Save an edit of a wiki page: a new revision",
       .description = "base_revision is the revision the edit started from. When someone saved "
                      "since, nothing is written and the answer is 409 with the error and what "
                      "changed since base_revision (conflict.changes), to merge.",
       .tag = "wiki",
       .errors = {403, 409, 413}},
      [&](auto& call) -> Result<SaveReply> {
        auto saved = wiki.save(call.viewer(), call.path.slug, call.path.page,
                               {.title = text_of(call.body.title),
                                .body = call.body.body,
                                .parent_id = call.body.parent_id,
                                .summary = text_of(call.body.summary),
                                .base_revision = call.body.base_revision});
        if (!saved) return saved.error();
        SaveReply reply;
        if (saved->page) {
          reply.page = page_out(*saved->page);
          return reply;
        }
        const Conflict& conflict = *saved->conflict;
        call.status = 409;
        reply.error =
            ErrorOut{"conflict",
                     "base_revision: revision " + std::to_string(conflict.current_revision) +
                         " was saved after yours started; merge and save again",
                     "base_revision"};
        reply.conflict =
            ConflictOut{conflict.base_revision, conflict.current_revision, conflict.current_title,
                        conflict.current_body, rows_out(conflict.changes)};
        return reply;
      });

  routes.add<PagePath, Nothing, SettingsBody, PageOut>(
      {.method = Method::kPatch,
       .path = page + "/settings",
       .operation_id = "changeWikiPageSettings",
       .summary = "Who may edit a page, whether anyone may read it, its place (organizers)",
       .tag = "wiki",
       .errors = {403}},
      [&](auto& call) -> Result<PageOut> {
        PageSettings settings{.is_public = call.body.is_public};
        if (call.body.edit_permission)
          settings.edit_permission = std::string(permission_name(*call.body.edit_permission));
        if (call.body.position) settings.position = static_cast<int>(call.body.position->value);
        auto changed =
            wiki.change_settings(call.viewer(), call.path.slug, call.path.page, settings);
        if (!changed) return changed.error();
        return page_out(*changed);
      });

  routes.add<PagePath, Nothing, Nothing, RevisionList>(
      {.method = Method::kGet,
       .path = page + "/revisions",
       .operation_id = "listWikiRevisions",
       .summary = "A page's history, newest first",
       .tag = "wiki",
       .access = Access::kAnyone},
      [&](auto& call) -> Result<RevisionList> {
        auto revisions = wiki.revisions(call.viewer(), call.path.slug, call.path.page);
        if (!revisions) return revisions.error();
        RevisionList out;
        for (const auto& revision : *revisions) out.revisions.push_back(revision_out(revision));
        return out;
      });

  routes.add<PagePath, DiffQuery, Nothing, DiffOut>(
      {.method = Method::kGet,
       .path = page + "/diff",
       .operation_id = "compareWikiRevisions",
       .summary = "Two revisions of a page side by side (a line diff)",
       .tag = "wiki",
       .access = Access::kAnyone},
      [&](auto& call) -> Result<DiffOut> {
        auto compared =
            wiki.compare(call.viewer(), call.path.slug, call.path.page,
                         static_cast<int>(call.query.from), static_cast<int>(call.query.to));
        if (!compared) return compared.error();
        const auto counts = diff::count_changes(compared->lines);
        return DiffOut{revision_out(compared->from), revision_out(compared->to), counts.added,
                       counts.removed, rows_out(compared->lines)};
      });

  routes.add<RevisionPath, Nothing, Nothing, PageOut>(
      {.method = Method::kPost,
       .path = page + "/revisions/{revision}/restore",
       .operation_id = "restoreWikiRevision",
       .summary = "Restore an old revision: a new revision with its text",
       .tag = "wiki",
       .status = 201,
       .errors = {403}},
      [&](auto& call) -> Result<PageOut> {
        auto restored = wiki.restore(call.viewer(), call.path.slug, call.path.page,
                                     static_cast<int>(call.path.revision));
        if (!restored) return restored.error();
        return page_out(*restored);
      });

  routes.add<CommunityPath, Nothing, Nothing, ProgressOut>(
      {.method = Method::kGet,
       .path = base + "/onboarding",
       .operation_id = "getMyOnboarding",
       .summary = "The caller's progress along the onboarding path",
       .description = "Steps moim can see (Discord linked, a growth log, an audit, a coffee "
                      "chat) tick themselves here; finishing the path moves a member to 소통.",
       .tag = "wiki"},
      [&](auto& call) -> Result<ProgressOut> {
        auto progress = wiki.progress(call.viewer(), call.path.slug);
        if (!progress) return progress.error();
        return progress_out(*progress);
      });

  routes.add<StepPath, Nothing, Nothing, ProgressOut>(
      {.method = Method::kPost,
       .path = base + "/onboarding/steps/{step}/done",
       .operation_id = "confirmOnboardingStep",
       .summary = "The caller read a reading step's page",
       .tag = "wiki",
       .errors = {403, 409}},
      [&](auto& call) -> Result<ProgressOut> {
        auto progress = wiki.confirm_read(call.viewer(), call.path.slug, call.path.step);
        if (!progress) return progress.error();
        return progress_out(*progress);
      });

  routes.add<CommunityPath, Nothing, Nothing, StepList>(
      {.method = Method::kGet,
       .path = base + "/onboarding/steps",
       .operation_id = "listOnboardingSteps",
       .summary = "The onboarding path's steps (organizers)",
       .tag = "wiki",
       .errors = {403}},
      [&](auto& call) -> Result<StepList> {
        auto steps = wiki.steps(call.viewer(), call.path.slug);
        if (!steps) return steps.error();
        StepList out;
        for (const auto& step : *steps) out.steps.push_back(step_out(step));
        return out;
      });

  routes.add<CommunityPath, Nothing, StepBody, StepOut>(
      {.method = Method::kPost,
       .path = base + "/onboarding/steps",
       .operation_id = "addOnboardingStep",
       .summary = "Add a step at the end of the onboarding path (organizers)",
       .tag = "wiki",
       .status = 201,
       .errors = {403, 409}},
      [&](auto& call) -> Result<StepOut> {
        auto added = wiki.add_step(call.viewer(), call.path.slug,
                                   std::string(step_kind_name(call.body.kind)), call.body.page_id,
                                   text_of(call.body.title).value_or(""));
        if (!added) return added.error();
        return step_out(*added);
      });

  routes.add<StepPath, Nothing, Nothing, Nothing>(
      {.method = Method::kDelete,
       .path = base + "/onboarding/steps/{step}",
       .operation_id = "removeOnboardingStep",
       .summary = "Remove a step of the onboarding path (organizers)",
       .tag = "wiki",
       .status = 204,
       .errors = {403}},
      [&](auto& call) -> Result<Nothing> {
        if (auto status = wiki.remove_step(call.viewer(), call.path.slug, call.path.step); !status)
          return status.error();
        return Nothing{};
      });

  routes.add<StepPath, Nothing, MoveBody, Nothing>(
      {.method = Method::kPost,
       .path = base + "/onboarding/steps/{step}/move",
       .operation_id = "moveOnboardingStep",
       .summary = "Move a step one place earlier or later (organizers)",
       .tag = "wiki",
       .status = 204,
       .errors = {403}},
      [&](auto& call) -> Result<Nothing> {
        if (auto status = wiki.move_step(call.viewer(), call.path.slug, call.path.step,
                                         static_cast<int>(call.body.direction.value));
            !status)
          return status.error();
        return Nothing{};
      });

  routes.add<CommunityPath, Nothing, Nothing, FunnelOut>(
      {.method = Method::kGet,
       .path = base + "/onboarding/funnel",
       .operation_id = "getOnboardingFunnel",
       .summary = "How many members ticked each step and finished (organizers)",
       .tag = "wiki",
       .errors = {403}},
      [&](auto& call) -> Result<FunnelOut> {
        auto funnel = wiki.funnel(call.viewer(), call.path.slug);
        if (!funnel) return funnel.error();
        FunnelOut out{.finished = funnel->finished, .members = funnel->members};
        for (const auto& step : funnel->steps) out.steps.push_back(step_out(step));
        return out;
      });

  routes.add<CommunityPath, Nothing, Nothing, PageList>(
      {.method = Method::kPost,
       .path = base + "/template",
       .operation_id = "createWikiTemplate",
       .summary = "Start an empty wiki from the template, in the community's language "
                  "(organizers)",
       .tag = "wiki",
       .status = 201,
       .errors = {403, 409}},
      [&](auto& call) -> Result<PageList> {
        auto pages = wiki.create_template(call.viewer(), call.path.slug);
        if (!pages) return pages.error();
        PageList out;
        for (const auto& one : *pages)
          out.pages.push_back({one.id, one.parent_id, one.title, one.parent_id ? 2 : 1, false});
        return out;
      });

  add_image_api(routes, wiki);
}

}  // namespace moim::wiki
