// The wiki (issue #17): a community's pages in markdown, nested under
// parents, linked by title ([[온보딩 가이드]]), every edit a revision that
// can be compared and restored; and the onboarding path, ordered steps a
// new member follows (reading pages, and things moim sees them do), whose
// end moves them from 눈팅 (observer) to 소통 (participant).
//
// Who may do what, decided here:
//  - reading: members (and platform admins) read every page; anyone else,
//    signed in or not, reads only the pages organizers made public.
//  - editing: per page, organizers only, builders (and organizers), or
//    every member. Any member may start a page.
//  - organizers set a page's permission and public flag, manage the
//    onboarding steps, see the funnel and create the template wiki; each of
//    these is in the community's audit log.
// Every change is one transaction. An edit names the revision it started
// from: when someone saved in between, nothing is written and the caller
// gets the conflict (what changed since) to merge, never a silent loss.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "features/wiki/line_diff.hpp"
#include "features/wiki/wiki_text.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::wiki {

inline constexpr std::size_t kMaxTitleChars = 120;
// Over it: 413 naming "body". The API's JSON reader also stops a text at
// 100,000 characters (400 naming "body"): the same number, so a body the
// reader lets through is refused for its bytes only.
inline constexpr std::size_t kMaxBodyBytes = 100'000;
inline constexpr std::size_t kMaxSummaryChars = 200;
inline constexpr int kMaxDepth = 6;     // a top-level page is at depth 1
inline constexpr int kMaxPages = 2000;  // per community
inline constexpr int kMaxSteps = 20;    // onboarding steps per community
inline constexpr std::size_t kMaxStepTitleChars = 100;
inline constexpr int kMaxImagesPerPage = 20;
inline constexpr std::size_t kMaxImageBytes = 512 * 1024;  // 4/3 of it as base64 fits a 1 MiB body
inline constexpr int kMaxImageSide = 4096;                 // pixels

enum class EditPermission { organizers, builders, members };
std::string_view permission_name(EditPermission permission);
std::optional<EditPermission> parse_permission(std::string_view name);

enum class StepKind { read, discord_linked, growth_log, audit, coffee_chat };
std::string_view step_kind_name(StepKind kind);
std::optional<StepKind> parse_step_kind(std::string_view name);

struct Page {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::optional<std::int64_t> parent_id;
  std::string title;
  std::string body;
  EditPermission edit_permission = EditPermission::members;
  bool is_public = false;
  int position = 0;
  int revision = 0;  // the current revision's number
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A page in the sidebar tree, in reading order (parents before children).
struct TreeEntry {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string title;
  int depth = 1;
  bool is_public = false;
};

struct Crumb {
  std::int64_t id = 0;
  std::string title;
};

struct Step {
  std::int64_t id = 0;
  int position = 0;
  StepKind kind = StepKind::read;
  std::optional<std::int64_t> page_id;
  std::string title;
  int done_count = 0;  // members who ticked it
};

struct PageView {
  communities::Community community;
  Page page;
  text::Rendered rendered;
  std::vector<TreeEntry> tree;
  std::vector<Crumb> ancestors;  // top-level first, the page itself left out
  std::string updated_by;        // the current revision's author ("" when erased)
  bool can_edit = false;
  bool can_manage = false;
  bool is_member = false;
  // The onboarding step that reads this page, and whether the viewer ticked it.
  std::optional<Step> step;
  bool step_done = false;
};

struct WikiIndex {
  communities::Community community;
  std::vector<TreeEntry> tree;
  std::optional<PageView> home;  // the first top-level page the viewer may read
  bool can_create = false;
  bool can_manage = false;
  bool is_member = false;
  bool empty = true;  // no page at all (so the template wiki may be created)
};

struct PageInput {
  std::optional<std::string> title;
  std::optional<std::string> body;
  std::optional<std::int64_t> parent_id;      // 0: top level; absent: unchanged
  std::optional<std::string> summary;         // the editor's note
  std::optional<std::int64_t> base_revision;  // required when editing
};

struct PageSettings {
  std::optional<std::string> edit_permission;  // "organizers" | "builders" | "members"
  std::optional<bool> is_public;
  std::optional<int> position;
};

struct Revision {
  std::int64_t id = 0;
  int number = 0;
  std::string title;
  std::string body;  // empty in lists
  std::optional<std::int64_t> author_id;
  std::string author_name;  // "" when the author's account was erased
  std::string summary;
  std::optional<int> restored_from;
  std::int64_t created_at = 0;
};

// A save refused because someone saved after the editor's base revision:
// what changed between the base and the current revision, to merge.
struct Conflict {
  int base_revision = 0;
  int current_revision = 0;
  std::string current_title;
  std::string current_body;
  std::vector<diff::Line> changes;  // base → current
};

struct SaveOutcome {
  std::optional<Page> page;          // saved
  std::optional<Conflict> conflict;  // or refused, nothing written
};

struct Comparison {
  Page page;
  Revision from;
  Revision to;
  std::vector<diff::Line> lines;
};

struct MyStep {
  Step step;
  std::string page_title;  // the read step's page, if any
  bool done = false;
  bool automatic = false;  // ticks itself when the owning room says so
};

struct Progress {
  communities::Community community;
  std::vector<MyStep> steps;
  int done = 0;
  bool finished = false;
  bool is_member = false;
};

// An image attached to a page; `path` is where the page's markdown shows it.
struct PageImage {
  std::int64_t id = 0;
  std::int64_t page_id = 0;
  std::string content_type;  // image/png or image/jpeg
  int width = 0, height = 0;
  std::int64_t byte_size = 0;
  std::string path;  // /c/{slug}/wiki/{page}/images/{id}
  std::int64_t created_at = 0;
};

struct ImageFile {
  std::string content_type;
  std::string bytes;
  bool is_public = false;  // the page is public: shared caches may keep it
};

struct Funnel {
  std::vector<Step> steps;  // with how many members ticked each
  int finished = 0;         // members who finished the path
  std::int64_t members = 0;
};

// What other rooms know of a member, asked for the steps that tick
// themselves. The app wires them to the owning rooms' services (the wiki
// sits below integrations, which knows Discord links); an unset one never
// ticks. Each answers whether the viewer has done it in the community.
struct OnboardingFacts {
  using Fact = std::function<Result<bool>(const accounts::Viewer& viewer,
                                          const communities::Community& community)>;
  Fact discord_linked, growth_log, audit, coffee_chat;
};

class WikiService {
 public:
  WikiService(db::Database& database, const Clock& clock,
              communities::CommunitiesService& communities);
  void set_onboarding_facts(OnboardingFacts facts) { facts_ = std::move(facts); }

