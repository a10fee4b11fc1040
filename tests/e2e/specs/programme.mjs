// The event schedule on a 390 px phone: readable logged out without sideways
// scrolling, and a signed-in member stars a session (and takes the star off
// again, so each language starts from the same demo).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { saveScreenshot, test } from "../lib/harness.mjs";
import { demo, env, kLanguages, logIn } from "../lib/moim.mjs";

const kPhone = { width: 390, height: 844 };

// The programme's strings live in the room's own catalog file.
function programmeText(lang, key) {
  const catalog = JSON.parse(fs.readFileSync(path.join(env.webRoot, "i18n", lang, "programme.json"), "utf8"));
  assert.ok(catalog[key] !== undefined, `no "${key}" in web/i18n/${lang}/programme.json`);
  return catalog[key];
}

async function schedulePath(page) {
  await page.goto(`/c/${demo.slug}/events`);
  const href = await page.locator("a", { hasText: "PseudoCon demo" }).first().getAttribute("href");
  assert.ok(href, "the demo conference is listed");
  return `${href}/schedule`;
}

async function width(page) {
  return page.evaluate(() => ({
    width: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
  }));
}

for (const lang of kLanguages) {
  test(`[${lang}] the schedule reads on a 390 px phone and a member stars a session`, async (visit) => {
    const anonymous = await visit({ lang, viewport: kPhone });
    const schedule = await schedulePath(anonymous);
    await anonymous.goto(schedule);
    await anonymous.getByRole("heading", { level: 1, name: programmeText(lang, "programme_schedule_title") }).waitFor();
    const sessions = anonymous.locator("[data-testid=schedule-session]");
    assert.ok((await sessions.count()) >= 8, "two tracks of talks, booths and breaks are listed");
    assert.ok(await anonymous.getByText(programmeText(lang, "programme_tier_platinum")).first().isVisible(),
      "sponsors by tier");
    const seen = await width(anonymous);
    if (seen.scrollWidth > seen.width) await saveScreenshot(anonymous, `${lang}-schedule-phone`);
    assert.ok(seen.scrollWidth <= seen.width, `schedule is ${seen.scrollWidth}px wide in ${seen.width}px`);
    assert.equal(await anonymous.locator("[data-testid=star]").count(), 0, "no star buttons logged out");

    const member = await visit({ lang, viewport: kPhone });
    await logIn(member, lang, demo.member, demo.password);
    await member.goto(schedule);
    const card = member.locator("[data-testid=schedule-session]", { has: member.locator("[data-testid=star]") }).first();
    const id = await card.getAttribute("id");
    const star = member.locator(`#${id} [data-testid=star]`);
    const before = await star.getAttribute("aria-pressed");
    // The star is a form: the click starts a navigation that waitForLoadState
    // alone may not wait for, so wait for the new page's button (or time out).
    const toggled = before === "true" ? "false" : "true";
    await star.click();
    await member.locator(`#${id} [data-testid=star][aria-pressed="${toggled}"]`).waitFor({ timeout: 10000 }).catch(() => {});
    assert.equal(await member.locator(`#${id} [data-testid=star]`).getAttribute("aria-pressed"),
      toggled, "the star toggled");
    const label = await member.locator(`#${id} [data-testid=star]`).innerText();
    assert.ok(label.includes(programmeText(lang, before === "true" ? "programme_star" : "programme_starred")));
    const after = await width(member);
    assert.ok(after.scrollWidth <= after.width, `signed-in schedule is ${after.scrollWidth}px wide`);
    // The personal feed address appears once asked for.
    await member.locator("[data-testid=make-feed]").click();
    assert.match(await member.locator("[data-testid=feed-url]").innerText(), /\/starred\/.+\.ics$/);
    // Back as it was.
    await member.locator(`#${id} [data-testid=star]`).click();
    await member.locator(`#${id} [data-testid=star][aria-pressed="${before}"]`).waitFor({ timeout: 10000 }).catch(() => {});
    assert.equal(await member.locator(`#${id} [data-testid=star]`).getAttribute("aria-pressed"), before);
  });
}
