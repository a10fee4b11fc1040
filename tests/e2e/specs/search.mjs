// The community search (issue #17) from the community's page: the box in
// the bar, by keyboard, finds "추천" inside "추천시스템" with the match
// marked; on a phone the box is in the menu; members also find people by
// their public profile; one character is refused with the message by the box.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { demo, kLanguages, logIn, t } from "../lib/moim.mjs";

const kPhone = { width: 390, height: 844 };

// Types into the bar's search box and presses Enter, as a keyboard user.
async function searchFromBar(page, lang, query) {
  const box = page.getByLabel(t(lang, "search_nav_label"), { exact: true });
  await box.focus();
  await box.fill(query);
  const arrived = page.waitForEvent("framenavigated", (frame) => frame === page.mainFrame());
  await page.keyboard.press("Enter");
  await arrived;
  await page.waitForLoadState("load");
}

async function resultKinds(page) {
  return page.locator("[data-testid=search-results] > li").evaluateAll((items) => items.map((item) => item.dataset.kind));
}

for (const lang of kLanguages) {
  test(`[${lang}] search: the bar's box finds "추천" inside "추천시스템", by keyboard, on a phone too`, async (visit) => {
    const page = await visit({ lang });
    await page.goto(`/c/${demo.slug}`);
    await searchFromBar(page, lang, "추천");
    assert.match(page.url(), new RegExp(`/c/${demo.slug}/search\\?q=`));
    assert.equal(await page.locator("h1").innerText(), t(lang, "search_title"));
    const titles = await page.locator("[data-testid=search-results] h3 a").allInnerTexts();
    assert.ok(titles.some((title) => title.includes("추천시스템")), `a project named 추천시스템… in ${titles}`);
    assert.equal(await page.locator("[data-testid=search-results] mark").first().innerText(), "추천");
    // Anonymous visitors find projects and events, never people or logs.
    for (const kind of await resultKinds(page)) assert.ok(["project", "event"].includes(kind), kind);
    // The page's own box keeps the query and has a label.
    assert.equal(await page.getByLabel(t(lang, "search_label"), { exact: true }).inputValue(), "추천");

    const phone = await visit({ lang, viewport: kPhone });
    await phone.goto(`/c/${demo.slug}`);
    await phone.locator(".menu-toggle").click();
    await searchFromBar(phone, lang, "추천시");
    const phoneTitles = await phone.locator("[data-testid=search-results] h3 a").allInnerTexts();
    assert.ok(phoneTitles.some((title) => title.includes("추천시스템")), `${phoneTitles}`);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= kPhone.width, `the results page is ${width}px wide on a phone`);
  });

  test(`[${lang}] search: a member also finds people; one character is refused by the box`, async (visit) => {
    const page = await visit({ lang });
    await logIn(page, lang, demo.member, demo.password);
    await page.goto(`/c/${demo.slug}`);
    await searchFromBar(page, lang, "추천");
    assert.ok((await resultKinds(page)).includes("member"), "a member's public profile among the results");

    // Narrowing to one kind, from the page's own form.
    await page.getByLabel(t(lang, "search_kind_label"), { exact: true }).selectOption("member");
    const arrived = page.waitForEvent("framenavigated", (frame) => frame === page.mainFrame());
    await page.getByLabel(t(lang, "search_label"), { exact: true }).press("Enter");
    await arrived;
    assert.deepEqual([...new Set(await resultKinds(page))], ["member"]);

    await searchFromBar(page, lang, "추");
    const alert = page.locator("[data-testid=search-error]");
    assert.equal(await alert.innerText(), t(lang, "search_error_q_short"));
    assert.equal(await page.getByLabel(t(lang, "search_label"), { exact: true }).getAttribute("aria-invalid"), "true");
  });
}