  // Reading.
  Result<WikiIndex> index(const accounts::Viewer& viewer, const std::string& slug);
  Result<PageView> page(const accounts::Viewer& viewer, const std::string& slug,
                        std::int64_t page_id);
  // The page with this title (folded), or 404 (the page may then be created).
  Result<std::int64_t> find_title(const accounts::Viewer& viewer, const std::string& slug,
                                  const std::string& title);
  Result<bool> can_create(const accounts::Viewer& viewer, const std::string& slug);

  // Writing.
  Result<Page> create(const accounts::Viewer& viewer, const std::string& slug,
                      const PageInput& input);
  Result<SaveOutcome> save(const accounts::Viewer& viewer, const std::string& slug,
                           std::int64_t page_id, const PageInput& input);
  Result<Page> restore(const accounts::Viewer& viewer, const std::string& slug,
                       std::int64_t page_id, int number);
  Result<Page> change_settings(const accounts::Viewer& viewer, const std::string& slug,
                               std::int64_t page_id, const PageSettings& settings);

  // Images: whoever may edit the page attaches one (a PNG or JPEG that
  // decodes, at most kMaxImageBytes and kMaxImageSide; 422 naming `field`
  // otherwise; at most kMaxImagesPerPage a page, 409); whoever reads the
  // page sees them. The same file twice is one image.
  Result<PageImage> attach_image(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t page_id, const std::string& bytes,
                                 const std::string& field);
  Result<std::vector<PageImage>> images(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t page_id);
  Result<ImageFile> image_file(const accounts::Viewer& viewer, const std::string& slug,
                               std::int64_t page_id, std::int64_t image_id);

  // History: newest first, without bodies; one revision; two compared.
  Result<std::vector<Revision>> revisions(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t page_id);
  Result<Comparison> compare(const accounts::Viewer& viewer, const std::string& slug,
                             std::int64_t page_id, int from, int to);

  // The onboarding path. Organizers manage its steps; members follow it.
  Result<std::vector<Step>> steps(const accounts::Viewer& viewer, const std::string& slug);
  Result<Step> add_step(const accounts::Viewer& viewer, const std::string& slug,
                        const std::string& kind, std::optional<std::int64_t> page_id,
                        const std::string& title);
  Status remove_step(const accounts::Viewer& viewer, const std::string& slug, std::int64_t step_id);
  // Moves a step one place earlier (-1) or later (+1).
  Status move_step(const accounts::Viewer& viewer, const std::string& slug, std::int64_t step_id,
                   int direction);
  // The viewer's progress; steps moim can see tick themselves here (the
  // owning rooms are asked), and finishing moves the member to 소통.
  Result<Progress> progress(const accounts::Viewer& viewer, const std::string& slug);
  // The viewer read the page of a 'read' step and says so.
  Result<Progress> confirm_read(const accounts::Viewer& viewer, const std::string& slug,
                                std::int64_t step_id);
  Result<Funnel> funnel(const accounts::Viewer& viewer, const std::string& slug);

  // The template wiki (about, growth stages, cohorts, proposing a project,
  // code of conduct) in the community's language, on an empty wiki only
  // (409 otherwise). Organizers; audited.
  Result<std::vector<Page>> create_template(const accounts::Viewer& viewer,
                                            const std::string& slug);

  communities::CommunitiesService& communities() { return communities_; }

 private:
  // Ticks `steps` (ids) for the viewer, bumps their counts, and when the
  // path is complete records the finish and moves the member to 소통; one
  // transaction.
  Status tick(const accounts::Viewer& viewer, const communities::Community& community,
              const std::vector<std::int64_t>& step_ids);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  OnboardingFacts facts_;
};

}  // namespace moim::wiki
