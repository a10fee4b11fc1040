// Basic accessibility on every page kind: landmarks, one h1, labelled
// controls, named buttons and links, unique ids; and the login form by
// keyboard alone, in a sensible focus order with a visible focus ring.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { demo, env, expectLanguage, expectSignedIn, field, kLanguages, logIn, t } from "../lib/moim.mjs";

// Problems found on the current page, as readable strings (none: an empty list).
function auditPage(page) {
  return page.evaluate(() => {
    const problems = [];
    const describe = (el) =>
      `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ""}${el.name ? ` name="${el.name}"` : ""}>`;
    const count = (selector) => document.querySelectorAll(selector).length;
    if (count("body > header, [role=banner]") !== 1) problems.push("one banner (body > header)");
    if (count("main") !== 1) problems.push("one <main>");
    if (count("body > footer, [role=contentinfo]") !== 1) problems.push("one contentinfo (body > footer)");
    if (count("nav[aria-label]") < 1) problems.push("a labelled <nav>");
    if (count("h1") !== 1) problems.push(`one <h1> (found ${count("h1")})`);
    for (const control of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      const labelText = [...(control.labels || [])].map((label) => label.textContent.trim()).join(" ");
      const named = labelText || control.getAttribute("aria-label") || control.getAttribute("aria-labelledby");
      if (!named) problems.push(`${describe(control)} has no label`);
    }
    for (const el of document.querySelectorAll("a[href], button")) {
      // As browsers name a link: its text, its aria-label, or the alt text of its images.
      const imageAlts = [...el.querySelectorAll("img[alt]")].map((img) => img.alt.trim()).join(" ");
      const name = (el.innerText || el.textContent || "").trim() || el.getAttribute("aria-label") || imageAlts;
      if (!name) problems.push(`${describe(el)} has no accessible name`);
    }
    const seen = new Set();
    for (const el of document.querySelectorAll("[id]")) {
      if (seen.has(el.id)) problems.push(`duplicate id "${el.id}"`);
      seen.add(el.id);
    }
    return problems;
  });
}

// The activity pages of the demo lab and cohort 7 (issue #4), as an organizer sees them.
export async function activityPaths(page) {
  const api = `/api/v1/communities/${demo.slug}`;
  const { labs } = await (await page.request.get(`${api}/labs`)).json();
  const lab = labs.find((item) => item.title.startsWith("Pseudo-Lab 상시 연구 랩"));
  const { deadlines } = await (await page.request.get(`${api}/projects/${lab.id}/deadlines`)).json();
  const base = `/c/${demo.slug}`;
  return [`${base}/me`, `${base}/logs`, `${base}/projects/${lab.id}/deadlines`, `${base}/deadlines/${deadlines[0].id}`,
    `${base}/projects/${lab.id}/retrospectives`, `${base}/cohorts/7/retrospectives`, `${base}/cohorts/7/deadlines`,
    `${base}/cohorts/7/writing-settings`];
}

// The academy pages issue #12 changed, as an organizer sees them: the cohort
// form with its phase template, a cohort with "start the next phase", the
// proposal form's co-builder picker and the applicants page's co-runner
// search with results.
export async function academyPaths(page) {
  const api = `/api/v1/communities/${demo.slug}`;
  const { projects } = await (await page.request.get(`${api}/cohorts/7/projects`)).json();
  const base = `/c/${demo.slug}`;
  return [`${base}/cohorts`, `${base}/cohorts/7`, `${base}/cohorts/7/propose`,
    `${base}/projects/${projects[0].id}/applicants?who=${encodeURIComponent("서연")}`];
}

// The wrap-up and certificate pages (issue #4) of the demo's closed 6기, as an organizer sees them.
export async function wrapUpPaths(page) {
  const api = `/api/v1/communities/${demo.slug}`;
  const { projects } = await (await page.request.get(`${api}/cohorts/6/projects`)).json();
  const { certificates } = await (await page.request.get(`${api}/cohorts/6/certificates`)).json();
  const base = `/c/${demo.slug}`;
  return [`${base}/cohorts/6/wrap-up`, `${base}/projects/${projects[0].id}/wrap-up`, `${base}/cohorts/6/statistics`,
    `${base}/statistics`, `${base}/certificates`, `${base}/cohorts/6/certificates`, "/certificates", "/verify",
    `/verify/${certificates[0].number}`];
}

