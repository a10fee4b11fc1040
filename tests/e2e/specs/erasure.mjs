// Issue #16 in the browser: a member asks to delete the account from /me
// (a wrong password is refused in place), is signed out and mailed the day;
// signing in again before then cancels it, and says so by mail.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { expectSignedIn, field, kLanguages, logIn, mailsTo, navigate, pathOf, signUp, t, text, unique } from "../lib/moim.mjs";

async function waitFor(check, what, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// The mail's subject in either language: the person's language decides it.
function mailWith(address, key) {
  return mailsTo(address).find((mail) => mail.subject === t("ko", key) || mail.subject === t("en", key));
}

for (const lang of kLanguages) {
  test(`[${lang}] delete my account: asked with the password, cancelled by signing in`, async (visit) => {
    const page = await visit({ lang });
    const email = `${unique("erase")}@example.com`;
    const password = "erase me 2026";
    await signUp(page, lang, { name: unique("지울 사람"), email, password });
    await page.goto("/me");
    await navigate(page, page.getByRole("link", { name: t(lang, "erasure_me_link") }));
    assert.equal(pathOf(page), "/me/delete");
    assert.equal(await text(page.locator("main h1")), t(lang, "erasure_title"));
    assert.ok((await text(page.locator("main"))).includes(t(lang, "erasure_what_certificates")));

    // A wrong password: refused in place, the field marked.
    await field(page, lang, "erasure_password").fill("not my password");
    await navigate(page, page.getByRole("button", { name: t(lang, "erasure_confirm") }));
    assert.equal(await field(page, lang, "erasure_password").getAttribute("aria-invalid"), "true");
    assert.ok((await text(page.locator("main"))).includes(t(lang, "error_wrong_password_password")));
    await expectSignedIn(page, lang, true);

    await field(page, lang, "erasure_password").fill(password);
    await navigate(page, page.getByRole("button", { name: t(lang, "erasure_confirm") }));
    assert.equal(await text(page.locator("main h1")), t(lang, "erasure_scheduled_title"));
    assert.match(await text(page.getByTestId("deletion-scheduled")), /\d{4}-\d{2}-\d{2}/);
    await expectSignedIn(page, lang, false);
    await waitFor(() => mailWith(email, "mail_subject_account_deletion_scheduled"), `the scheduled mail to ${email}`);

    // Signing in again cancels it.
    await navigate(page, page.getByRole("link", { name: t(lang, "erasure_scheduled_login") }));
    await logIn(page, lang, email, password, { from: null });
    await expectSignedIn(page, lang, true);
    await waitFor(() => mailWith(email, "mail_subject_account_deletion_cancelled"), `the cancelled mail to ${email}`);
    await page.goto("/me");
    assert.equal(await page.getByRole("link", { name: t(lang, "erasure_me_link") }).count(), 1);
  });
}
