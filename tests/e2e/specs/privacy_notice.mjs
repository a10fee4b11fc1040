// Issue #16 in the browser: the community's privacy notice (개인정보
// 처리방침). An organizer publishes it from the settings, a member is asked
// by a banner on the community's pages and agrees, the banner is gone; a new
// version brings it back, and the member agrees on the notice's page.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { demo, expectNotice, field, kLanguages, logIn, navigate, pathOf, t, text, unique } from "../lib/moim.mjs";

async function publish(organizer, lang, ko, en) {
  await field(organizer, lang, "privacy_notice_body_ko").fill(ko);
  await field(organizer, lang, "privacy_notice_body_en").fill(en);
  await navigate(organizer, organizer.getByTestId("privacy-notice-publish"));
  await expectNotice(organizer, lang, "notice_privacy_notice_published");
  assert.equal(pathOf(organizer).split("?")[0], `/c/${demo.slug}/privacy`);
}

// Both languages in one test, one after the other: a version published by
// one language's run would ask the other's member again half-way through.
test(`[ko] [en] privacy notice: publish, the banner asks, agree; a new version asks again`, async (visit) => {
  for (const lang of kLanguages) {
    const organizer = await visit({ lang });
    await logIn(organizer, lang, demo.organizer, demo.password);
    await organizer.goto(`/c/${demo.slug}/settings`);
    await navigate(organizer, organizer.getByRole("link", { name: t(lang, "privacy_notice_settings_link") }));
    assert.equal(pathOf(organizer), `/c/${demo.slug}/privacy/edit`);
    assert.equal(await text(organizer.locator("main h1")), t(lang, "privacy_notice_edit_title"));
    const first = unique("v");
    await publish(organizer, lang, `# 처리방침 ${first}\n\n수집 항목: 이메일`, `# Notice ${first}`);
    const shown = await text(organizer.getByTestId("privacy-notice-body"));
    assert.ok(shown.includes(lang === "ko" ? `처리방침 ${first}` : `Notice ${first}`), shown);

    const member = await visit({ lang });
    await logIn(member, lang, demo.member, demo.password);
    await member.goto(`/c/${demo.slug}`);
    const banner = member.getByTestId("privacy-banner");
    assert.equal(await banner.count(), 1, "the banner asks the member to agree");
    assert.ok((await text(banner)).includes(t(lang, "privacy_notice_banner")));
    await navigate(member, banner.getByRole("button", { name: t(lang, "privacy_notice_agree"), exact: true }));
    assert.equal(pathOf(member), `/c/${demo.slug}`, "back where they were");
    assert.equal(await member.getByTestId("privacy-banner").count(), 0, "agreed: no banner");

    // A new version: the banner is back; its link leads to the notice, agreed there.
    await organizer.goto(`/c/${demo.slug}/privacy/edit`);
    await publish(organizer, lang, `# 처리방침 ${first} 개정`, `# Notice ${first} revised`);
    await member.goto(`/c/${demo.slug}`);
    const again = member.getByTestId("privacy-banner");
    assert.equal(await again.count(), 1, "a new version asks again");
    await navigate(member, again.getByRole("link", { name: t(lang, "privacy_notice_banner_read") }));
    assert.equal(pathOf(member), `/c/${demo.slug}/privacy`);
    assert.ok((await text(member.getByTestId("privacy-notice-body"))).includes("revised") ||
      (await text(member.getByTestId("privacy-notice-body"))).includes("개정"));
    assert.ok(await member.getByTestId("privacy-notice-versions").count() === 1, "earlier versions listed");
    await navigate(member, member.getByTestId("privacy-notice-agree"));
    await expectNotice(member, lang, "notice_privacy_notice_agreed");
    await member.goto(`/c/${demo.slug}`);
    assert.equal(await member.getByTestId("privacy-banner").count(), 0, "agreed again: no banner");
  }
});
