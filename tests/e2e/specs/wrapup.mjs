// The end of a cohort (issue #4): an organizer computes completion, a builder
// overrides one result with a reason, the organizer closes the cohort and
// reads its statistics and CSV; then certificates: issued for the closed
// cohort, downloaded as a PDF by a completer, verified by anyone without an
// account, revoked. Each test seeds its own cohort through the JSON API
// (proposals → recruiting → selection → wrap-up, as the academy pages are
// tested elsewhere) with a fresh builder and fresh runners.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { test } from "../lib/harness.mjs";
import { acceptConfirmations, demo, expectNotice, kLanguages, logIn, navigate, signUp, t, text, unique } from "../lib/moim.mjs";

const kDay = 24 * 3600_000;
const kPhases = ["proposals", "recruiting", "selection", "running", "wrap_up", "closed"];

async function call(page, method, path, data) {
  // State changes go as JSON (moim refuses other cookie-authenticated ones).
  const response = await page.request.fetch(path, {
    method,
    ...(method === "GET" ? {} : { data: data ?? {} }),
  });
  const body = await response.text();
  assert.ok(response.ok(), `${method} ${path} -> ${response.status()} ${body.slice(0, 300)}`);
  return body ? JSON.parse(body) : null;
}

function api(page, method, path, data) {
  return call(page, method, `/api/v1/communities/${demo.slug}${path}`, data);
}

// Ten-day phase windows back to back with `current` holding now, as the API takes them.
function phases(current) {
  const first = Date.now() - kDay - kPhases.indexOf(current) * 10 * kDay;
  const at = (ms) => new Date(ms).toISOString().slice(0, 16) + ":00Z";
  const windows = {};
  for (const [idx, phase] of kPhases.entries()) {
    windows[`${phase}_starts_at`] = at(first + idx * 10 * kDay);
    windows[`${phase}_ends_at`] = at(first + (idx + 1) * 10 * kDay);
  }
  return windows;
}

// A signed-up member of the demo community, in their own browser.
async function member(visit, lang, role) {
  const page = await visit({ lang });
  acceptConfirmations(page);
  const id = unique(`wrap-${role}-${lang}`);
  const name = lang === "ko" ? `${role === "builder" ? "빌더" : "러너"} ${id}` : `${role} ${id}`;
  await signUp(page, lang, { name, email: `${id}@e2e.moim.test`, password: "a long enough passphrase" });
  await api(page, "POST", "/membership");
  return { page, name };
}

// A fresh cohort in its wrap-up phase: one approved project led by a new
// builder, with `runnerCount` new runners who applied, were placed by the
// selection and confirmed their seats. The cohort's rules ask for nothing,
// so everyone computes as completed.
async function cohortInWrapUp(visit, lang, runnerCount) {
  const organizer = await visit({ lang });
  acceptConfirmations(organizer);
  const [, builder, ...runners] = await Promise.all([
    logIn(organizer, lang, demo.organizer, demo.password),
    member(visit, lang, "builder"),
    ...Array.from({ length: runnerCount }, () => member(visit, lang, "runner")),
  ]);
  const key = `wrap-${lang}-${Date.now().toString(36)}`;
  const name = `${lang === "ko" ? "수료" : "Wrap-up"} ${key}`.slice(0, 40);
  await api(organizer, "POST", "/cohorts", {
    key, name, ...phases("proposals"),
    min_attendance_percent: 0, min_submissions: 0, retrospective_required: false,
  });
  const title = lang === "ko" ? `수료 스터디 ${key}` : `Completion study ${key}`;
  const { project } = await api(builder.page, "POST", `/cohorts/${key}/projects`, {
    title, kind: "study", level: "beginner", language: lang, mode: "online", weekday: 2,
    start_time: "20:00", duration_minutes: 90,
    // Within the cohort's running phase (days 29 to 39 from now): issue #12.
    starts_on: new Date(Date.now() + 31 * kDay).toISOString().slice(0, 10),
    ends_on: new Date(Date.now() + 37 * kDay).toISOString().slice(0, 10),
    min_runners: 1, max_runners: 5,
  });
  await api(organizer, "POST", `/projects/${project.id}/review`, { decision: "approve" });

  await api(organizer, "PATCH", `/cohorts/${key}`, phases("recruiting"));
  for (const runner of runners) {
    await api(runner.page, "PUT", `/cohorts/${key}/application`, { choices: [{ project_id: project.id, answers: [] }] });
  }
  await api(organizer, "PATCH", `/cohorts/${key}`, phases("selection"));
  const { run } = await api(organizer, "POST", `/cohorts/${key}/allocation/runs`, {});
  await api(organizer, "POST", `/cohorts/${key}/allocation/publish`, { run_id: run.id });
  for (const runner of runners) await api(runner.page, "POST", `/cohorts/${key}/seat`, { confirm: true });
  await api(organizer, "PATCH", `/cohorts/${key}`, phases("wrap_up"));
  return { organizer, builder, runners, key, name, project: { id: project.id, title } };
}

