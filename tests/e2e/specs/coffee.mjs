// Coffee chats (docs/coffee-chats.md): an organizer starts a program, a
// member takes part with their free hours and topics, the organizer forms
// the round's groups, and the member finds their group on the program page.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { acceptConfirmations, button, demo, expectNotice, field, kLanguages, logIn, navigate, t, text, unique } from "../lib/moim.mjs";

// Demo runners outside the organizer's circle, one per language so the runs do not meet.
const members = {
  ko: { email: "runner.minjun@moim.demo", name: "최민준" },
  en: { email: "runner.daeun@moim.demo", name: "장다은" },
};
const kOrganizerName = "한지민";

// Ticks hours in the program page's weekly grid ("Wed 20:00").
async function tickHours(page, lang, day, hours) {
  for (const hour of hours) {
    await page.getByRole("checkbox", { name: `${t(lang, day)} ${hour}`, exact: true }).check();
  }
}

for (const lang of kLanguages) {
  test(`[${lang}] coffee: a member opts in with their hours and finds their group once the round is formed`, async (visit) => {
    const organizer = await visit({ lang });
    const member = await visit({ lang });
    acceptConfirmations(organizer);
    await Promise.all([
      logIn(organizer, lang, demo.organizer, demo.password),
      logIn(member, lang, members[lang].email, demo.password),
    ]);

    // A new program in pairs, so the two people taking part make one group.
    const name = unique(`E2E coffee ${lang}`);
    await organizer.goto(`/c/${demo.slug}/coffee`);
    await field(organizer, lang, "coffee_field_name").fill(name);
    await field(organizer, lang, "coffee_size").selectOption({ label: t(lang, "coffee_size_pairs") });
    await navigate(organizer, button(organizer, lang, "coffee_create_submit"));
    assert.equal(await text(organizer.locator("main h1")), name);
    assert.match(new URL(organizer.url()).pathname, new RegExp(`^/c/${demo.slug}/coffee/\\d+$`));
    const programPath = new URL(organizer.url()).pathname;

    // The organizer takes part too: Wednesday evening, LLM.
    await tickHours(organizer, lang, "day_wed", ["20:00"]);
    await field(organizer, lang, "coffee_topics").fill("LLM");
    await navigate(organizer, button(organizer, lang, "coffee_opt_in"));
    await expectNotice(organizer, lang, "notice_coffee_joined");

    // The member finds the program from the list and opts in.
    await member.goto(`/c/${demo.slug}/coffee`);
    await navigate(member, member.locator("main").getByRole("link", { name, exact: true }));
    assert.equal(new URL(member.url()).pathname, programPath);
    assert.equal(await text(member.locator("main p.muted", { hasText: t(lang, "coffee_not_in") })), t(lang, "coffee_not_in"));
    assert.equal(await button(member, lang, "coffee_close_now").count(), 0, "only organizers form groups");
    await field(member, lang, "time_zone").fill("Asia/Seoul");
    await tickHours(member, lang, "day_wed", ["20:00", "21:00"]);
    await tickHours(member, lang, "day_sat", ["10:00"]);
    await field(member, lang, "coffee_topics").fill("LLM, RAG");
    await navigate(member, button(member, lang, "coffee_opt_in"));
    await expectNotice(member, lang, "notice_coffee_joined");
    assert.equal(await text(member.getByTestId("opted-in")), t(lang, "coffee_you_are_in"));
    assert.equal(await text(member.getByTestId("participant-count")), "2");
    for (const hour of ["20:00", "21:00"]) {
      assert.ok(await member.getByRole("checkbox", { name: `${t(lang, "day_wed")} ${hour}`, exact: true }).isChecked(),
        `Wed ${hour} kept`);
    }
    assert.equal(await member.getByTestId("my-group").count(), 0, "no group before the round closes");

    // The organizer forms the groups now.
    await organizer.reload();
    await navigate(organizer, button(organizer, lang, "coffee_close_now"));
    await expectNotice(organizer, lang, "notice_coffee_closed");

    // The member's group: the two of them, a shared topic and the common hour.
    await member.reload();
    const group = member.getByTestId("my-group");
    assert.equal(await group.count(), 1, "the member sees their group");
    const people = (await group.locator("li strong").allInnerTexts()).map((person) => person.trim()).sort();
    assert.deepEqual(people, [members[lang].name, kOrganizerName].sort());
    const me = group.locator("li", { hasText: members[lang].name });
    assert.equal(await me.locator(".tag", { hasText: t(lang, "coffee_you") }).count(), 1, "marked as you");
    assert.match(await text(group), new RegExp(`${t(lang, "coffee_shared_topics")}:\\s*LLM`));
    assert.equal(await group.getByText(t(lang, "coffee_no_common_slots")).count(), 0);
    assert.equal(await group.getByText(`${t(lang, "day_wed")} 20:00`, { exact: true }).count(), 1,
      "Wednesday 20:00 is the hour both are free");
    assert.equal(await group.getByText(`${t(lang, "day_wed")} 21:00`, { exact: true }).count(), 0,
      "an hour only the member gave is not common");
    assert.equal(await group.getByRole("button", { name: t(lang, "coffee_met_yes"), exact: true }).count(), 1);
  });
}

// The demo's year-round lab: its builder and five runners, none of the demo runners above.
const kLabTitle = "Pseudo-Lab 상시 연구 랩 (LLM 평가)";

for (const lang of kLanguages) {
  test(`[${lang}] coffee: a program for one project says so, and a member outside it cannot opt in`, async (visit) => {
    const organizer = await visit({ lang });
    const member = await visit({ lang });
    await Promise.all([
      logIn(organizer, lang, demo.organizer, demo.password),
      logIn(member, lang, members[lang].email, demo.password),
    ]);

    const name = unique(`E2E lab coffee ${lang}`);
    const audience = `${t(lang, "coffee_audience_project")}: ${kLabTitle}`;
    await organizer.goto(`/c/${demo.slug}/coffee`);
    await field(organizer, lang, "coffee_field_name").fill(name);
    await field(organizer, lang, "coffee_audience").selectOption({ label: audience });
    await navigate(organizer, button(organizer, lang, "coffee_create_submit"));
    assert.equal(await text(organizer.locator("main h1")), name);
    assert.equal(await text(organizer.getByTestId("audience")), audience);
    const programPath = new URL(organizer.url()).pathname;

    // The edit page keeps the choice.
    await organizer.goto(`${programPath}/edit`);
    assert.equal(await field(organizer, lang, "coffee_audience").locator("option:checked").innerText(), audience);

    // A demo runner who is not in the lab sees who it is for, and no way to opt in.
    await member.goto(programPath);
    assert.equal(await text(member.getByTestId("audience")), audience);
    assert.match(await text(member.getByTestId("not-in-audience")), new RegExp(t(lang, "coffee_not_in_audience").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    assert.equal(await button(member, lang, "coffee_opt_in").count(), 0, "no opt-in for people outside the audience");
  });
}