// The events pages (issue #13) of the demo's two events, as an organizer
// sees them: the list (upcoming and past), the public page and schedule,
// the organizer's edit, registrations, door, figures, talks and feedback.
export async function eventPaths(page) {
  const api = `/api/v1/communities/${demo.slug}/events`;
  const upcoming = (await (await page.request.get(api)).json()).events;
  const past = (await (await page.request.get(`${api}?when=past`)).json()).events;
  const pseudocon = past.find((event) => event.title === "PseudoCon demo");
  const meetup = upcoming[0];
  const base = `/c/${demo.slug}/events`;
  const paths = [base, `${base}?when=past`, `${base}/new`];
  for (const event of [pseudocon, meetup]) {
    const at = `${base}/${event.id}`;
    paths.push(at, `${at}/schedule`, `${at}/edit`, `${at}/registrations`, `${at}/door`, `${at}/figures`,
      `${at}/talks`, `${at}/talks/review`, `${at}/timetable`);
  }
  paths.push(`${base}/${pseudocon.id}/feedback/results`);
  return paths;
}

// The bingo pages (issue #14) as an organizer who also plays sees them: a
// fresh event with a game and booths, the organizer registered and joined,
// so the board, the settings with the void list, the booths' QR codes, the
// redeem page and the projector all have something to show.
export async function bingoPaths(page) {
  const api = `/api/v1/communities/${demo.slug}/events`;
  const created = await page.request.post(api, {
    data: { title: `Bingo audit ${Date.now().toString(36)}`, starts_at: "2031-06-01T01:00:00Z",
      ends_at: "2031-06-01T09:00:00Z", capacity: 20 },
  });
  assert.equal(created.status(), 201, await created.text());
  const { event } = await created.json();
  const keywords = ["LLM", "RAG", "React", "Vue", "Rust", "C++", "Kotlin", "Swift", "Go"];
  const set = await page.request.put(`${api}/${event.id}/bingo`, {
    data: { size: 3, picks: 2, keywords, prizes: [{ lines: 1, stock: 5 }], booths: [{ name: "Sponsor" }] },
  });
  assert.equal(set.status(), 200, await set.text());
  assert.equal((await page.request.post(`${api}/${event.id}/registrations`, { data: {} })).status(), 201);
  const joined = await page.request.post(`${api}/${event.id}/bingo/players`, { data: { keywords: ["LLM", "Go"] } });
  assert.equal(joined.status(), 201, await joined.text());
  const at = `/c/${demo.slug}/events/${event.id}`;
  return [at, `${at}/bingo`, `${at}/bingo/settings`, `${at}/bingo/booths`, `${at}/bingo/redeem`,
    `${at}/bingo/projector`];
}

// The mentoring pages (issue #18) of the demo's two programs, as their
// organizer sees them: the list and the program form; the running program,
// its review, figures and two pairs' spaces (one the organizer only reads,
// one they mentor in, with its forms); the open program's offer, apply and
// edit forms.
export async function mentoringPaths(page) {
  const api = `/api/v1/communities/${demo.slug}/mentoring/programs`;
  const { programs } = await (await page.request.get(api)).json();
  const running = programs.find((program) => program.name === "글로벌 멘토링 1기");
  const open = programs.find((program) => program.name === "멘토링 2기");
  const { pairs } = await (await page.request.get(`${api}/${running.id}/pairs`)).json();
  const read = pairs.find((pair) => pair.mentor.display_name !== "한지민");
  const mine = pairs.find((pair) => pair.mentor.display_name === "한지민");
  const base = `/c/${demo.slug}/mentoring`;
  const paths = [base, `${base}/new`, `${base}/${running.id}`, `${base}/${running.id}/review`,
    `${base}/${running.id}/figures`, `${base}/${running.id}/pairs/${read.id}`];
  if (mine) paths.push(`${base}/${running.id}/pairs/${mine.id}`);
  paths.push(`${base}/${open.id}`, `${base}/${open.id}/edit`, `${base}/${open.id}/offer`, `${base}/${open.id}/apply`);
  return paths;
}