function escaped(textToMatch) {
  return textToMatch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The text of a PDF, or null when poppler's pdftotext is not installed.
function pdfText(file) {
  const result = spawnSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  if (result.error?.code === "ENOENT") return null;
  assert.equal(result.status, 0, `pdftotext: ${result.stderr}`);
  return result.stdout;
}

for (const lang of kLanguages) {
  test(`[${lang}] wrap-up: the organizer computes, a builder overrides with a reason, the cohort closes with statistics and a CSV`, async (visit) => {
    const { organizer, builder, runners, key, name, project } = await cohortInWrapUp(visit, lang, 2);
    const [stays, leaves] = runners;
    const cohortPath = `/c/${demo.slug}/cohorts/${key}`;

    // From the cohort page to its wrap-up; nothing computed yet.
    await organizer.goto(cohortPath);
    await navigate(organizer, organizer.locator("main").getByRole("link", { name: t(lang, "wrap_up_title"), exact: true }));
    assert.equal(new URL(organizer.url()).pathname, `${cohortPath}/wrap-up`);
    assert.equal(await text(organizer.locator("main h1")), `${name} · ${t(lang, "wrap_up_title")}`);
    assert.match(await text(organizer.locator("main section", { hasText: project.title })), new RegExp(escaped(t(lang, "wrap_up_no_results"))));
    await navigate(organizer, organizer.getByTestId("compute"));
    await expectNotice(organizer, lang, "notice_wrap_up_computed");
    const section = organizer.locator("main section", { hasText: project.title });
    for (const person of [builder, ...runners]) {
      const row = section.locator("tr", { hasText: person.name });
      assert.equal(await text(row.getByTestId("outcome")), t(lang, "wrap_up_outcome_completed"), `${person.name} completed`);
    }
    assert.match(await text(section.locator("tr", { hasText: builder.name })), new RegExp(t(lang, "wrap_up_role_builder")));

    // The builder, on the project's wrap-up page, marks one runner as dropped out, with a reason.
    const reason = lang === "ko" ? "6주차부터 연락이 닿지 않음" : "Out of touch since week 6";
    await builder.page.goto(`/c/${demo.slug}/projects/${project.id}/wrap-up`);
    assert.equal(await text(builder.page.locator("main h1")), `${project.title} · ${t(lang, "wrap_up_title")}`);
    const row = builder.page.locator("tr", { hasText: leaves.name });
    await row.getByLabel(t(lang, "wrap_up_outcome"), { exact: true }).selectOption({ label: t(lang, "wrap_up_outcome_dropped") });
    await row.getByLabel(t(lang, "wrap_up_reason"), { exact: true }).fill(reason);
    await navigate(builder.page, row.getByRole("button", { name: t(lang, "wrap_up_confirm"), exact: true }));
    await expectNotice(builder.page, lang, "notice_activity_saved");
    const decided = builder.page.locator("tr", { hasText: leaves.name });
    // ✓: a decision someone made (confirmed or overridden), kept when results are computed again.
    assert.equal(await text(decided.getByTestId("outcome")), `${t(lang, "wrap_up_outcome_dropped")} ✓\n${reason}`);
    assert.equal(await text(builder.page.getByTestId("project-rate")), `${t(lang, "wrap_up_rate")}: 66.7%`);

    // The organizer sees the override, then closes the cohort: results are final.
    await organizer.reload();
    assert.match(await text(organizer.locator("tr", { hasText: leaves.name }).getByTestId("outcome")), new RegExp(escaped(reason)));
    await organizer.getByLabel(t(lang, "wrap_up_close_confirm")).check();
    await navigate(organizer, organizer.getByTestId("close"));
    await expectNotice(organizer, lang, "notice_wrap_up_closed");
    assert.match(await text(organizer.getByTestId("closed")), new RegExp(`^${escaped(t(lang, "wrap_up_closed_note"))}`));
    assert.equal(await organizer.getByTestId("compute").count(), 0, "no computing after closing");
    assert.equal(await organizer.getByTestId("close").count(), 0, "closed once");
    assert.equal(await organizer.locator("main select").count(), 0, "no result can be changed");
    assert.equal(await text(organizer.locator("tr", { hasText: stays.name }).getByTestId("outcome")), t(lang, "wrap_up_outcome_completed"));
    await builder.page.reload();
    assert.equal(await builder.page.locator("main select").count(), 0, "the builder's page is final too");

    // Statistics: the rate (2 completed, 1 dropped) and the SVG chart with a bar for the project.
    await navigate(organizer, organizer.locator("main").getByRole("link", { name: t(lang, "statistics_title"), exact: true }));
    assert.equal(new URL(organizer.url()).pathname, `${cohortPath}/statistics`);
    assert.match(await text(organizer.getByTestId("cohort-rate")), new RegExp(`^${escaped(t(lang, "wrap_up_rate"))}: 66\\.7%`));
    const chart = organizer.locator("main figure svg[role=img]").first();
    assert.equal(await chart.count(), 1, "an SVG chart");
    assert.match(await chart.locator("title").first().textContent(), new RegExp(escaped(t(lang, "statistics_rate_chart"))));
    assert.equal(await chart.locator("g > title", { hasText: `${project.title}: 66.7%` }).count(), 1, "a bar for the project");
    assert.ok(await chart.locator("rect").count() >= 1, "the bar is drawn");
    // What moim did beside what people did by hand (issue #16): the seat the
    // runner kept counts for moim; proposals, reviews, phases and the
    // decisions of this wrap-up count by hand.
    const count = organizer.getByTestId("organizer-count");
    assert.equal(await count.getByRole("heading", { name: t(lang, "count_title") }).count(), 1);
    assert.match(await text(count.getByTestId("count-moim")), new RegExp(`^${escaped(t(lang, "count_moim"))} [1-9]\\d*$`));
    assert.match(await text(count.getByTestId("count-hand")), new RegExp(`^${escaped(t(lang, "count_by_hand"))} [1-9]\\d*$`));
    assert.equal(await count.getByRole("rowheader", { name: t(lang, "count_seats"), exact: true }).count(), 1, "the seats moim filled");
    assert.equal(await count.getByRole("rowheader", { name: t(lang, "audit_area_activity"), exact: true }).count(), 1, "the wrap-up decided by hand");

    // The CSV: UTF-8 with a BOM, one line per result, final, with the reason.
    const [download] = await Promise.all([
      organizer.waitForEvent("download"),
      organizer.locator("main").getByRole("link", { name: t(lang, "wrap_up_csv"), exact: true }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `${demo.slug}-${key}-completion.csv`);
    const csv = fs.readFileSync(await download.path(), "utf8");
    // Each line also carries its project's seats, drop-outs and completion
    // rate (completed ÷ everyone who held a seat).
    // Headers and values in the viewer's language (issue #12).
    const columns = ["cohort", "project_id", "project", "user_id", "name", "role", "computed", "outcome",
      "override_reason", "confirmed", "final", "project_seated", "project_dropped", "project_completion_rate"];
    assert.ok(csv.startsWith(`\uFEFF${columns.map((column) => t(lang, `csv_${column}`)).join(",")}\r\n`), csv.slice(0, 160));
    const lines = csv.trim().split("\r\n").slice(1);
    assert.equal(lines.length, 3, "the builder and two runners");
    const leaver = lines.find((line) => line.includes(leaves.name));
    assert.ok(leaver.includes(`,${t(lang, "stage_runner")},${t(lang, "wrap_up_outcome_completed")},${t(lang, "wrap_up_outcome_dropped")},${reason},`), leaver);
    const cells = lines.map((line) => line.split(","));
    assert.ok(cells.every((row) => row[10] === t(lang, "csv_flag_1")), "every result is final");
    assert.ok(cells.every((row) => row[11] === String(lines.length)), "everyone listed held a seat in the project");
  });

  test(`[${lang}] certificates: issued for a closed cohort, downloaded as a PDF, verified without an account, revoked`, async (visit) => {
    const { organizer, builder, runners, key, name, project } = await cohortInWrapUp(visit, lang, 1);
    const [runner] = runners;
    await api(organizer, "POST", `/cohorts/${key}/wrap-up/compute`);
    await api(organizer, "POST", `/cohorts/${key}/wrap-up/close`);

    // The organizer finds the cohort in the certificate settings and issues to every completer.
    await organizer.goto(`/c/${demo.slug}`);
    await navigate(organizer, organizer.locator("main").getByRole("link", { name: t(lang, "certificates_settings_title"), exact: true }));
    await navigate(organizer, organizer.locator("tr", { hasText: name }).getByRole("link", { name: t(lang, "certificates_cohort_title") }));
    assert.equal(new URL(organizer.url()).pathname, `/c/${demo.slug}/cohorts/${key}/certificates`);
    assert.equal(await text(organizer.getByTestId("completers")), "2");
    await navigate(organizer, organizer.getByRole("button", { name: t(lang, "certificates_issue_button"), exact: true }));
    await expectNotice(organizer, lang, "notice_certificates_issued");
    assert.equal(await text(organizer.getByTestId("issued-now")), "2");
    assert.equal(await organizer.getByTestId("certificate-row").count(), 2);

    // The runner finds it under "my certificates" and downloads the PDF.
    const me = runner.page;
    await me.goto("/me");
    await navigate(me, me.locator("main").getByRole("link", { name: t(lang, "certificates_mine_title"), exact: true }));
    const card = me.getByTestId("my-certificate");
    assert.equal(await card.count(), 1, "one certificate");
    assert.match(await text(card.locator("h2")), new RegExp(escaped(project.title)));
    assert.match(await text(card), new RegExp(`${escaped(name)} · ${t(lang, "wrap_up_role_runner")}`));
    const pdfLink = card.getByRole("link", { name: t(lang, "certificates_download"), exact: true });
    const pdfPath = await pdfLink.getAttribute("href");
    const number = pdfPath.match(/^\/certificates\/(CERT-\d{6}-[0-9A-Z]{8})\.pdf$/)?.[1];
    assert.ok(number, `a certificate number in ${pdfPath}`);
    const [download] = await Promise.all([me.waitForEvent("download"), pdfLink.click()]);
    assert.equal(download.suggestedFilename(), `${number}.pdf`);
    const file = await download.path();
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString("latin1"), "%PDF-");
    const served = await me.request.get(pdfPath);
    assert.equal(served.headers()["content-type"], "application/pdf");
    const words = pdfText(file);
    if (words !== null) {
      assert.ok(words.includes(runner.name), `${runner.name} printed on the certificate`);
      assert.ok(words.includes(number), "the number printed on the certificate");
    }

    // Anyone, logged out, follows the verification link: genuine, with what the certificate says.
    const verifyPath = await card.getByRole("link", { name: t(lang, "certificates_verify_link"), exact: true }).getAttribute("href");
    assert.equal(verifyPath, `/verify/${number}`);
    const stranger = await visit({ lang });
    const answer = await stranger.goto(verifyPath);
    assert.equal(answer.status(), 200);
    assert.equal(await text(stranger.getByTestId("verify-status")), t(lang, "cert_verify_valid"));
    assert.equal(await text(stranger.getByTestId("verify-number")), number);
    assert.equal(await text(stranger.getByTestId("verify-name")), runner.name);
    assert.match(await text(stranger.locator("main dl")), new RegExp(escaped(project.title)));
    assert.ok(!(await stranger.content()).includes("@e2e.moim.test"), "no email address on the public page");
    const refused = await stranger.request.get(pdfPath, { maxRedirects: 0 });
    assert.notEqual(refused.headers()["content-type"], "application/pdf", "a stranger cannot download it");

    // The organizer revokes it, with a reason; the public page then says revoked, not why.
    const revokeReason = lang === "ko" ? "이름 표기 오류" : "Misspelt name";
    const certRow = organizer.locator("tr[data-testid=certificate-row]", { hasText: runner.name });
    await certRow.getByLabel(t(lang, "certificates_revoke_reason"), { exact: true }).fill(revokeReason);
    await navigate(organizer, certRow.getByRole("button", { name: t(lang, "certificates_revoke"), exact: true }));
    await expectNotice(organizer, lang, "notice_certificates_revoked");
    assert.match(await text(organizer.locator("tr[data-testid=certificate-row]", { hasText: runner.name })),
      new RegExp(`${t(lang, "certificates_revoked_badge")}.*${escaped(revokeReason)}`));
    await stranger.reload();
    assert.match(await text(stranger.getByTestId("verify-status")), new RegExp(`^${escaped(t(lang, "cert_verify_revoked"))} \\d{4}-\\d{2}-\\d{2}$`));
    assert.equal(await text(stranger.getByTestId("verify-name")), runner.name);
    assert.ok(!(await stranger.content()).includes(revokeReason), "the reason stays private");
    await me.reload();
    assert.equal(await card.getByRole("link", { name: t(lang, "certificates_download"), exact: true }).count(), 0,
      "no download of a revoked certificate");
    assert.match(await text(card), new RegExp(t(lang, "certificates_revoked_badge")));

    // The builder's certificate is untouched; an unknown number is not found.
    const builderCertificates = await call(builder.page, "GET", "/api/v1/me/certificates");
    assert.equal(builderCertificates.certificates.length, 1);
    assert.equal(builderCertificates.certificates[0].revoked_at, null);
    const unknown = await stranger.goto("/verify/CERT-209912-ZZZZZZZZ");
    assert.equal(unknown.status(), 404);
    assert.match(await text(stranger.getByTestId("verify-status")), new RegExp(`^${escaped(t(lang, "cert_verify_unknown"))}`));
  });
}
