// The academy on the demo community (docs/academy.md): the public catalog and
// its filters; a member applying to 7기 with ranked choices; a builder who
// reviews only their own project's applicants; and an organizer taking a
// fresh cohort from proposals through recruiting to a published selection.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { acceptConfirmations, button, demo, expectNotice, field, kLanguages, logIn, navigate, t, text } from "../lib/moim.mjs";

const kPhases = ["proposals", "recruiting", "selection", "running", "wrap_up", "closed"];
const kDay = 24 * 3600 * 1000;

// A datetime-local value in the demo community's time zone (Asia/Seoul, UTC+9, no DST).
function seoulLocal(ms) {
  return new Date(ms + 9 * 3600 * 1000).toISOString().slice(0, 16);
}

// Fills a cohort form's six phase windows so that `current` is open now:
// two-day windows back to back, the current one from yesterday to tomorrow.
async function fillPhases(page, current) {
  const first = Date.now() - (2 * kPhases.indexOf(current) + 1) * kDay;
  for (const [idx, phase] of kPhases.entries()) {
    await page.locator(`input[name=${phase}_starts_at]`).fill(seoulLocal(first + 2 * idx * kDay));
    await page.locator(`input[name=${phase}_ends_at]`).fill(seoulLocal(first + 2 * (idx + 1) * kDay));
  }
}

async function catalogTitles(page) {
  return (await page.locator("li.project-card h3").allInnerTexts()).map((title) => title.trim()).sort();
}

async function choiceStatuses(page) {
  return (await page.locator("[data-testid=choice-status]").allInnerTexts()).map((status) => status.trim());
}

// People who never apply in the demo, one per language so the runs do not meet.
const applicants = {
  ko: { review: "participant.eun@moim.demo", selection: "participant.lee@moim.demo" },
  en: { review: "participant.woo@moim.demo", selection: "participant.kang@moim.demo" },
};

