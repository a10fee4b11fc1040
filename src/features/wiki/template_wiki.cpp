// The template wiki an organizer starts from (issue #17): about the
// community, the growth stages, how cohorts work, how to propose a project
// and the code of conduct, in Korean or English, linked to each other by
// title; the two pages to read first become the onboarding path's steps.
#include <array>

#include "features/wiki/internal.hpp"

namespace moim::wiki {

namespace {

struct TemplatePage {
  const char* title;
  const char* body;  // "{community}" is replaced by the community's name
  bool child;        // under the first page
  bool read_step;    // a step of the onboarding path
};

constexpr std::array<TemplatePage, 5> kKorean{{
    {"커뮤니티 소개",
     "# {community}에 오신 것을 환영해요\n\n"
     "{community}는 함께 배우고 만드는 자원봉사 학습 커뮤니티예요. 누구나 눈팅으로 시작해 "
     "스터디와 프로젝트에 참여하며 성장해요.\n\n"
     "## 처음 오셨다면\n\n"
     "1. [[행동 강령]]을 읽어 주세요.\n"
     "2. [[성장 단계]]에서 우리가 함께 걷는 길을 확인하세요.\n"
     "3. [[기수 운영 방식]]을 보고 다음 기수에 지원해 보세요.\n\n"
     "## 함께 만들기\n\n"
     "하고 싶은 스터디가 있다면 [[프로젝트 제안하기]]를 읽고 빌더가 되어 보세요.\n",
     false, true},
    {"성장 단계",
     "# 성장 단계\n\n"
     "{community}에서는 참여하는 만큼 단계가 올라가요.\n\n"
     "| 단계 | 의미 |\n| --- | --- |\n"
     "| 눈팅 | 막 가입해 둘러보는 중 |\n"
     "| 소통 | 온보딩을 마치고 대화에 참여 |\n"
     "| 청강 | 프로젝트의 공개 세션에 참여 |\n"
     "| 러너 | 프로젝트에 선발되어 함께 달림 |\n"
     "| 빌더 | 프로젝트를 이끌어요 |\n\n"
     "온보딩 체크리스트를 모두 마치면 눈팅에서 소통으로 올라가요.\n",
     true, false},
    {"기수 운영 방식",
     "# 기수 운영 방식\n\n"
     "한 기수는 다음 순서로 진행돼요.\n\n"
     "1. **프로젝트 제안**: 빌더가 스터디와 프로젝트를 제안해요.\n"
     "2. **모집**: 러너가 원하는 프로젝트에 지원해요.\n"
     "3. **선발**: 정원과 선호를 고려해 공정하게 배정해요.\n"
     "4. **진행**: 매주 세션, 출석, 성장 일지.\n"
     "5. **마무리**: 회고를 쓰고 수료를 확인해요.\n\n"
     "자세한 제안 방법은 [[프로젝트 제안하기]]를 보세요.\n",
     true, false},
    {"프로젝트 제안하기",
     "# 프로젝트 제안하기\n\n"
     "## 좋은 제안에는\n\n"
     "- 무엇을 함께 배우거나 만들지\n"
     "- 매주 언제 모이는지와 진행 방식\n"
     "- 러너에게 기대하는 준비\n\n"
     "제안 기간에 기수 페이지에서 제안서를 제출하면 운영진이 검토해요. 제안하기 전에 "
     "[[행동 강령]]을 다시 확인해 주세요.\n",
     true, false},
    {"행동 강령",
     "# 행동 강령\n\n"
     "{community}는 모두가 안전하게 배우는 곳이에요.\n\n"
     "- 서로를 존중하고, 다른 배경과 경험을 환영해요.\n"
     "- 괴롭힘, 차별, 원치 않는 연락은 허용하지 않아요.\n"
     "- 문제가 생기면 운영진에게 알려 주세요. 신고한 사람은 보호받아요.\n\n"
     "강령을 어기면 운영진이 경고, 활동 제한, 퇴출을 결정할 수 있어요.\n",
     true, true},
}};

constexpr std::array<TemplatePage, 5> kEnglish{{
    {"About the community",
     "# Welcome to {community}\n\n"
     "{community} is a volunteer learning community: we learn and build together. Everyone "
     "starts by looking around and grows by joining studies and projects.\n\n"
     "## New here?\n\n"
     "1. Read the [[Code of conduct]].\n"
     "2. See the path we walk together in [[Growth stages]].\n"
     "3. Read [[How cohorts work]] and apply to the next cohort.\n\n"
     "## Build with us\n\n"
     "Have a study in mind? Read [[How to propose a project]] and become a builder.\n",
     false, true},
    {"Growth stages",
     "# Growth stages\n\n"
     "In {community} your stage grows with what you take part in.\n\n"
     "| stage | meaning |\n| --- | --- |\n"
     "| observer | just joined, looking around |\n"
     "| participant | finished onboarding, takes part in conversations |\n"
     "| auditor | joins a project's open sessions |\n"
     "| runner | selected into a project |\n"
     "| builder | leads a project |\n\n"
     "Finishing the onboarding checklist moves you from observer to participant.\n",
     true, false},
    {"How cohorts work",
     "# How cohorts work\n\n"
     "A cohort runs in this order:\n\n"
     "1. **Proposals**: builders propose studies and projects.\n"
     "2. **Recruiting**: runners apply to the projects they want.\n"
     "3. **Selection**: seats are allocated fairly, by capacity and preference.\n"
     "4. **Running**: weekly sessions, attendance, growth logs.\n"
     "5. **Wrap-up**: retrospectives and completion.\n\n"
     "See [[How to propose a project]] for proposing.\n",
     true, false},
    {"How to propose a project",
     "# How to propose a project\n\n"
     "## A good proposal says\n\n"
     "- what we will learn or build together\n"
     "- when we meet each week and how sessions run\n"
     "- what runners should prepare\n\n"
     "Submit it on the cohort's page during the proposal phase; organizers review it. Please "
     "read the [[Code of conduct]] again before proposing.\n",
     true, false},
    {"Code of conduct",
     "# Code of conduct\n\n"
     "{community} is a place where everyone learns safely.\n\n"
     "- Respect each other; welcome different backgrounds and experience.\n"
     "- No harassment, discrimination or unwanted contact.\n"
     "- Tell the organizers when something is wrong; people who report are protected.\n\n"
     "Organizers may warn, restrict or remove anyone who breaks this code.\n",
     true, true},
}};

std::string with_name(std::string text, const std::string& name) {
  const std::string mark = "{community}";
  for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at)) {
    text.replace(at, mark.size(), name);
    at += name.size();
  }
  return text;
}

