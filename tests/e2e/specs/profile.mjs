// Editing one's profile: saved values come back, bad input is named in the
// visitor's language without losing what was typed, and the chosen language
// overrides the browser's.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import {
  expectAlert, expectLanguage, expectNotice, field, kLanguages, navigate, pathOf, signUp, t, text,
  unique,
} from "../lib/moim.mjs";

for (const lang of kLanguages) {
  test(`[${lang}] profile edit: save, see the public profile, fix a bad link, choose a language`, async (visit) => {
    const id = unique(`profile-${lang}`);
    const page = await visit({ lang });
    await signUp(page, lang, { name: `Before ${id}`, email: `${id}@e2e.moim.test`, password: "profile passphrase" });
    await navigate(page, page.locator("header").getByRole("link", { name: t(lang, "nav_me") }));
    assert.equal(pathOf(page), "/me");

    const form = page.locator("form[action='/me/profile']");
    const save = () => navigate(page, form.getByRole("button", { name: t(lang, "save") }));
    const name = lang === "ko" ? `김모임 ${id}` : `Mo Im ${id}`;
    await field(page, lang, "field_display_name").fill(name);
    await field(page, lang, "field_bio").fill("LLM 논문을 읽고 정리합니다.");
    await field(page, lang, "field_interests").fill("NLP, 추천시스템");
    await form.getByLabel("GitHub", { exact: true }).fill("https://github.com/moim-e2e");
    await save();
    await expectNotice(page, lang, "notice_saved");
    assert.equal(await field(page, lang, "field_display_name").inputValue(), name);
    assert.equal(await field(page, lang, "field_bio").inputValue(), "LLM 논문을 읽고 정리합니다.");
    assert.equal(await field(page, lang, "field_interests").inputValue(), "NLP, 추천시스템");
    // What other members see.
    await navigate(page, page.getByRole("link", { name: t(lang, "profile_view_public") }));
    assert.equal(await text(page.locator("main h1")), name);
    assert.deepEqual((await page.locator("main .tag").allInnerTexts()).map((tag) => tag.trim()), ["NLP", "추천시스템"]);
    assert.equal(await page.getByRole("link", { name: "GitHub" }).getAttribute("href"), "https://github.com/moim-e2e");

    // A blog link that is not a web address: the error names it, and nothing typed is lost.
    await page.goto("/me");
    await field(page, lang, "field_bio").fill("바뀐 소개");
    await field(page, lang, "field_blog").fill("ftp://blog.example.com");
    await save();
    await expectAlert(page, lang, "error_invalid_blog_url");
    assert.equal(await field(page, lang, "field_blog").inputValue(), "ftp://blog.example.com");
    assert.equal(await field(page, lang, "field_bio").inputValue(), "바뀐 소개");
    await page.goto("/me");
    assert.equal(await field(page, lang, "field_bio").inputValue(), "LLM 논문을 읽고 정리합니다.", "nothing was saved");

    // The profile's language wins over the browser's.
    const other = lang === "ko" ? "en" : "ko";
    await field(page, lang, "field_language").selectOption(other);
    await save();
    await expectLanguage(page, other);
    await expectNotice(page, other, "notice_saved");
    await page.goto("/");
    await expectLanguage(page, other);
    assert.equal(await text(page.locator("main h1")), t(other, "home_heading"));
  });
}
