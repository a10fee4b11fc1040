// What a new organizer met on first use (issue #12): fields whose pattern
// the browser silently ignored, and a home page promising what moim does not
// do yet.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { demo, kLanguages, logIn, t } from "../lib/moim.mjs";

for (const lang of kLanguages) {
  // Chrome compiles pattern="" with the `v` flag, where "[a-z0-9-]" is not a
  // valid class: the check was off and "Bad Key" only failed on the server.
  test(`[${lang}] the cohort key is checked in the browser as it is typed`, async (visit) => {
    const page = await visit({ lang });
    await logIn(page, lang, demo.organizer, demo.password);
    await page.goto(`/c/${demo.slug}/cohorts`);
    const key = page.locator("input#key");
    await key.fill("Bad Key!");
    assert.equal(await key.evaluate((input) => input.validity.patternMismatch), true, "upper case and spaces are refused");
    await key.fill("8th-cohort-2027");
    assert.equal(await key.evaluate((input) => input.validity.valid), true, "letters, digits and hyphens pass");
  });

  test(`[${lang}] the home page promises only what moim does today`, async (visit) => {
    const page = await visit({ lang });
    await page.goto("/");
    const lead = await page.locator("body").innerText();
    assert.ok(lead.includes(t(lang, "home_lead")), "the lead is shown");
    assert.doesNotMatch(lead, lang === "ko" ? /컨퍼런스/ : /conference/i, "no events room yet");
  });
}