// Writes the template's pages and reading steps into an empty wiki, inside
// the caller's transaction; 409 when the wiki has pages already.
Result<std::vector<Page>> write_template(db::Transaction& transaction,
                                         const communities::Community& community,
                                         const std::string& language, std::int64_t author_id,
                                         std::int64_t now) {
  auto any = transaction.query_one("SELECT 1 FROM wiki_pages WHERE community_id = ? LIMIT 1",
                                   {community.id});
  if (!any) return any.error();
  if (any->has_value())
    return Error::conflict("wiki", "the template is for an empty wiki: this one has pages");
  const auto& pages = language == "en" ? kEnglish : kKorean;
  std::vector<Page> written;
  std::optional<std::int64_t> root;
  std::int64_t step_position = 0;
  auto steps = transaction.query_one(
      "SELECT COALESCE(MAX(position), 0) FROM wiki_onboarding_steps WHERE community_id = ?",
      {community.id});
  if (!steps) return steps.error();
  step_position = (*steps)->int64(0);
  for (std::size_t idx = 0; idx < pages.size(); ++idx) {
    const TemplatePage& source = pages[idx];
    Page page;
    page.community_id = community.id;
    page.title = source.title;
    page.body = with_name(source.body, community.name);
    page.parent_id = source.child ? root : std::nullopt;
    page.position = static_cast<int>(idx);
    page.revision = 1;
    page.created_at = page.updated_at = now;
    auto rows = transaction.query(
        "INSERT INTO wiki_pages (community_id, parent_id, title, title_key, body, position, "
        "revision_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
        {community.id, db::maybe(page.parent_id), page.title, text::fold_title(page.title),
         page.body, static_cast<std::int64_t>(page.position), now, now});
    if (!rows) return rows.error();
    page.id = rows->front().int64(0);
    if (!source.child) root = page.id;
    if (auto status = internal::write_revision(transaction, page, 1, author_id, "", {}, now);
        !status)
      return status.error();
    if (source.read_step) {
      auto step = transaction.execute(
          "INSERT INTO wiki_onboarding_steps (community_id, position, kind, page_id, title, "
          "created_at) VALUES (?, ?, 'read', ?, ?, ?)",
          {community.id, ++step_position, page.id,
           std::string(language == "en" ? "Read: " : "읽기: ") + page.title, now});
      if (!step) return step.error();
    }
    written.push_back(std::move(page));
  }
  return written;
}

}  // namespace

Result<std::vector<Page>> WikiService::create_template(const accounts::Viewer& viewer,
                                                       const std::string& slug) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  if (auto status = internal::require_organizer(*place); !status) return status.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::int64_t now = clock_.now_seconds();
  auto pages = write_template(*transaction, place->community, place->community.default_locale,
                              viewer.user_id(), now);
  if (!pages) return pages.error();
  if (auto status = internal::audit(*transaction, *place, "wiki.template_created", slug,
                                    {{"language", place->community.default_locale},
                                     {"pages", static_cast<std::int64_t>(pages->size())}},
                                    now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return pages;
}

}  // namespace moim::wiki
