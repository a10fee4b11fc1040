// Issue #16 in the browser: the 개인정보 수집·이용 동의 at sign-up (required
// items refused in place, what was typed kept), then the person's own
// consents page, where withdrawing an optional item takes effect at once.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import {
  button, expectAlert, expectNotice, field, kLanguages, logIn, navigate, pathOf, t, text, unique,
} from "../lib/moim.mjs";

const password = "consent pass 1";

for (const lang of kLanguages) {
  test(`[${lang}] consent at sign-up: required items, optional ones, and changing them later`, async (visit) => {
    const page = await visit({ lang });
    await page.goto("/signup");
    const consents = page.getByTestId("signup-consents");
    assert.equal(await text(consents.locator("legend")), t(lang, "consent_heading"));
    // Each item shows its purpose, the items collected and how long they are kept.
    for (const purpose of ["account", "community_membership", "newsletter", "profile_visible",
      "bingo_name", "discord_link"]) {
      const item = page.getByTestId(`consent-${purpose}`);
      assert.ok((await text(item)).includes(t(lang, `consent_${purpose}_retention`)), purpose);
      const box = item.locator(`input[name="consent_${purpose}"]`);
      assert.equal(await box.isChecked(), false, `${purpose} starts unticked`);
    }
    const name = unique("동의");
    const email = `${unique("consent")}@it.example`;
    await field(page, lang, "field_display_name").fill(name);
    await field(page, lang, "field_email").fill(email);
    await field(page, lang, "field_password").fill(password);
    await page.locator('input[name="consent_account"]').check();
    await page.locator('input[name="consent_newsletter"]').check();
    // The browser would stop at the required box; the server must too.
    await page.locator('input[name="consent_community_membership"]').evaluate((box) => box.removeAttribute("required"));
    const answered = page.waitForResponse((response) => response.request().method() === "POST");
    await navigate(page, button(page, lang, "signup_submit"));
    assert.equal((await answered).status(), 422);
    assert.equal(pathOf(page), "/signup");
    await expectAlert(page, lang, "error_consent_required_consent_community_membership");
    const missing = page.locator('input[name="consent_community_membership"]');
    assert.equal(await missing.getAttribute("aria-invalid"), "true");
    assert.equal(await field(page, lang, "field_display_name").inputValue(), name);
    assert.equal(await field(page, lang, "field_email").inputValue(), email);
    assert.equal(await page.locator('input[name="consent_account"]').isChecked(), true);
    assert.equal(await page.locator('input[name="consent_newsletter"]').isChecked(), true);
    assert.equal(await page.locator('input[name="consent_profile_visible"]').isChecked(), false);

    await field(page, lang, "field_password").fill(password);
    await missing.check();
    await navigate(page, button(page, lang, "signup_submit"));
    await expectNotice(page, lang, "notice_signup_mailed");
    await logIn(page, lang, email, password, { from: null });

    await page.goto("/me");
    await navigate(page, page.getByRole("link", { name: t(lang, "consents_me_link") }));
    assert.equal(pathOf(page), "/me/consents");
    assert.equal(await text(page.locator("main h1")), t(lang, "consents_title"));
    const granted = async (purpose) => page.getByTestId(`consent-${purpose}`).getAttribute("data-granted");
    assert.equal(await granted("account"), "1");
    assert.equal(await granted("community_membership"), "1");
    assert.equal(await granted("newsletter"), "1");
    assert.equal(await granted("profile_visible"), "0");
    assert.equal(await granted("bingo_name"), "0");
    assert.equal(await page.getByTestId("consent-history").locator("tbody tr").count(), 3);
    // Required items cannot be withdrawn here: no button.
    assert.equal(await page.getByTestId("consent-account").getByRole("button").count(), 0);

    await navigate(page, page.getByTestId("consent-newsletter").getByRole("button", { name: t(lang, "consent_withdraw") }));
    await expectNotice(page, lang, "notice_consent_withdrawn");
    assert.equal(await granted("newsletter"), "0");
    await navigate(page, page.getByTestId("consent-profile_visible").getByRole("button", { name: t(lang, "consent_grant") }));
    await expectNotice(page, lang, "notice_consent_granted");
    assert.equal(await granted("profile_visible"), "1");
    assert.equal(await page.getByTestId("consent-history").locator("tbody tr").count(), 4);

    // The export has the section, and links back here.
    await page.goto("/me/data");
    assert.equal(await page.locator("#heading-consents").count(), 1);
    await navigate(page, page.locator("main").getByRole("link", { name: t(lang, "consents_me_link"), exact: true }).first());
    assert.equal(pathOf(page), "/me/consents");
  });
}
