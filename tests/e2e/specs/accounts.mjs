// Logging in and out, the forms' CSRF protection as a real page uses it,
// and the language picker.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import {
  button, demo, expectAlert, expectLanguage, expectNotice, expectSignedIn, field, kLanguages, logIn,
  logOut, navigate, pathOf, t, text,
} from "../lib/moim.mjs";

for (const lang of kLanguages) {
  test(`[${lang}] a wrong password shows the translated error and keeps the email`, async (visit) => {
    const page = await visit({ lang });
    await page.goto("/login");
    const email = lang === "ko" ? "runner.jiho@moim.demo" : "runner.yuna@moim.demo";
    await field(page, lang, "field_email").fill(email);
    await field(page, lang, "field_password").fill("not-the-password");
    const answered = page.waitForResponse((response) => response.request().method() === "POST");
    await navigate(page, button(page, lang, "login_submit"));
    assert.equal((await answered).status(), 401);
    assert.equal(pathOf(page), "/login");
    await expectAlert(page, lang, "error_invalid_credentials");
    assert.equal(await field(page, lang, "field_email").inputValue(), email);
    assert.equal(await field(page, lang, "field_password").inputValue(), "");
    await expectSignedIn(page, lang, false);
    // The right password still works from the page that showed the error.
    await field(page, lang, "field_password").fill(demo.password);
    await navigate(page, button(page, lang, "login_submit"));
    await expectSignedIn(page, lang, true);
  });

  test(`[${lang}] log out, and a protected page sends you back after logging in`, async (visit) => {
    const page = await visit({ lang });
    await logIn(page, lang, demo.member, demo.password);
    await page.goto("/me");
    assert.equal(await text(page.locator("main h1")), t(lang, "me_title"));
    await logOut(page, lang);
    assert.equal(pathOf(page), "/");
    await expectSignedIn(page, lang, false);
    // The old session is gone: /me asks to log in, then returns to /me.
    await page.goto("/me");
    assert.equal(pathOf(page), "/login?next=%2Fme");
    await logIn(page, lang, demo.member, demo.password, { from: null });
    assert.equal(pathOf(page), "/me");
    assert.equal(await text(page.locator("main h1")), t(lang, "me_title"));
  });

  test(`[${lang}] forms carry a CSRF token; a forged or expired one is refused with a clear message`, async (visit) => {
    const page = await visit({ lang });
    // Anonymous: the login form works only with the token its page set.
    await page.goto("/login");
    await page.context().clearCookies();  // as if the browser had dropped the form's cookie
    await field(page, lang, "field_email").fill(demo.member);
    await field(page, lang, "field_password").fill(demo.password);
    const refused = page.waitForResponse((response) => response.request().method() === "POST");
    await navigate(page, button(page, lang, "login_submit"));
    assert.equal((await refused).status(), 403);
    assert.equal(await text(page.locator("main h1")), t(lang, "error_csrf"));
    await expectSignedIn(page, lang, false);

    // Signed in: a profile form with a forged token changes nothing.
    await logIn(page, lang, demo.member, demo.password);
    await page.goto("/me");
    const nameField = field(page, lang, "field_display_name");
    const before = await nameField.inputValue();
    await nameField.fill("forged");
    await page.locator("form[action='/me/profile'] input[name=_csrf]").evaluate((input) => { input.value = "forged"; });
    await navigate(page, page.locator("form[action='/me/profile']").getByRole("button", { name: t(lang, "save") }));
    assert.equal(await text(page.locator("main h1")), t(lang, "error_csrf"));
    await page.goto("/me");
    assert.equal(await nameField.inputValue(), before, "nothing was saved");

    // The untouched form on the same page works.
    await nameField.fill(before);
    await navigate(page, page.locator("form[action='/me/profile']").getByRole("button", { name: t(lang, "save") }));
    await expectNotice(page, lang, "notice_saved");
  });

  test(`[${lang}] the language picker switches language and stays on the same page`, async (visit) => {
    const page = await visit({ lang });
    const other = lang === "ko" ? "en" : "ko";
    await page.goto(`/c/${demo.slug}?from=e2e`);
    await expectLanguage(page, lang);
    // The picker submits itself on change (moim.js); its button is there for keyboards and no-JS.
    const arrived = page.waitForEvent("framenavigated", (frame) => frame === page.mainFrame());
    await page.locator("header").getByLabel(t(lang, "language_label")).selectOption(other);
    await arrived;
    await page.waitForLoadState("load");
    assert.equal(pathOf(page), `/c/${demo.slug}?from=e2e`);
    await expectLanguage(page, other);
    assert.equal(await text(button(page, other, "join")), t(other, "join"));
    // Remembered for the next page too, whatever the browser says.
    await page.goto("/login");
    await expectLanguage(page, other);
    assert.equal(await text(page.locator("main h1")), t(other, "login_title"));
  });
}
