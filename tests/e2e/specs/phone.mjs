// On a phone (390×844) no page scrolls sideways: wide tables scroll inside
// their own container, everything else wraps.
import assert from "node:assert/strict";
import { saveScreenshot, test } from "../lib/harness.mjs";
import { demo, env, kLanguages, logIn } from "../lib/moim.mjs";
import { academyPaths, activityPaths, bingoPaths, eventPaths, publicEventPaths, wrapUpPaths } from "./accessibility.mjs";

const kPhone = { width: 390, height: 844 };

// The page's width, and (when it is too wide) the elements sticking out to the
// right that no scrolling box clips, to say what to fix.
function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    // Inside a box that scrolls or clips (and fits), unless positioned outside of it.
    const clipped = (el) => {
      const position = getComputedStyle(el).position;
      let escaping = position === "absolute" || position === "fixed";
      for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (escaping && position === "absolute" && style.position !== "static") escaping = false;
        if (!escaping && style.overflowX !== "visible" && node.getBoundingClientRect().right <= width + 0.5) return true;
      }
      return false;
    };
    const culprits = [];
    if (scrollWidth > width) {
      for (const el of document.body.querySelectorAll("*")) {
        if (el.getBoundingClientRect().right <= width + 0.5 || clipped(el)) continue;
        const classes = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
        culprits.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${classes}`);
      }
    }
    return { width, scrollWidth, culprits: [...new Set(culprits)].slice(0, 8) };
  });
}

for (const lang of kLanguages) {
  test(`[${lang}] no page scrolls sideways on a 390×844 phone`, async (visit) => {
    const failures = [];
    const check = async (page, path) => {
      await page.goto(path);
      const seen = await overflow(page);
      if (seen.scrollWidth > seen.width) {
        const shot = await saveScreenshot(page, `${lang}-phone-${path}`);
        failures.push(`${path}: ${seen.scrollWidth}px wide in ${seen.width}px (${seen.culprits.join(", ")}) ${shot}`);
      }
    };
    const anonymous = await visit({ lang, viewport: kPhone });
    for (const path of ["/", "/login", "/signup", `/c/${demo.slug}`, `/c/${demo.slug}/cohorts`,
      `/c/${demo.slug}/cohorts/7`]) {
      await check(anonymous, path);
    }
    for (const path of await publicEventPaths(anonymous)) await check(anonymous, path);

    const organizer = await visit({ lang, viewport: kPhone });
    await logIn(organizer, lang, demo.organizer, demo.password);
    await organizer.goto(`/c/${demo.slug}/members?q=${encodeURIComponent("서연")}`);
    const memberPath = await organizer.locator("tbody tr[data-member] a").first().getAttribute("href");
    for (const path of ["/", "/me", `/c/${demo.slug}`, `/c/${demo.slug}/members`, memberPath, `/c/${demo.slug}/settings`,
      `/c/${demo.slug}/cohorts/7/apply`, `/c/${demo.slug}/cohorts/7/selection`, `/c/${demo.slug}/coffee`,
      `/c/${demo.slug}/coffee/1`]) {
      await check(organizer, path);
    }
    for (const path of await activityPaths(organizer)) await check(organizer, path);
    for (const path of await wrapUpPaths(organizer)) await check(organizer, path);
    for (const path of await academyPaths(organizer)) await check(organizer, path);
    for (const path of await eventPaths(organizer)) await check(organizer, path);
    for (const path of await bingoPaths(organizer)) await check(organizer, path);

    const admin = await visit({ lang, viewport: kPhone });
    await logIn(admin, lang, env.adminEmail, env.adminPassword);
    await check(admin, "/admin");

    assert.deepEqual(failures, [], "pages wider than the phone");
  });
}
