// Running a project (issue #4) in the demo lab: the builder opens check-in
// and a runner enters the code; a runner submits a post before the deadline
// and the builder sees who is missing; the member dashboard; writing a
// growth log and a KPT retrospective. Each test places a fresh runner in the
// lab (through the JSON API, as the academy pages are tested elsewhere).
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { acceptConfirmations, button, demo, expectNotice, field, kLanguages, logIn, navigate, signUp, t, text, unique } from "../lib/moim.mjs";

const kBuilder = "builder.nerf@moim.demo";  // leads the demo lab (src/app/demo_activity.cpp)
const kDemoRunner = "문가람";               // one of the lab's seeded runners

export async function api(page, method, path, data) {
  // State changes go as JSON (moim refuses other cookie-authenticated ones).
  const response = await page.request.fetch(`/api/v1/communities/${demo.slug}${path}`, {
    method,
    ...(method === "GET" ? {} : { data: data ?? {} }),
  });
  const body = await response.text();
  assert.ok(response.ok(), `${method} ${path} -> ${response.status()} ${body.slice(0, 300)}`);
  return body ? JSON.parse(body) : null;
}

// The builder signed in, and a new member signed up, in the community and
// placed in the lab as a runner.
export async function labWithRunner(visit, lang, { runnerViewport } = {}) {
  const builder = await visit({ lang });
  const runner = await visit(runnerViewport ? { lang, viewport: runnerViewport } : { lang });
  acceptConfirmations(builder);
  acceptConfirmations(runner);
  const id = unique(`act-${lang}`);
  const name = lang === "ko" ? `러너 ${id}` : `Runner ${id}`;
  await Promise.all([
    logIn(builder, lang, kBuilder, demo.password),
    signUp(runner, lang, { name, email: `${id}@e2e.moim.test`, password: "a long enough passphrase" }),
  ]);
  await api(runner, "POST", "/membership");
  const { labs } = await api(runner, "GET", "/labs");
  const lab = labs.find((item) => item.title.startsWith("Pseudo-Lab 상시 연구 랩"));
  assert.ok(lab, "the demo lab");
  await api(runner, "PUT", `/projects/${lab.id}/application`, { choices: [{ project_id: lab.id, answers: [] }] });
  const { applicants } = await api(builder, "GET", `/projects/${lab.id}/applicants`);
  const mine = applicants.find((applicant) => applicant.display_name === name);
  assert.ok(mine, `${name} among the lab's applicants`);
  await api(builder, "PATCH", `/projects/${lab.id}/applicants/${mine.application_id}`, { review: "accepted" });
  return { builder, runner, lab, name };
}

export function minutesFromNow(minutes) {
  return new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16) + ":00Z";
}