// The events pages anyone sees logged out: the list, an event, a schedule.
export async function publicEventPaths(page) {
  const api = `/api/v1/communities/${demo.slug}/events`;
  const [meetup] = (await (await page.request.get(api)).json()).events;
  const past = (await (await page.request.get(`${api}?when=past`)).json()).events;
  const pseudocon = past.find((event) => event.title === "PseudoCon demo");
  const base = `/c/${demo.slug}/events`;
  return [base, `${base}/${meetup.id}`, `${base}/${pseudocon.id}`, `${base}/${pseudocon.id}/schedule`];
}

async function firstMemberPath(page) {
  await page.goto(`/c/${demo.slug}/members?q=${encodeURIComponent("서연")}`);
  return page.locator("tbody tr[data-member] a").first().getAttribute("href");
}

for (const lang of kLanguages) {
  test(`[${lang}] every page has landmarks, one h1, labelled controls and named links`, async (visit) => {
    const check = async (page, path) => {
      const response = await page.goto(path);
      assert.equal(response.status(), 200, path);
      await expectLanguage(page, lang);
      assert.deepEqual(await auditPage(page), [], `accessibility problems on ${path}`);
    };
    const anonymous = await visit({ lang });
    for (const path of ["/", "/login", "/signup", "/password/forgot", `/c/${demo.slug}`,
      `/c/${demo.slug}/privacy`]) await check(anonymous, path);
    for (const path of await publicEventPaths(anonymous)) await check(anonymous, path);

    const organizer = await visit({ lang });
    await logIn(organizer, lang, demo.organizer, demo.password);
    const memberPath = await firstMemberPath(organizer);
    for (const path of ["/me", "/me/delete", "/me/consents", `/c/${demo.slug}`, `/c/${demo.slug}/members`, memberPath, `/c/${demo.slug}/settings`,
      `/c/${demo.slug}/audit`, `/c/${demo.slug}/audit?area=member`, `/c/${demo.slug}/retention`,
      `/c/${demo.slug}/privacy`, `/c/${demo.slug}/privacy/edit`]) {
      await check(organizer, path);
    }
    for (const path of await activityPaths(organizer)) await check(organizer, path);
    for (const path of await wrapUpPaths(organizer)) await check(organizer, path);
    for (const path of await academyPaths(organizer)) await check(organizer, path);
    for (const path of await eventPaths(organizer)) await check(organizer, path);
    for (const path of await bingoPaths(organizer)) await check(organizer, path);
    for (const path of await mentoringPaths(organizer)) await check(organizer, path);

    const admin = await visit({ lang });
    await logIn(admin, lang, env.adminEmail, env.adminPassword);
    await check(admin, "/admin");
  });

  test(`[${lang}] the login form works by keyboard alone, in order, with a visible focus`, async (visit) => {
    const page = await visit({ lang });
    await page.goto("/login");
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return {
          tag: el.tagName.toLowerCase(),
          id: el.id,
          text: (el.innerText || el.value || "").trim(),
          outline: getComputedStyle(el).outlineStyle,
        };
      });

    // The first Tab reaches the skip link; it jumps to the content.
    await page.keyboard.press("Tab");
    const skip = await focused();
    assert.deepEqual([skip.tag, skip.text], ["a", t(lang, "skip_to_content")]);
    assert.notEqual(skip.outline, "none", "the skip link shows focus");
    await page.keyboard.press("Enter");
    assert.equal((await focused()).id, "main");

    // From the content: email, password, the submit button, in that order, each visibly focused.
    const order = [];
    for (let step = 0; step < 3; step++) {
      await page.keyboard.press("Tab");
      const now = await focused();
      assert.notEqual(now.outline, "none", `focus is visible on <${now.tag} id="${now.id}">`);
      order.push(now.tag === "button" ? `button:${now.text}` : now.id);
    }
    assert.deepEqual(order, ["email", "password", `button:${t(lang, "login_submit")}`]);

    // Typing and Enter log in, no mouse needed.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.type(demo.member);
    await page.keyboard.press("Tab");
    await page.keyboard.type(demo.password);
    const arrived = page.waitForEvent("framenavigated", (frame) => frame === page.mainFrame());
    await page.keyboard.press("Enter");
    await arrived;
    await page.waitForLoadState("load");
    await expectSignedIn(page, lang, true);
    assert.equal(await field(page, lang, "field_email").count(), 0, "left the login page");
  });
}
