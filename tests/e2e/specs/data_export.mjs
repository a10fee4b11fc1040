// Issue #16 in the browser: "prepare my export" on /me/data; the outbox
// worker builds the ZIP and mails a link; the person opens it signed in and
// gets the ZIP; /me/data lists the export as ready.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { expectNotice, kLanguages, mailsTo, signUp, t, unique } from "../lib/moim.mjs";

async function waitFor(check, what, timeoutMs = 20000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

for (const lang of kLanguages) {
  test(`[${lang}] prepare my export: mailed as a link that downloads the ZIP`, async (visit) => {
    const page = await visit({ lang });
    const email = `${unique("export")}@example.com`;
    await signUp(page, lang, { name: unique("내보낼 사람"), email, password: "export me 2026" });
    await page.goto("/me/data");
    const exports = page.getByTestId("data-exports");
    assert.equal(await exports.count(), 1, "the prepared exports section");
    await Promise.all([
      page.waitForURL(/\/me\/data\?notice=data_export_requested/),
      exports.getByRole("button", { name: t(lang, "privacy_exports_prepare") }).click(),
    ]);
    await expectNotice(page, lang, "notice_data_export_requested");

    const key = "mail_subject_privacy_data_export_ready";
    const mail = await waitFor(
      () => mailsTo(email).find((one) => one.subject === t("ko", key) || one.subject === t("en", key)),
      `the export mail to ${email}`);
    const link = /\/me\/data\/exports\/[A-Za-z0-9_-]+/.exec(mail.text);
    assert.ok(link, "the mail holds the download link");

    // The link, signed in: the ZIP (the page's cookies go with the request).
    const zip = await page.request.get(link[0]);
    assert.equal(zip.status(), 200);
    assert.equal(zip.headers()["content-type"], "application/zip");
    const bytes = await zip.body();
    assert.deepEqual([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], "a ZIP file");
    for (const name of ["README.txt", "profile.json", "data_exports.json"]) {
      assert.ok(bytes.includes(Buffer.from(name)), `${name} in the ZIP`);
    }
    // A forged link: 404.
    assert.equal((await page.request.get("/me/data/exports/forged-token")).status(), 404);

    await page.goto("/me/data");
    const row = page.locator("[data-testid=data-export]").first();
    assert.equal(await row.getAttribute("data-state"), "ready");
    assert.ok((await row.textContent()).includes(t(lang, "privacy_export_state_ready")));
  });
}
