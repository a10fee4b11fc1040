// The wiki API's typed paths, bodies and replies (Boost.Describe: parsed,
// written and documented in OpenAPI from these declarations).
#pragma once

#include <boost/describe.hpp>

#include "features/wiki/wiki_service.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::wiki {
BOOST_DESCRIBE_ENUM(EditPermission, organizers, builders, members)
BOOST_DESCRIBE_ENUM(StepKind, read, discord_linked, growth_log, audit, coffee_chat)
}  // namespace moim::wiki

namespace moim::wiki::api {

using web::Instant;
using web::Int;
using web::Text;

struct CommunityPath {
  std::string slug;
};
BOOST_DESCRIBE_STRUCT(CommunityPath, (), (slug))
struct PagePath {
  std::string slug;
  std::int64_t page = 0;
};
BOOST_DESCRIBE_STRUCT(PagePath, (), (slug, page))
struct RevisionPath {
  std::string slug;
  std::int64_t page = 0;
  std::int64_t revision = 0;
};
BOOST_DESCRIBE_STRUCT(RevisionPath, (), (slug, page, revision))
struct StepPath {
  std::string slug;
  std::int64_t step = 0;
};
BOOST_DESCRIBE_STRUCT(StepPath, (), (slug, step))
struct DiffQuery {
  std::int64_t from = 0;
  std::int64_t to = 0;
};
BOOST_DESCRIBE_STRUCT(DiffQuery, (), (from, to))

// ---- bodies -----------------------------------------------------------------

// The body is checked by the service (over kMaxBodyBytes: 413 naming "body").
struct NewPageBody {
  Text<1, kMaxTitleChars> title;
  std::optional<std::string> body;
  std::optional<std::int64_t> parent_id;  // 0 or absent: top level
  std::optional<Text<0, kMaxSummaryChars>> summary;
};
BOOST_DESCRIBE_STRUCT(NewPageBody, (), (title, body, parent_id, summary))
// An edit names the revision it started from (409 when someone saved since).
struct SaveBody {
  std::int64_t base_revision = 0;
  std::optional<Text<1, kMaxTitleChars>> title;
  std::optional<std::string> body;
  std::optional<std::int64_t> parent_id;  // 0: move to the top level
  std::optional<Text<0, kMaxSummaryChars>> summary;
};
BOOST_DESCRIBE_STRUCT(SaveBody, (), (base_revision, title, body, parent_id, summary))
struct SettingsBody {
  std::optional<EditPermission> edit_permission;
  std::optional<bool> is_public;
  std::optional<Int<0, kMaxPages>> position;
};
BOOST_DESCRIBE_STRUCT(SettingsBody, (), (edit_permission, is_public, position))
struct StepBody {
  StepKind kind = StepKind::read;
  std::optional<std::int64_t> page_id;  // required for "read"
  std::optional<Text<0, kMaxStepTitleChars>> title;
};
BOOST_DESCRIBE_STRUCT(StepBody, (), (kind, page_id, title))
struct MoveBody {
  Int<-1, 1> direction;  // -1 earlier, 1 later
};
BOOST_DESCRIBE_STRUCT(MoveBody, (), (direction))

// ---- replies ----------------------------------------------------------------

struct TreeEntryOut {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string title;
  std::int64_t depth = 1;
  bool is_public = false;
};
BOOST_DESCRIBE_STRUCT(TreeEntryOut, (), (id, parent_id, title, depth, is_public))
struct WikiIndexOut {
  std::vector<TreeEntryOut> pages;
  bool can_create = false;
  bool can_manage = false;
  bool empty = true;
};
BOOST_DESCRIBE_STRUCT(WikiIndexOut, (), (pages, can_create, can_manage, empty))
struct HeadingOut {
  std::int64_t level = 1;
  std::string id;
  std::string text;
};
BOOST_DESCRIBE_STRUCT(HeadingOut, (), (level, id, text))
struct PageOut {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string title;
  std::string body;                 // markdown
  std::optional<std::string> html;  // sanitized, with links resolved (reads only)
  std::vector<HeadingOut> toc;
  EditPermission edit_permission = EditPermission::members;
  bool is_public = false;
  std::int64_t position = 0;
  std::int64_t revision = 0;
  Instant updated_at;
  std::optional<bool> can_edit;
};
BOOST_DESCRIBE_STRUCT(PageOut, (),
                      (id, parent_id, title, body, html, toc, edit_permission, is_public, position,
                       revision, updated_at, can_edit))
struct ErrorOut {
  std::string code;
  std::string message;
  std::string field;
};
BOOST_DESCRIBE_STRUCT(ErrorOut, (), (code, message, field))
struct DiffRowOut {
  std::string kind;  // same | changed | removed | added
  std::int64_t left_number = 0;
  std::string left;
  std::int64_t right_number = 0;
  std::string right;
};
BOOST_DESCRIBE_STRUCT(DiffRowOut, (), (kind, left_number, left, right_number, right))
struct ConflictOut {
  std::int64_t base_revision = 0;
  std::int64_t current_revision = 0;
  std::string current_title;
  std::string current_body;
  std::vector<DiffRowOut> changes;  // base → current
};
BOOST_DESCRIBE_STRUCT(ConflictOut, (),
                      (base_revision, current_revision, current_title, current_body, changes))
// 200: the saved page. 409: error (code "conflict", field "base_revision")
// and what changed since the base revision, to merge.
struct SaveReply {
  std::optional<PageOut> page;
  std::optional<ErrorOut> error;
  std::optional<ConflictOut> conflict;
};
BOOST_DESCRIBE_STRUCT(SaveReply, (), (page, error, conflict))
struct RevisionOut {
  std::int64_t number = 0;
  std::string title;
  std::string author;  // "" when the author's account was erased
  std::string summary;
  std::optional<std::int64_t> restored_from;
  Instant created_at;
};
BOOST_DESCRIBE_STRUCT(RevisionOut, (), (number, title, author, summary, restored_from, created_at))
struct RevisionList {
  std::vector<RevisionOut> revisions;
};
BOOST_DESCRIBE_STRUCT(RevisionList, (), (revisions))
struct DiffOut {
  RevisionOut from;
  RevisionOut to;
  std::int64_t added = 0;
  std::int64_t removed = 0;
  std::vector<DiffRowOut> rows;
};
BOOST_DESCRIBE_STRUCT(DiffOut, (), (from, to, added, removed, rows))
struct StepOut {
  std::int64_t id = 0;
  std::int64_t position = 0;
  StepKind kind = StepKind::read;
  std::optional<std::int64_t> page_id;
  std::string title;
  std::int64_t done_count = 0;
};
BOOST_DESCRIBE_STRUCT(StepOut, (), (id, position, kind, page_id, title, done_count))
struct StepList {
  std::vector<StepOut> steps;
};
BOOST_DESCRIBE_STRUCT(StepList, (), (steps))
struct MyStepOut {
  std::int64_t id = 0;
  StepKind kind = StepKind::read;
  std::string title;
  std::optional<std::int64_t> page_id;
  bool done = false;
  bool automatic = false;
};
BOOST_DESCRIBE_STRUCT(MyStepOut, (), (id, kind, title, page_id, done, automatic))
struct ProgressOut {
  std::vector<MyStepOut> steps;
  std::int64_t done = 0;
  std::int64_t total = 0;
  bool finished = false;
};
BOOST_DESCRIBE_STRUCT(ProgressOut, (), (steps, done, total, finished))
struct FunnelOut {
  std::vector<StepOut> steps;  // done_count: members who ticked the step
  std::int64_t finished = 0;
  std::int64_t members = 0;
};
BOOST_DESCRIBE_STRUCT(FunnelOut, (), (steps, finished, members))
struct PageList {
  std::vector<TreeEntryOut> pages;
};
BOOST_DESCRIBE_STRUCT(PageList, (), (pages))

}  // namespace moim::wiki::api
