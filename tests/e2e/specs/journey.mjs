// The journey of issue #2: sign up → log in → an admin creates a community →
// a member joins → the organizer finds the member and raises their stage.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import {
  button, env, expectLanguage, expectNotice, expectSignedIn, field, kLanguages, logIn, logOut,
  navigate, pathOf, signUp, t, text, unique,
} from "../lib/moim.mjs";

for (const lang of kLanguages) {
  test(`[${lang}] journey: sign up, log in, admin creates a community, member joins, organizer raises the stage`, async (visit) => {
    const id = unique(lang);
    const member = {
      name: lang === "ko" ? `새내기 ${id}` : `Newcomer ${id}`,
      email: `${id}@e2e.moim.test`,
      password: "a long enough passphrase",
    };

    // Sign up (told to check the mail, as for a taken address), log in,
    // and land on the home page in the browser's language.
    const memberPage = await visit({ lang });
    await signUp(memberPage, lang, member);
    assert.equal(pathOf(memberPage), "/");
    await expectLanguage(memberPage, lang);
    await expectSignedIn(memberPage, lang, true);

    // Log out and back in.
    await logOut(memberPage, lang);
    await expectSignedIn(memberPage, lang, false);
    await logIn(memberPage, lang, member.email, member.password);
    assert.equal(pathOf(memberPage), "/");
    await expectSignedIn(memberPage, lang, true);

    // The platform admin creates a community from the admin page.
    const adminPage = await visit({ lang });
    await logIn(adminPage, lang, env.adminEmail, env.adminPassword);
    await navigate(adminPage, adminPage.locator("header").getByRole("link", { name: t(lang, "nav_admin") }));
    assert.equal(pathOf(adminPage), "/admin");
    const slug = `e2e-${id}`.toLowerCase().slice(0, 40);
    const name = lang === "ko" ? `모임 ${id}` : `Study club ${id}`;
    await field(adminPage, lang, "field_community_name").fill(name);
    await field(adminPage, lang, "field_slug").fill(slug);
    await field(adminPage, lang, "field_description").fill(lang === "ko" ? "함께 논문을 읽어요" : "We read papers together");
    await field(adminPage, lang, "time_zone").fill("Asia/Seoul");
    await field(adminPage, lang, "field_default_language").selectOption(lang);
    await navigate(adminPage, button(adminPage, lang, "admin_create_submit"));
    assert.equal(pathOf(adminPage), `/c/${slug}?notice=saved`);
    await expectNotice(adminPage, lang, "notice_saved");
    assert.equal(await text(adminPage.locator("main h1")), name);
    // Whoever creates a community is its first organizer.
    assert.equal(await text(adminPage.getByTestId("my-stage")), t(lang, "stage_organizer"));

    // The member finds it on the home page and joins.
    await memberPage.goto("/");
    await navigate(memberPage, memberPage.getByRole("link", { name, exact: true }));
    assert.equal(pathOf(memberPage), `/c/${slug}`);
    await navigate(memberPage, button(memberPage, lang, "join"));
    await expectNotice(memberPage, lang, "notice_joined");
    assert.equal(await text(memberPage.getByTestId("my-stage")), t(lang, "stage_observer"));
    assert.equal(await text(memberPage.getByTestId("member-count")), "2");
    // Members do not manage: no members or settings links for them.
    assert.equal(await memberPage.getByRole("link", { name: t(lang, "members_title") }).count(), 0);

    // The organizer opens the member list, searches for the newcomer…
    await adminPage.goto(`/c/${slug}`);
    await navigate(adminPage, adminPage.getByRole("link", { name: t(lang, "members_title"), exact: true }));
    assert.equal(pathOf(adminPage), `/c/${slug}/members`);
    const row = adminPage.locator(`tr[data-member="${member.email}"]`);
    assert.equal(await row.count(), 1, "the new member is listed");
    await field(adminPage, lang, "search").fill(member.name);
    await navigate(adminPage, adminPage.locator("form[role=search]").getByRole("button", { name: t(lang, "search") }));
    assert.equal(await adminPage.locator("tbody tr[data-member]").count(), 1, "the search finds exactly the newcomer");
    assert.equal(await text(row.getByTestId("stage")), t(lang, "stage_observer"));

    // …raises their stage from the list, and comes back to the same filtered list.
    await row.getByLabel(t(lang, "stage"), { exact: true }).selectOption("participant");
    await row.getByLabel(t(lang, "reason"), { exact: true }).fill(lang === "ko" ? "디스코드에서 활발해요" : "active on Discord");
    await navigate(adminPage, row.getByRole("button", { name: t(lang, "apply") }));
    await expectNotice(adminPage, lang, "notice_stage_changed");
    const back = new URL(adminPage.url());
    assert.equal(back.pathname, `/c/${slug}/members`, "back on the member list");
    assert.equal(back.searchParams.get("q"), member.name, "with the organizer's search kept");
    assert.equal(await text(row.getByTestId("stage")), t(lang, "stage_participant"));

    // On the member's own page: the history says who changed what and why; raise once more.
    await navigate(adminPage, row.getByRole("link", { name: member.name }));
    assert.equal(await text(adminPage.getByTestId("stage")), t(lang, "stage_participant"));
    const history = adminPage.locator("table tbody tr");
    assert.equal(await history.count(), 2, "joined, then raised");
    assert.match(await text(history.filter({ hasText: t(lang, "stage_participant") })), lang === "ko" ? /디스코드에서 활발해요/ : /active on Discord/);
    const memberPath = new URL(adminPage.url()).pathname;
    await adminPage.locator("main").getByLabel(t(lang, "stage"), { exact: true }).selectOption("runner");
    await navigate(adminPage, button(adminPage, lang, "apply"));
    assert.equal(new URL(adminPage.url()).pathname, memberPath, "back on the member's page");
    await expectNotice(adminPage, lang, "notice_stage_changed");
    assert.equal(await text(adminPage.getByTestId("stage")), t(lang, "stage_runner"));

    // The member sees the new stage.
    await memberPage.reload();
    assert.equal(await text(memberPage.getByTestId("my-stage")), t(lang, "stage_runner"));
  });
}
