// Issue #16 in the browser: a member reads and downloads what moim holds
// about them; an organizer reads the audit log by area and sets how long
// the community keeps what it no longer needs.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { demo, expectNotice, field, kLanguages, logIn, navigate, pathOf, t, text } from "../lib/moim.mjs";

for (const lang of kLanguages) {
  test(`[${lang}] my data: every section on one page, and the ZIP to take away`, async (visit) => {
    const page = await visit({ lang });
    await logIn(page, lang, demo.member, demo.password);
    await page.goto("/me");
    await navigate(page, page.getByRole("link", { name: t(lang, "privacy_me_link") }));
    assert.equal(pathOf(page), "/me/data");
    assert.equal(await text(page.locator("main h1")), t(lang, "privacy_data_title"));
    // The profile and the memberships are there, with their records.
    for (const section of ["profile", "memberships"]) {
      const heading = page.locator(`#heading-${section}`);
      assert.equal(await heading.count(), 1, `the ${section} section`);
      assert.ok((await text(heading)).startsWith(t(lang, `privacy_section_${section}`)));
    }
    assert.ok(await page.locator("#section-profile td", { hasText: demo.member }).count() > 0,
      "the member's own address in the profile section");

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: t(lang, "privacy_download") }).click();
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^moim-my-data-\d+\.zip$/);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const zip = Buffer.concat(chunks);
    assert.deepEqual([...zip.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], "a ZIP file");
    for (const name of ["README.txt", "profile.json", "memberships.json", "mails.json"]) {
      assert.ok(zip.includes(Buffer.from(name)), `${name} in the ZIP`);
    }
  });

  test(`[${lang}] organizers: the audit log by area, and the retention periods`, async (visit) => {
    const page = await visit({ lang });
    await logIn(page, lang, demo.organizer, demo.password);
    await page.goto(`/c/${demo.slug}/settings`);
    await navigate(page, page.getByRole("link", { name: t(lang, "audit_link") }));
    assert.equal(pathOf(page), `/c/${demo.slug}/audit`);
    assert.equal(await text(page.locator("main h1")), t(lang, "audit_title"));
    const filters = page.locator("main form[role=search]");
    await field(page, lang, "audit_area").selectOption("member");
    await navigate(page, filters.getByRole("button", { name: t(lang, "search") }));
    const actions = await page.locator("tbody tr[data-action]").evaluateAll(
      (rows) => rows.map((row) => row.dataset.action));
    assert.ok(actions.length > 0, "the demo's stage changes are in the log");
    for (const action of actions) assert.ok(action.startsWith("member."), action);

    await page.goto(`/c/${demo.slug}/settings`);
    await navigate(page, page.getByRole("link", { name: t(lang, "retention_link") }));
    assert.equal(await text(page.locator("main h1")), t(lang, "retention_title"));
    assert.equal(await page.locator("[data-testid=due-count]").count(), 3, "three kinds, each with what is due");
    await field(page, lang, "retention_outbox_days").fill("120");
    await navigate(page, page.getByRole("button", { name: t(lang, "save"), exact: true }));
    await expectNotice(page, lang, "notice_retention_saved");
    assert.equal(await field(page, lang, "retention_outbox_days").inputValue(), "120");
  });
}
