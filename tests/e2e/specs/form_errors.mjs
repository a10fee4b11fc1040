// Validation errors are no dead ends (issue #12, point 7): a refused form
// comes back in place, the field at fault marked (aria-invalid and a message
// beside it, in the page's language) and what was typed kept. Before, each of
// these answered an error page with only "home" on it.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { button, demo, expectLanguage, field, kLanguages, logIn, navigate, t, text, unique } from "../lib/moim.mjs";
import { api, labWithRunner, minutesFromNow } from "./activity.mjs";

// The control is marked and the message next to it says `key`'s text.
async function expectMarked(page, lang, control, key, limit = "") {
  await expectLanguage(page, lang);
  assert.equal(await control.getAttribute("aria-invalid"), "true", `marked on ${page.url()}`);
  const describedBy = await control.getAttribute("aria-describedby");
  assert.ok(describedBy, "the control points at its message");
  const id = describedBy.split(/\s+/).find((each) => each.startsWith("error-"));
  const message = page.locator(`[id="${id}"]`);
  assert.equal(await message.getAttribute("role"), "alert");
  assert.equal(await text(message), t(lang, key).replace("{limit}", limit));
  assert.equal(await page.locator("main [role=alert]").count(), 1, "one message, beside the field");
}

async function newCohortForm(page, lang) {
  await logIn(page, lang, demo.organizer, demo.password);
  await page.goto(`/c/${demo.slug}/cohorts`);
  const key = unique("e2e-form");
  await page.locator("input#key").fill(key);
  await page.locator("input#name").fill(`${key} name`);
  const start = new Date(Date.now() + 60 * 24 * 3600_000).toISOString().slice(0, 10);
  await page.locator("input#template_start").fill(start);
  await navigate(page, button(page, lang, "template_fill"));
  return key;
}

function createButton(page, lang) {
  return button(page, lang, "cohort_create_submit");
}

for (const lang of kLanguages) {
  test(`[${lang}] form errors: a wrong check-in code on a phone keeps the form and marks the code`, async (visit) => {
    const { builder, runner, lab } = await labWithRunner(visit, lang, { runnerViewport: { width: 390, height: 844 } });
    const { session } = await api(builder, "POST", `/projects/${lab.id}/sessions`, { starts_at: minutesFromNow(-1) });
    await builder.goto(`/c/${demo.slug}/projects/${lab.id}/sessions`);
    const card = builder.locator(`li[data-session="${session.id}"]`);
    await navigate(builder, card.getByRole("button", { name: t(lang, "check_in_open"), exact: true }));
    const code = await text(builder.getByTestId("check-in-code"));
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");

    await runner.goto(`/c/${demo.slug}/sessions/${session.id}/check-in`);
    await field(runner, lang, "check_in_code").fill(wrong);
    const answer = runner.waitForResponse((response) => response.request().method() === "POST");
    await navigate(runner, button(runner, lang, "check_in_submit"));
    assert.equal((await answer).status(), 400);
    const input = field(runner, lang, "check_in_code");
    await expectMarked(runner, lang, input, "error_invalid_code");
    assert.equal(await input.inputValue(), wrong, "what was typed is kept");
    // The same form works at once with the right code.
    await input.fill(code);
    await navigate(runner, button(runner, lang, "check_in_submit"));
    assert.match(await text(runner.getByTestId("checked-in")), new RegExp(t(lang, "attendance_present")));
  });

  test(`[${lang}] form errors: a cohort whose phase ends before it starts comes back marked`, async (visit) => {
    const page = await visit({ lang });
    const key = await newCohortForm(page, lang);
    const starts = await page.locator("input[name=running_starts_at]").inputValue();
    await page.locator("input[name=running_ends_at]").fill(starts);
    await page.locator("textarea#description").fill(lang === "ko" ? "설명은 그대로" : "kept description");
    await navigate(page, createButton(page, lang));
    await expectMarked(page, lang, page.locator("input[name=running_starts_at]"), "error_reason_phase_ends_before_start");
    assert.equal(await page.locator("input#key").inputValue(), key);
    assert.equal(await page.locator("input[name=running_ends_at]").inputValue(), starts);
    assert.equal(await page.locator("textarea#description").inputValue(), lang === "ko" ? "설명은 그대로" : "kept description");
  });

  test(`[${lang}] form errors: a 10,000-character description comes back marked and kept`, async (visit) => {
    const page = await visit({ lang });
    const key = await newCohortForm(page, lang);
    const long = "가".repeat(10_000);
    // What a client without the maxlength check (or a paste into an old browser) sends.
    await page.locator("textarea#description").evaluate((area, value) => {
      area.removeAttribute("maxlength");
      area.value = value;
    }, long);
    const answer = page.waitForResponse((response) => response.request().method() === "POST");
    await navigate(page, createButton(page, lang));
    assert.equal((await answer).status(), 400);
    const description = page.locator("textarea#description");
    await expectMarked(page, lang, description, "error_reason_too_long", "2000");
    assert.equal((await description.inputValue()).length, 10_000, "the text is kept to shorten");
    assert.equal(await page.locator("input#key").inputValue(), key);
  });
}