for (const lang of kLanguages) {
  test(`[${lang}] academy: anyone may browse, search and filter the cohort catalog without logging in`, async (visit) => {
    const page = await visit({ lang });
    await page.goto(`/c/${demo.slug}/cohorts`);
    await navigate(page, page.locator("[data-cohort='7'] h2 a"));
    assert.equal(await page.locator("li[aria-current=step] strong").innerText(), t(lang, "phase_recruiting"));
    assert.equal((await catalogTitles(page)).length, 18, "7기 has 18 approved projects");
    assert.equal(await page.getByRole("link", { name: t(lang, "login_to_apply") }).count(), 1);

    const search = page.locator("form[role=search]");
    await page.locator("#q").fill("NeRF");
    await navigate(page, search.getByRole("button", { name: t(lang, "search") }));
    assert.deepEqual(await catalogTitles(page), ["Nerd's NeRF"]);
    assert.equal(await page.locator("#q").inputValue(), "NeRF", "the search stays in the box");

    await page.locator("#q").fill("");
    await page.locator("#mode").selectOption("offline");
    await navigate(page, search.getByRole("button", { name: t(lang, "search") }));
    assert.deepEqual(await catalogTitles(page), [
      "Text-to-Image Generation (feat. Diffusion) - Season 2",
      "cheese cRust (Rust 기초 스터디)",
      "깃헙에 NLP 잔디심기 3",
    ]);
    await page.locator("#tag").fill("Rust");
    await navigate(page, search.getByRole("button", { name: t(lang, "search") }));
    assert.deepEqual(await catalogTitles(page), ["cheese cRust (Rust 기초 스터디)"]);
    assert.match(page.url(), /mode=offline/);
    assert.match(page.url(), /tag=Rust/);

    await page.locator("#tag").fill("");
    await page.locator("#mode").selectOption("");
    await page.locator("#kind").selectOption("translation");
    await navigate(page, search.getByRole("button", { name: t(lang, "search") }));
    assert.deepEqual(await catalogTitles(page), ["nn.Labml.ai 번역과 Pytorch 논문 코드 구현 이해하기"]);

    await page.locator("#kind").selectOption("");
    await page.locator("#q").fill("no-such-project-zzz");
    await navigate(page, search.getByRole("button", { name: t(lang, "search") }));
    assert.equal(await page.locator("li.project-card").count(), 0);
    assert.equal(await text(page.locator("main p.muted", { hasText: t(lang, "catalog_empty") })), t(lang, "catalog_empty"));
  });

  test(`[${lang}] academy: a member applies with three ranked choices and a builder reviews only their own project`, async (visit) => {
    const email = applicants[lang].review;
    const member = await visit({ lang });
    const builder = await visit({ lang });
    await Promise.all([
      logIn(member, lang, email, demo.password),
      logIn(builder, lang, "builder.nerf@moim.demo", demo.password),
    ]);

    await member.goto(`/c/${demo.slug}/cohorts/7`);
    await navigate(member, member.locator("main").getByRole("link", { name: t(lang, "apply_title"), exact: true }));
    const choices = ["LLM 이해하기", "Graph 이해하기", "MLOps 실전가이드"];
    for (const [idx, title] of choices.entries()) {
      await member.locator(`#choice-${idx + 1}`).selectOption({ label: title });
      // Each chosen project asks its own question, folded under its title.
      const section = member.locator("details", { has: member.locator("summary", { hasText: title }) });
      await section.locator("summary").click();
      await section.getByLabel("이 프로젝트에서 가장 기대하는 것은 무엇인가요?").fill(`Learning ${title} with peers`);
    }
    await member.locator("#answer-0").fill("Hello! I want to study with others every week.");
    await member.locator("#answer-1").fill("6");
    await member.locator("input[name=avail_wed_evening]").check();
    await member.locator("input[name=avail_sat_morning]").check();
    await navigate(member, button(member, lang, "apply_submit"));
    await expectNotice(member, lang, "notice_academy_applied");
    assert.equal(await text(member.getByTestId("application-status")), t(lang, "application_submitted"));
    assert.deepEqual(await member.locator("#mine-heading + p + ol a").allInnerTexts(), choices,
      "the choices in the order ranked");
    assert.deepEqual(await choiceStatuses(member), Array(3).fill(t(lang, "choice_pending")));

    // builder.nerf leads "LLM 이해하기": they accept the member there.
    await builder.goto(`/c/${demo.slug}/cohorts/7?q=${encodeURIComponent("LLM 이해하기")}`);
    await navigate(builder, builder.locator("li.project-card h3 a", { hasText: "LLM 이해하기" }));
    await navigate(builder, builder.getByRole("link", { name: new RegExp(`^${t(lang, "applicants_title")} \\(\\d+\\)$`) }));
    const card = builder.locator(`li[data-applicant="${email}"]`);
    assert.equal(await card.count(), 1, `${email} among the applicants`);
    assert.match(await text(card.locator("h2")), new RegExp(t(lang, "choice_rank_1")));
    assert.equal(await text(card.getByTestId("review")), t(lang, "choice_pending"));
    assert.match(await text(card), /Hello! I want to study with others every week\./, "the common answers");
    assert.match(await text(card), /Learning LLM 이해하기 with peers/, "the answer for this project");
    assert.doesNotMatch(await text(card), /Learning Graph/, "never the answers for other projects");
    await card.getByLabel(t(lang, "decision"), { exact: true }).selectOption("accepted");
    await card.getByLabel(t(lang, "score"), { exact: true }).fill("90");
    await navigate(builder, card.getByRole("button", { name: t(lang, "save") }));
    await expectNotice(builder, lang, "notice_academy_saved");
    assert.equal(await text(builder.locator(`li[data-applicant="${email}"]`).getByTestId("review")),
      t(lang, "choice_accepted"));

    // "Graph 이해하기" is someone else's: no applicants link, and the page itself is refused.
    await builder.goto(`/c/${demo.slug}/cohorts/7?q=${encodeURIComponent("Graph 이해하기")}`);
    await navigate(builder, builder.locator("li.project-card h3 a", { hasText: "Graph 이해하기" }));
    assert.equal(await builder.getByRole("link", { name: new RegExp(`^${t(lang, "applicants_title")}`) }).count(), 0);
    const response = await builder.goto(`${new URL(builder.url()).pathname}/applicants`);
    assert.equal(response.status(), 403);
    assert.equal(await text(builder.locator("main h1")), t(lang, "error_page_403"));
    assert.ok(!(await builder.content()).includes(email), "no applicant's address on the refusal");

    // The member sees the builder's decision on their first choice only.
    await member.reload();
    assert.deepEqual(await choiceStatuses(member),
      [t(lang, "choice_accepted"), t(lang, "choice_pending"), t(lang, "choice_pending")]);
  });

  test(`[${lang}] academy: an organizer takes a new cohort through selection and the member sees the result`, async (visit) => {
    const email = applicants[lang].selection;
    const organizer = await visit({ lang });
    const member = await visit({ lang });
    acceptConfirmations(organizer);
    await Promise.all([
      logIn(organizer, lang, demo.organizer, demo.password),
      logIn(member, lang, email, demo.password),
    ]);

    // A cohort whose proposals are open now.
    const key = `e2e-${lang}-${Date.now().toString(36)}`;
    const title = `E2E study ${key}`;
    await organizer.goto(`/c/${demo.slug}/cohorts`);
    await field(organizer, lang, "field_cohort_key").fill(key);
    await field(organizer, lang, "field_cohort_name").fill(`E2E ${lang}`);
    await fillPhases(organizer, "proposals");
    await field(organizer, lang, "field_common_questions").fill("");
    await navigate(organizer, button(organizer, lang, "cohort_create_submit"));
    assert.equal(new URL(organizer.url()).pathname, `/c/${demo.slug}/cohorts/${key}`);
    assert.equal(await organizer.locator("li[aria-current=step] strong").innerText(), t(lang, "phase_proposals"));

    // The organizer proposes a project and approves it.
    await navigate(organizer, organizer.getByRole("link", { name: t(lang, "propose_title"), exact: true }));
    await organizer.locator("#title").fill(title);
    await organizer.locator("#summary").fill("A study made by the browser tests.");
    await organizer.locator("#start_time").fill("20:00");
    await organizer.locator("#duration_minutes").fill("60");
    // Within the cohort's running phase (days 5 to 7 from now): issue #12.
    const runningDay = seoulLocal(Date.now() + 6 * kDay).slice(0, 10);
    await organizer.locator("#starts_on").fill(runningDay);
    await organizer.locator("#ends_on").fill(runningDay);
    await organizer.locator("#min_runners").fill("1");
    await organizer.locator("#max_runners").fill("4");
    await navigate(organizer, button(organizer, lang, "propose_submit"));
    await expectNotice(organizer, lang, "notice_academy_proposed");
    await navigate(organizer, button(organizer, lang, "decision_approve"));
    await expectNotice(organizer, lang, "notice_academy_reviewed");
    const cohortPath = `/c/${demo.slug}/cohorts/${key}`;

    // Recruiting opens; the member applies.
    await organizer.goto(`${cohortPath}/edit`);
    await fillPhases(organizer, "recruiting");
    await navigate(organizer, button(organizer, lang, "save"));
    await member.goto(`${cohortPath}/apply`);
    await member.locator("#choice-1").selectOption({ label: title });
    await navigate(member, button(member, lang, "apply_submit"));
    await expectNotice(member, lang, "notice_academy_applied");

    // Selection: run the allocation, then publish.
    await organizer.goto(`${cohortPath}/edit`);
    await fillPhases(organizer, "selection");
    await navigate(organizer, button(organizer, lang, "save"));
    await organizer.goto(`${cohortPath}/selection`);
    assert.equal(await text(organizer.locator("main p.muted", { hasText: t(lang, "selection_none") })),
      t(lang, "selection_none"));
    await navigate(organizer, button(organizer, lang, "selection_run"));
    await expectNotice(organizer, lang, "notice_selection_ran");
    assert.equal(await text(organizer.getByTestId("unassigned")), "0");
    assert.match(await text(organizer.locator("#people-heading + ul")), new RegExp(title));
    await navigate(organizer, button(organizer, lang, "selection_publish"));
    await expectNotice(organizer, lang, "notice_selection_published");
    assert.equal(await button(organizer, lang, "selection_publish").count(), 0, "published once");

    // The member sees where they were placed and is asked to confirm.
    await member.reload();
    assert.equal(await text(member.getByTestId("placed")), title);
    assert.equal(await text(member.getByTestId("seat")), t(lang, "seat_offered"));
    await navigate(member, button(member, lang, "seat_confirm"));
    await expectNotice(member, lang, "notice_academy_seat");
    assert.equal(await text(member.getByTestId("seat")), t(lang, "seat_confirmed"));
  });
}
