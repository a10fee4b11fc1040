// Screenshots for docs/screenshots/ (issue #12, "the look"): the community
// home, the catalog, a project page, the organizer's cohort page and a phone
// check-in, taken by the browser tests so they stay current. Each is 1280 px
// wide (390 px for the phone) and at most 1600 px high, to keep the PNGs small.
//
// MOIM_E2E_DOC_SHOTS names the folder (default: docs/screenshots/after in
// this checkout); docs/screenshots/before was taken once from the old main
// with this same spec. Korean only: the pictures document the layout, which
// is the same in English, and each set stays a handful of files.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "../lib/harness.mjs";
import { acceptConfirmations, demo, env, logIn, navigate, signUp, t, text, unique } from "../lib/moim.mjs";

const kDesktop = { width: 1280, height: 900 };
const kPhone = { width: 390, height: 844 };
const kMaxHeight = 1600;
const kBuilder = "builder.nerf@moim.demo";  // leads the demo lab (src/app/demo_activity.cpp)

function shotDir() {
  const dir = process.env.MOIM_E2E_DOC_SHOTS || path.join(env.webRoot, "..", "docs", "screenshots", "after");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// The page from `top` (a CSS pixel offset) down, at most kMaxHeight high.
async function shoot(page, name, { top = 0 } = {}) {
  await page.mouse.move(0, 0);  // no hover left from the last click
  await page.evaluate(() => document.fonts.ready);
  const { width, height } = await page.evaluate(() => ({
    width: document.documentElement.clientWidth,
    height: document.documentElement.scrollHeight,
  }));
  const y = Math.max(0, Math.min(top, height - 1));
  const file = path.join(shotDir(), `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y, width, height: Math.min(kMaxHeight, height - y) } });
  assert.ok(fs.statSync(file).size > 10_000, `${file} has content`);
}

async function api(page, method, apiPath, data) {
  const response = await page.request.fetch(`/api/v1/communities/${demo.slug}${apiPath}`, {
    method,
    ...(method === "GET" ? {} : { data: data ?? {} }),
  });
  const body = await response.text();
  assert.ok(response.ok(), `${method} ${apiPath} -> ${response.status()} ${body.slice(0, 300)}`);
  return body ? JSON.parse(body) : null;
}

test("[ko] screenshots: community home, catalog, project, the organizer's cohort page, a phone check-in", async (visit) => {
  const lang = "ko";
  const base = `/c/${demo.slug}`;

  // A member's view of the community home.
  const member = await visit({ lang, viewport: kDesktop });
  await logIn(member, lang, demo.member, demo.password);
  await member.goto(base);
  await shoot(member, "community-home");

  // The catalog of the recruiting cohort, from its heading down.
  await member.goto(`${base}/cohorts/7`);
  const catalogTop = await member.locator("#catalog-heading").evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  await shoot(member, "catalog", { top: Math.max(0, catalogTop - 80) });

  // A project page.
  const { projects } = await api(member, "GET", "/cohorts/7/projects");
  assert.ok(projects.length > 0, "cohort 7 has projects");
  await member.goto(`${base}/projects/${projects[0].id}`);
  await shoot(member, "project");

  // The organizer's cohort page.
  const organizer = await visit({ lang, viewport: kDesktop });
  await logIn(organizer, lang, demo.organizer, demo.password);
  await organizer.goto(`${base}/cohorts/7`);
  await shoot(organizer, "organizer-cohort");

  // A runner checks in on a phone: the builder opens check-in for a session
  // of the demo lab that has just started, the runner opens its check-in page.
  const builder = await visit({ lang, viewport: kDesktop });
  const runner = await visit({ lang, viewport: kPhone });
  acceptConfirmations(builder);
  acceptConfirmations(runner);
  const id = unique("shot");
  const name = `러너 ${id}`;
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
  const startsAt = new Date(Date.now() - 60_000).toISOString().slice(0, 16) + ":00Z";
  const { session } = await api(builder, "POST", `/projects/${lab.id}/sessions`, { starts_at: startsAt, topic: "논문 읽기" });
  await builder.goto(`${base}/projects/${lab.id}/sessions`);
  await navigate(builder, builder.locator(`li[data-session="${session.id}"]`).getByRole("button", { name: t(lang, "check_in_open"), exact: true }));
  await runner.goto(`${base}/me`);
  const next = runner.locator(`li[data-session="${session.id}"]`);
  await navigate(runner, next.getByRole("link", { name: t(lang, "check_in_title"), exact: true }));
  assert.match(await text(runner.locator("main h1")), /\S/);
  await shoot(runner, "phone-check-in");
});