for (const lang of kLanguages) {
  test(`[${lang}] activity: the builder opens check-in, the runner enters the code and shows as present`, async (visit) => {
    const { builder, runner, lab, name } = await labWithRunner(visit, lang);
    const topic = unique(lang === "ko" ? "출석 세션" : "Check-in session");
    const { session } = await api(builder, "POST", `/projects/${lab.id}/sessions`, { starts_at: minutesFromNow(-1), topic });

    // The builder opens check-in from the sessions page; the screen shows the code.
    await builder.goto(`/c/${demo.slug}/projects/${lab.id}/sessions`);
    const card = builder.locator(`li[data-session="${session.id}"]`);
    await navigate(builder, card.getByRole("button", { name: t(lang, "check_in_open"), exact: true }));
    assert.match(new URL(builder.url()).pathname, /\/check-in\/screen$/);

    // The runner finds the session on their dashboard and follows its check-in link.
    await runner.goto(`/c/${demo.slug}/me`);
    const next = runner.locator(`li[data-session="${session.id}"]`);
    assert.match(await text(next), new RegExp(topic));
    await navigate(runner, next.getByRole("link", { name: t(lang, "check_in_title"), exact: true }));
    await builder.reload();  // the code rotates each minute: read the current one
    const code = await text(builder.getByTestId("check-in-code"));
    assert.match(code, /^\d{6}$/);
    await field(runner, lang, "check_in_code").fill(code);
    await navigate(runner, button(runner, lang, "check_in_submit"));
    assert.match(await text(runner.getByTestId("checked-in")), new RegExp(t(lang, "attendance_present")));

    // The attendance sheet shows the runner present.
    await builder.goto(`/c/${demo.slug}/sessions/${session.id}/attendance`);
    const row = builder.locator("tr", { hasText: name });
    assert.equal(await text(row.getByTestId("status")), t(lang, "attendance_present"));
  });

  test(`[${lang}] activity: the runner submits a post before the deadline and the builder sees who is missing`, async (visit) => {
    const { builder, runner, lab, name } = await labWithRunner(visit, lang);
    // The builder creates a one-deadline series three days from now.
    const title = unique(lang === "ko" ? "글쓰기" : "Writing");
    const due = new Date(Date.now() + 3 * 24 * 3600_000).toISOString().slice(0, 10) + "T23:59";
    await builder.goto(`/c/${demo.slug}/projects/${lab.id}/deadlines`);
    await field(builder, lang, "writing_series_title").fill(title);
    await field(builder, lang, "writing_first_due").fill(due);
    await field(builder, lang, "writing_count").fill("1");
    await navigate(builder, button(builder, lang, "save"));
    await expectNotice(builder, lang, "notice_activity_saved");
    const deadlineLink = builder.locator("main").getByRole("link", { name: `${title} #1`, exact: true });
    const deadlinePath = await deadlineLink.getAttribute("href");

    // The runner finds it on the dashboard, not yet submitted, and writes.
    await runner.goto(`/c/${demo.slug}/me`);
    const item = runner.locator("li[data-deadline]", { hasText: title });
    assert.equal(await text(item.getByTestId("deadline-state")), t(lang, "writing_state_open"));
    await navigate(runner, item.getByRole("link", { name: `${title} #1`, exact: true }));
    const post = `https://blog.example/${title}`;
    await field(runner, lang, "writing_link").fill(post);
    await field(runner, lang, "writing_body").fill("## 이번 주\n\n- 평가셋 검수 <script>alert(1)</script>");
    await field(runner, lang, "writing_tags").fill("LLM, eval");
    await navigate(runner, button(runner, lang, "writing_submit"));
    await expectNotice(runner, lang, "notice_activity_saved");
    assert.equal(await text(runner.getByTestId("my-link")), post);
    assert.equal(await text(runner.getByTestId("my-state")), t(lang, "writing_state_submitted"));
    assert.equal(await runner.locator("[data-testid=my-body] script").count(), 0, "markdown is sanitized");
    // Still before the deadline: the form edits the same submission.
    assert.equal(await button(runner, lang, "writing_edit").count(), 1);

    // The builder sees the post and who is still missing (not the runner).
    await builder.goto(deadlinePath);
    const submissions = builder.getByTestId("submissions");
    assert.match(await text(submissions), new RegExp(name));
    const missing = await text(builder.getByTestId("missing"));
    assert.ok(!missing.includes(name), "the runner who wrote is not missing");
    assert.ok(missing.includes(kDemoRunner), "a seeded runner who has not written is missing");
  });

  test(`[${lang}] activity: the dashboard shows my project, sessions and deadlines, and gives a calendar address`, async (visit) => {
    const { runner, lab } = await labWithRunner(visit, lang);
    await runner.goto(`/c/${demo.slug}`);
    await navigate(runner, runner.locator("main").getByRole("link", { name: t(lang, "dashboard_title"), exact: true }));
    assert.equal(new URL(runner.url()).pathname, `/c/${demo.slug}/me`);
    assert.equal(await text(runner.locator("main h1")), t(lang, "dashboard_title"));
    const project = runner.locator(`li[data-project="${lab.id}"]`);
    assert.match(await text(project), new RegExp(t(lang, "stage_runner")));
    assert.equal(await project.getByTestId("my-progress").count(), 1, "live progress against the rules");
    // The seeded weekly series has an upcoming deadline.
    assert.ok(await runner.locator("li[data-deadline]").count() >= 1, "upcoming deadlines listed");

    await navigate(runner, button(runner, lang, "dashboard_calendar_create"));
    await expectNotice(runner, lang, "notice_dashboard_feed_created");
    const url = await runner.getByTestId("feed-url").inputValue();
    assert.match(url, /\/calendar\/[A-Za-z0-9_-]+/);
    const feed = await runner.request.get(new URL(url).pathname);
    assert.equal(feed.status(), 200);
    assert.match(await feed.text(), /BEGIN:VCALENDAR/);
  });

  test(`[${lang}] activity: the runner writes a growth log and a retrospective`, async (visit) => {
    const { builder, runner, lab, name } = await labWithRunner(visit, lang);
    await runner.goto(`/c/${demo.slug}/me`);
    // The lab's rules ask for a retrospective; the dashboard says it is still to write.
    const rule = runner.locator(`li[data-project="${lab.id}"]`).getByTestId("my-retrospective");
    assert.match(await text(rule), new RegExp(`^${t(lang, "dashboard_retro_missing").replace(/[()]/g, "\\$&")}`));
    await navigate(runner, runner.locator("main").getByRole("link", { name: t(lang, "growth_write"), exact: true }));
    const learned = unique(lang === "ko" ? "어텐션 마스크를 구현했다" : "Implemented attention masks");
    await field(runner, lang, "growth_learned").fill(learned);
    await field(runner, lang, "growth_blocked").fill(lang === "ko" ? "GPU가 부족했다" : "Not enough GPU");
    await field(runner, lang, "growth_project").selectOption({ label: lab.title });
    await field(runner, lang, "growth_visibility").selectOption({ label: t(lang, "growth_visibility_project") });
    await navigate(runner, button(runner, lang, "save"));
    await expectNotice(runner, lang, "notice_activity_saved");
    assert.match(await text(runner.getByTestId("timeline")), new RegExp(learned));
    const logsPath = new URL(runner.url()).pathname;

    // The builder of the project reads a project-visible log.
    await builder.goto(logsPath);
    assert.match(await text(builder.getByTestId("timeline")), new RegExp(learned));
    assert.equal(await field(builder, lang, "growth_learned").count(), 0, "no form on someone else's log");

    // The retrospective: the lab's own is there (seeded); the runner adds theirs.
    await runner.goto(`/c/${demo.slug}/projects/${lab.id}/retrospectives`);
    assert.equal(await runner.locator("li[data-scope=project]").count(), 1, "the project's KPT");
    const keep = unique(lang === "ko" ? "매주 발표한 것" : "Presenting every week");
    await runner.locator("main").getByLabel(`Keep · ${t(lang, "retro_keep_hint")}`, { exact: true }).fill(keep);
    await runner.locator("main").getByLabel(`Problem · ${t(lang, "retro_problem_hint")}`, { exact: true }).fill("-");
    await runner.locator("main").getByLabel(`Try · ${t(lang, "retro_try_hint")}`, { exact: true }).fill("+");
    await navigate(runner, button(runner, lang, "save"));
    await expectNotice(runner, lang, "notice_activity_saved");
    const mine = runner.locator("li[data-scope=member]", { hasText: keep });
    assert.equal(await mine.count(), 1);
    assert.match(await text(mine), new RegExp(name));
    await runner.goto(`/c/${demo.slug}/me`);
    assert.equal(await text(rule), t(lang, "dashboard_retro_written"));
  });
}
