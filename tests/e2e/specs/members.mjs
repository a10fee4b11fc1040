// The organizer's member list on the demo community: search, stage filter,
// CSV export of exactly what is shown; refused to plain members.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { demo, field, kLanguages, logIn, navigate, t, text } from "../lib/moim.mjs";

async function listedEmails(page) {
  return page.locator("tbody tr[data-member]").evaluateAll((rows) => rows.map((row) => row.dataset.member).sort());
}

for (const lang of kLanguages) {
  test(`[${lang}] organizer searches and filters members and exports them as CSV`, async (visit) => {
    const page = await visit({ lang });
    await logIn(page, lang, demo.organizer, demo.password);
    await page.goto(`/c/${demo.slug}`);
    await navigate(page, page.getByRole("link", { name: t(lang, "members_title"), exact: true }));
    const all = await listedEmails(page);
    assert.ok(all.length >= 10, `the demo's members are listed (${all.length})`);
    assert.ok(all.includes(demo.member));

    // Search by a Korean name (the demo applicants include other 서연s).
    const search = page.locator("form[role=search]");
    await field(page, lang, "search").fill("김서연");
    await navigate(page, search.getByRole("button", { name: t(lang, "search") }));
    assert.deepEqual(await listedEmails(page), [demo.member]);
    assert.equal(await field(page, lang, "search").inputValue(), "김서연", "the search stays in the box");

    // Filter by stage (and clear the search).
    await field(page, lang, "search").fill("");
    await search.getByLabel(t(lang, "stage"), { exact: true }).selectOption("builder");
    await navigate(page, search.getByRole("button", { name: t(lang, "search") }));
    const builders = await listedEmails(page);
    assert.equal(builders.length, 5, `five demo builders, got ${builders.join(", ")}`);
    for (const cell of await page.locator("tbody td[data-testid=stage]").allInnerTexts()) {
      assert.equal(cell.trim(), t(lang, "stage_builder"));
    }

    // The CSV link exports the same filtered list, with a BOM for Excel and Korean names intact.
    const link = page.getByRole("link", { name: t(lang, "export_csv") });
    assert.match(await link.getAttribute("href"), /stage=builder/);
    const downloading = page.waitForEvent("download");
    await link.click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), `${demo.slug}-members.csv`);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 byte order mark");
    const lines = bytes.toString("utf8").slice(1).trim().split(/\r?\n/);
    assert.equal(lines.length, 1 + builders.length, `a header and one line per builder:\n${lines.join("\n")}`);
    for (const email of builders) assert.ok(lines.some((line) => line.includes(email)), `${email} in the CSV`);
    assert.ok(lines.some((line) => line.includes("서도윤")), "Korean names survive the export");

    // Nothing matches: the table says so.
    await field(page, lang, "search").fill("no-such-person-zzz");
    await navigate(page, search.getByRole("button", { name: t(lang, "search") }));
    assert.equal(await page.locator("tbody tr[data-member]").count(), 0);
    assert.equal(await text(page.locator("tbody td.muted")), t(lang, "members_none"));
  });

  test(`[${lang}] a plain member may not see the member list or its CSV`, async (visit) => {
    const page = await visit({ lang });
    await logIn(page, lang, demo.member, demo.password);
    for (const path of [`/c/${demo.slug}/members`, `/c/${demo.slug}/members.csv`]) {
      const response = await page.goto(path);
      assert.equal(response.status(), 403, path);
      assert.equal(await text(page.locator("main h1")), t(lang, "error_page_403"), path);
    }
  });
}
