// What a new organizer met on first use (issue #12): fields whose pattern
// the browser silently ignored, and a home page promising what moim does not
// do yet.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { demo, kLanguages, logIn, navigate, t } from "../lib/moim.mjs";
import { api, labWithRunner, minutesFromNow } from "./activity.mjs";

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

for (const lang of kLanguages) {
  // The projector: the code read from the back of the room, and the QR code
  // beside it on one 1280×900 screen (before: body-size text, a QR taller
  // than the screen).
  test(`[${lang}] the check-in projector shows a huge code and a QR that fit 1280×900`, async (visit) => {
    const { builder, lab } = await labWithRunner(visit, lang);
    const { session } = await api(builder, "POST", `/projects/${lab.id}/sessions`, { starts_at: minutesFromNow(-1) });
    await builder.goto(`/c/${demo.slug}/projects/${lab.id}/sessions`);
    const card = builder.locator(`li[data-session="${session.id}"]`);
    await navigate(builder, card.getByRole("button", { name: t(lang, "check_in_open"), exact: true }));
    assert.deepEqual(builder.viewportSize(), { width: 1280, height: 900 });
    const code = builder.getByTestId("check-in-code");
    const fontSize = await code.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    assert.ok(fontSize >= 96, `the code is huge (${fontSize}px)`);
    const codeBox = await code.boundingBox();
    const qrBox = await builder.locator(".qr svg").boundingBox();
    assert.ok(qrBox.height >= 300, `the QR code is large enough to scan (${qrBox.height}px)`);
    for (const [name, box] of [["code", codeBox], ["QR", qrBox]]) {
      assert.ok(box.y >= 0 && box.y + box.height <= 900, `the ${name} fits the screen: ${JSON.stringify(box)}`);
      assert.ok(box.x >= 0 && box.x + box.width <= 1280, `the ${name} fits across: ${JSON.stringify(box)}`);
    }
  });

  // "읽을거리" led to a 404 for 6기 and 7기, whose reading lists are not public.
  test(`[${lang}] no reading-list button leads to a 404`, async (visit) => {
    const page = await visit({ lang });
    await logIn(page, lang, demo.organizer, demo.password);
    for (const cohort of ["6", "7"]) {
      await page.goto(`/c/${demo.slug}/cohorts/${cohort}/deadlines`);
      const links = await page.locator("main a[href*='/reading-list']").evaluateAll((all) => all.map((a) => a.href));
      for (const href of links) {
        const response = await page.request.get(href);
        assert.equal(response.status(), 200, `${href} from the ${cohort} deadlines page`);
      }
    }
  });
}
