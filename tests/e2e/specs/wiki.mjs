// The wiki (issue #17, docs/wiki.md), in Korean and English: an organizer
// writes a page, edits it, compares the two revisions side by side and
// restores the first; a new member joins the demo community, sees the
// onboarding checklist on their dashboard, reads and confirms each step's
// page, and becomes 소통 (participant), which the organizer sees.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { button, demo, expectNotice, field, kLanguages, logIn, navigate, signUp, t, text, unique } from "../lib/moim.mjs";

for (const lang of kLanguages) {
  test(`[${lang}] wiki: edit a page, see the diff and restore`, async (visit) => {
    const page = await visit({ lang });
    await logIn(page, lang, demo.organizer, demo.password);
    const title = unique(lang === "ko" ? "스터디 규칙" : "Study rules");
    await page.goto(`/c/${demo.slug}/wiki/new`);
    await field(page, lang, "wiki_field_title").fill(title);
    await field(page, lang, "wiki_field_body").fill("# Rules\n\nfirst line\nkept line");
    await navigate(page, button(page, lang, "wiki_save"));
    await expectNotice(page, lang, "wiki_notice_created");
    assert.equal(await text(page.getByTestId("wiki-title")), title);

    await navigate(page, page.getByTestId("wiki-edit"));
    await field(page, lang, "wiki_field_body").fill("# Rules\n\nsecond line\nkept line");
    await field(page, lang, "wiki_field_summary").fill("rewrite");
    await navigate(page, button(page, lang, "wiki_save"));
    await expectNotice(page, lang, "wiki_notice_saved");
    assert.match(await text(page.getByTestId("wiki-body")), /second line/);

    await navigate(page, page.getByTestId("wiki-history"));
    await navigate(page, page.getByTestId("wiki-compare"));
    const changed = page.locator("[data-testid=wiki-diff] tr[data-kind=changed]");
    assert.equal(await changed.count(), 1);
    assert.match(await text(changed.locator("td.line").first()), /first line/);
    assert.match(await text(changed.locator("td.line").last()), /second line/);

    await navigate(page, page.getByTestId("wiki-restore"));
    await expectNotice(page, lang, "wiki_notice_restored");
    assert.match(await text(page.getByTestId("wiki-body")), /first line/);
  });

  test(`[${lang}] wiki: a new member follows the onboarding path and becomes 소통`, async (visit) => {
    const page = await visit({ lang });
    const email = `${unique("onboarding")}@e2e.moim.test`;
    await signUp(page, lang, { name: unique("새회원"), email, password: "onboarding pass 2026" });
    await page.goto(`/c/${demo.slug}`);
    await navigate(page, button(page, lang, "join"));

    await page.goto(`/c/${demo.slug}/me`);
    const card = page.getByTestId("onboarding-card");
    assert.equal(await card.count(), 1, "the checklist on the dashboard");
    const steps = await card.locator("li[data-step] a").evaluateAll((links) => links.map((link) => link.getAttribute("href")));
    assert.ok(steps.length >= 1, "reading steps with their pages");
    for (const href of steps) {
      await page.goto(href);
      await navigate(page, page.getByTestId("wiki-confirm-read"));
      await expectNotice(page, lang, "wiki_notice_step_done");
      assert.equal(await page.getByTestId("wiki-step-done").count(), 1);
    }
    await page.goto(`/c/${demo.slug}/wiki/onboarding`);
    assert.equal(await text(page.getByTestId("onboarding-finished")), t(lang, "wiki_onboarding_finished"));
    await page.goto(`/c/${demo.slug}/me`);
    assert.equal(await page.getByTestId("onboarding-card").count(), 0, "no checklist once finished");

    const organizer = await visit({ lang });
    await logIn(organizer, lang, demo.organizer, demo.password);
    const found = await organizer.request.get(`/api/v1/communities/${demo.slug}/members?q=${encodeURIComponent(email)}`);
    assert.equal(found.status(), 200);
    const members = (await found.json()).members;
    assert.equal(members.length, 1);
    assert.equal(members[0].stage, "participant");
    await organizer.goto(`/c/${demo.slug}/wiki/funnel`);
    assert.ok(Number(await text(organizer.getByTestId("wiki-funnel-finished"))) >= 1);
  });
}
