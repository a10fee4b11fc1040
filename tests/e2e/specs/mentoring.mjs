// Mentoring programs (issue #18, docs/mentoring.md), in Korean and English:
// the organizer opens a program; a mentor in Seoul offers (a bad line of
// hours comes back marked, as typed); a mentee in another time zone applies,
// reading the mentor's hours in their own zone, and ranks the mentor; the
// organizer accepts both, matches, reads why the pair was made, announces,
// and both get the match mail; the mentee proposes a session in their zone,
// the mentor confirms it, and each reads the time in their own zone and the
// other's; the program's figures show the pair and the chart; a third member
// gets "not found" for the pair's page.
//
// Every expected local time is computed here with Intl for the same instant
// in the same zone (tzdata of node's ICU), never copied from moim's code.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import {
  acceptConfirmations, button, demo, expectNotice, field, kLanguages, logIn, mailsTo, navigate, t, text, unique,
} from "../lib/moim.mjs";

// Demo people outside the demo's two mentoring programs (src/app/demo_mentoring.cpp
// signs up the first fifteen of src/app/demo.cpp's list), one set per language.
// The mentee lives in another zone than the mentor (Seoul); the stretches are
// picked so the mentor's hours fall on another clock time (London) or even
// another weekday (New York) there.
const kCast = {
  ko: {
    mentor: { email: "auditor.jun@moim.demo", name: "송준", languages: ["ko", "en"] },
    mentee: { email: "auditor.ha@moim.demo", name: "배하린", zone: "Europe/London", languages: ["ko"] },
    stranger: { email: "observer.yoon@moim.demo" },
    mentorStretch: { weekday: 1, from: "19:00", to: "22:00" },  // Monday evening in Seoul
  },
  en: {
    mentor: { email: "observer.choi@moim.demo", name: "최도현", languages: ["en"] },
    mentee: { email: "observer.sam@moim.demo", name: "Sam Lee", zone: "America/New_York", languages: ["en"] },
    stranger: { email: "observer.lim@moim.demo" },
    mentorStretch: { weekday: 2, from: "09:00", to: "12:00" },  // Tuesday morning in Seoul: Monday evening in New York
  },
};
const kMentorZone = "Asia/Seoul";  // also the demo community's zone (program days are read in it)
const kTopics = ["LLM", "MLOps"];
const kSessions = 4;
const kSessionMinutes = 60;
const kTypedDays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const kIntlDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

// An instant's wall clock in `zone`: its day, time, ISO weekday (1 = Monday).
function wall(instant, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", weekday: "short",
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  }).formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    weekday: kIntlDays.indexOf(parts.weekday) + 1,
    ms: Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute)),
  };
}

// The instant a wall clock `date` `time` names in `zone`.
function instantIn(zone, date, time) {
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let instant = wanted;
  for (let step = 0; step < 3; step++) instant += wanted - wall(new Date(instant), zone).ms;
  const found = new Date(instant);
  assert.equal(wall(found, zone).ms, wanted, `${date} ${time} exists in ${zone}`);
  return found;
}

function addDays(date, days) {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

// The first day from `date` on (in `zone`'s calendar) that is ISO weekday `weekday`.
function nextWeekday(date, weekday) {
  for (let ahead = 0; ahead < 7; ahead++) {
    const day = addDays(date, ahead);
    if (((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1 === weekday) return day;
  }
  throw new Error("no such weekday");
}

const dayName = (lang, weekday) => t(lang, `mentoring_weekday_${weekday}`);
const escaped = (value) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const has = (value) => new RegExp(escaped(value));
const fill = (template, values) =>
  Object.entries(values).reduce((out, [name, value]) => out.replaceAll(`{${name}}`, String(value)), template);

// A weekly stretch as the pages show it: "Mon 10:00–13:00" / "월 10:00–13:00",
// the end's day added when it is another.
function stretchText(lang, start, end, zone) {
  const from = wall(start, zone);
  const to = wall(end, zone);
  return `${dayName(lang, from.weekday)} ${from.time}–${to.weekday !== from.weekday ? `${dayName(lang, to.weekday)} ` : ""}${to.time}`;
}

// A session as the pair page shows it: "2026-12-14 (Mon) 10:00–11:00".
function sessionText(lang, start, minutes, zone) {
  const from = wall(start, zone);
  const to = wall(new Date(start.getTime() + minutes * 60_000), zone);
  return `${from.date} (${dayName(lang, from.weekday)}) ${from.time}–${to.date === from.date ? to.time : `${to.date.slice(5)} ${to.time}`}`;
}

// The texts of a list of elements, trimmed.
async function texts(locator) {
  return (await locator.allInnerTexts()).map((one) => one.trim());
}

// The cell of `row` under the column headed `heading`, as a reader finds it.
async function cellUnder(table, row, heading) {
  const headings = await texts(table.locator("thead th"));
  const column = headings.indexOf(heading);
  assert.ok(column >= 0, `a column "${heading}" in ${headings.join(" | ")}`);
  return row.locator("td").nth(column);
}

async function waitForMail(address, matches, what) {
  const until = Date.now() + 20_000;
  for (;;) {
    const mail = mailsTo(address).find(matches);
    if (mail) return mail;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what} to ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

for (const lang of kLanguages) {
  test(`[${lang}] mentoring: a mentor offers, a mentee elsewhere applies, they are matched and meet, each in their own time zone`, async (visit) => {
    const cast = kCast[lang];
    const { mentor, mentee } = cast;
    const organizerPage = await visit({ lang });
    const mentorPage = await visit({ lang });
    const menteePage = await visit({ lang });
    acceptConfirmations(organizerPage);
    await Promise.all([
      logIn(organizerPage, lang, demo.organizer, demo.password),
      logIn(mentorPage, lang, mentor.email, demo.password),
      logIn(menteePage, lang, mentee.email, demo.password),
    ]);

    // The dates: yesterday to sixty days on, in the community's zone (Seoul).
    const today = wall(new Date(), kMentorZone).date;
    const firstDay = addDays(today, -1);
    const lastDay = addDays(today, 60);
    // The mentor's stretch in the program's first week, and where it falls for the mentee.
    const stretchDay = nextWeekday(firstDay, cast.mentorStretch.weekday);
    const stretchStart = instantIn(kMentorZone, stretchDay, cast.mentorStretch.from);
    const stretchEnd = instantIn(kMentorZone, stretchDay, cast.mentorStretch.to);
    const hourMs = 3_600_000;

    // 1. The organizer opens a program from the list, through the form.
    const name = unique(`E2E mentoring ${lang}`);
    await organizerPage.goto(`/c/${demo.slug}/mentoring`);
    await navigate(organizerPage, organizerPage.locator("main").getByRole("link", { name: t(lang, "mentoring_new_title"), exact: true }));
    assert.equal(await text(organizerPage.locator("main h1")), t(lang, "mentoring_new_title"));
    await field(organizerPage, lang, "mentoring_field_name").fill(name);
    await field(organizerPage, lang, "mentoring_field_description").fill("E2E: one mentor, one mentee, two zones.");
    await field(organizerPage, lang, "mentoring_field_starts_on").fill(firstDay);
    await field(organizerPage, lang, "mentoring_field_ends_on").fill(lastDay);
    await field(organizerPage, lang, "mentoring_format").selectOption({ label: t(lang, "mentoring_format_one_to_one") });
    await field(organizerPage, lang, "mentoring_field_sessions").fill(String(kSessions));
    await field(organizerPage, lang, "mentoring_field_cadence_days").fill("14");
    await field(organizerPage, lang, "mentoring_field_session_minutes").fill(String(kSessionMinutes));
    await field(organizerPage, lang, "mentoring_languages").fill("ko, en");
    await field(organizerPage, lang, "mentoring_topics").fill(kTopics.join(", "));
    await field(organizerPage, lang, "mentoring_audience").selectOption({ label: t(lang, "mentoring_audience_members") });
    await navigate(organizerPage, button(organizerPage, lang, "mentoring_create"));
    await expectNotice(organizerPage, lang, "mentoring_notice_created");
    assert.equal(await text(organizerPage.locator("main h1")), name);
    assert.equal(await text(organizerPage.getByTestId("mentoring-state")), t(lang, "mentoring_signups_open"));
    const programPath = new URL(organizerPage.url()).pathname;
    assert.match(programPath, new RegExp(`^/c/${demo.slug}/mentoring/\\d+$`));
    const facts = organizerPage.locator("main dl.facts");
    assert.match(await text(facts), has(`${firstDay} – ${lastDay} (${kMentorZone})`));
    assert.match(await text(facts), has(fill(t(lang, "mentoring_rhythm"), { sessions: kSessions, cadence: 14, minutes: kSessionMinutes })));

    // 2. The mentor finds the program in the list and offers.
    await mentorPage.goto(`/c/${demo.slug}/mentoring`);
    await navigate(mentorPage, mentorPage.locator("main").getByRole("link", { name, exact: true }));
    assert.equal(new URL(mentorPage.url()).pathname, programPath);
    await navigate(mentorPage, mentorPage.locator("main").getByRole("link", { name: t(lang, "mentoring_offer_button"), exact: true }));
    assert.equal(await text(mentorPage.locator("main h1")), t(lang, "mentoring_offer_title"));
    const offerLanguages = mentorPage.locator("main").getByRole("group", { name: t(lang, "mentoring_languages"), exact: true });
    const offerTopics = mentorPage.locator("main").getByRole("group", { name: t(lang, "mentoring_offer_topics"), exact: true });
    await field(mentorPage, lang, "mentoring_capacity").fill("1");
    for (const word of mentor.languages) await offerLanguages.getByRole("checkbox", { name: word, exact: true }).check();
    for (const word of kTopics) await offerTopics.getByRole("checkbox", { name: word, exact: true }).check();
    await field(mentorPage, lang, "mentoring_time_zone").selectOption(kMentorZone);
    const goodLine = `${kTypedDays[cast.mentorStretch.weekday - 1]} ${cast.mentorStretch.from}-${cast.mentorStretch.to}`;
    const badHours = `${goodLine}\n${kTypedDays[cast.mentorStretch.weekday % 7]} 7pm-10pm`;
    const bio = `E2E mentor ${lang}: ten years of LLMs in production.`;
    await field(mentorPage, lang, "mentoring_availability").fill(badHours);
    await field(mentorPage, lang, "mentoring_bio").fill(bio);
    await field(mentorPage, lang, "mentoring_help_with").fill("Code review, papers");

    // A line of hours that is not HH:MM-HH:MM: the same form, the field marked, everything as typed.
    await navigate(mentorPage, button(mentorPage, lang, "mentoring_offer_button"));
    assert.equal(new URL(mentorPage.url()).pathname, `${programPath}/offer`, "the form again, in place");
    assert.equal(await text(mentorPage.locator("main h1")), t(lang, "mentoring_offer_title"));
    const hoursField = field(mentorPage, lang, "mentoring_availability");
    assert.equal(await hoursField.getAttribute("aria-invalid"), "true", "the hours are marked");
    const alert = mentorPage.locator("main").getByRole("alert");
    assert.equal(await alert.count(), 1, "one message, at the hours");
    assert.equal(await text(alert), fill(t(lang, "mentoring_error_availability_hours"), { line: 2 }));
    assert.equal(await hoursField.inputValue(), badHours, "the hours as typed");
    assert.equal(await field(mentorPage, lang, "mentoring_bio").inputValue(), bio, "the bio as typed");
    assert.equal(await field(mentorPage, lang, "mentoring_time_zone").inputValue(), kMentorZone);
    for (const word of mentor.languages)
      assert.ok(await offerLanguages.getByRole("checkbox", { name: word, exact: true }).isChecked(), `${word} still ticked`);
    for (const word of kTopics)
      assert.ok(await offerTopics.getByRole("checkbox", { name: word, exact: true }).isChecked(), `${word} still ticked`);

    // Fixed: the offer is in.
    await hoursField.fill(goodLine);
    await navigate(mentorPage, button(mentorPage, lang, "mentoring_offer_button"));
    await expectNotice(mentorPage, lang, "mentoring_notice_offered");
    assert.equal(new URL(mentorPage.url()).pathname, programPath);
    const myOffer = mentorPage.getByTestId("mentoring-my-offer");
    assert.equal(await text(myOffer.getByTestId("offer-status")), t(lang, "mentoring_status_pending"));
    assert.deepEqual(await texts(myOffer.locator(".tag:not([data-testid])")),
      [stretchText(lang, stretchStart, stretchEnd, kMentorZone)], "the offer's hours, in Seoul");

    // 3. The mentee applies, reading the mentor's hours in their own zone.
    await menteePage.goto(programPath);
    await navigate(menteePage, menteePage.locator("main").getByRole("link", { name: t(lang, "mentoring_apply_button"), exact: true }));
    assert.equal(await text(menteePage.locator("main h1")), t(lang, "mentoring_apply_title"));
    const card = () => menteePage.getByTestId("mentoring-cards").locator("li.card", { has: menteePage.locator("h3", { hasText: mentor.name }) });
    assert.equal(await card().count(), 1, "the mentor's card");
    // First in the community's zone, then in the mentee's, asked for by the zone picker.
    assert.deepEqual(await texts(card().locator(".tag")), [stretchText(lang, stretchStart, stretchEnd, kMentorZone)]);
    await field(menteePage, lang, "mentoring_cards_zone").selectOption(mentee.zone);
    await navigate(menteePage, button(menteePage, lang, "mentoring_cards_zone_show"));
    const shownThere = stretchText(lang, stretchStart, stretchEnd, mentee.zone);
    assert.notEqual(shownThere, stretchText(lang, stretchStart, stretchEnd, kMentorZone), "another clock time there");
    assert.deepEqual(await texts(card().locator(".tag")), [shownThere], `the mentor's hours in ${mentee.zone}`);
    assert.match(await text(card().locator("dt", { hasText: t(lang, "mentoring_hours") })), has(`(${mentee.zone})`));
    assert.match(await text(card()), has(bio));
    // The form takes the zone they chose to read in.
    assert.equal(await field(menteePage, lang, "mentoring_time_zone").inputValue(), mentee.zone);

    // The mentee's hours: an hour either side of the mentor's, typed in their zone.
    const from = wall(new Date(stretchStart.getTime() - hourMs), mentee.zone);
    const to = wall(new Date(stretchEnd.getTime() + hourMs), mentee.zone);
    const menteeHours = `${kTypedDays[from.weekday - 1]} ${from.time}-${to.time}`;
    const goal = `E2E goal ${lang}: ship a RAG demo`;
    await field(menteePage, lang, "mentoring_goal_1").fill(goal);
    const applyLanguages = menteePage.locator("main").getByRole("group", { name: t(lang, "mentoring_languages"), exact: true });
    for (const word of mentee.languages) await applyLanguages.getByRole("checkbox", { name: word, exact: true }).check();
    await menteePage.locator("main").getByRole("group", { name: t(lang, "mentoring_apply_topics"), exact: true })
      .getByRole("checkbox", { name: "LLM", exact: true }).check();
    await field(menteePage, lang, "mentoring_availability").fill(menteeHours);
    await menteePage.locator("main").getByLabel(fill(t(lang, "mentoring_rank_place"), { place: 1 }), { exact: true })
      .selectOption({ label: mentor.name });
    await navigate(menteePage, button(menteePage, lang, "mentoring_apply_button"));
    await expectNotice(menteePage, lang, "mentoring_notice_applied");
    const myApplication = menteePage.getByTestId("mentoring-my-application");
    assert.equal(await text(myApplication.getByTestId("application-status")), t(lang, "mentoring_status_pending"));
    assert.match(await text(myApplication), has(`(${mentee.zone})`));

    // 4. The organizer reviews both sides, matches and announces.
    await organizerPage.goto(programPath);
    assert.equal(await text(organizerPage.getByTestId("mentor-count")), "1");
    assert.equal(await text(organizerPage.getByTestId("mentee-count")), "1");
    await navigate(organizerPage, organizerPage.locator("main").getByRole("link", { name: t(lang, "mentoring_review_title"), exact: true }));
    const offerRow = organizerPage.getByTestId("mentoring-offers").locator("tr", { hasText: mentor.name });
    await navigate(organizerPage, offerRow.getByRole("button", { name: t(lang, "mentoring_accept"), exact: true }));
    await expectNotice(organizerPage, lang, "mentoring_notice_offer_reviewed");
    assert.equal(await text(offerRow.getByTestId("offer-status")), t(lang, "mentoring_status_accepted"));
    const applications = organizerPage.getByTestId("mentoring-applications");
    const applicationRow = applications.locator("tbody tr", { hasText: mentee.name });
    assert.equal(await text(await cellUnder(applications, applicationRow, t(lang, "mentoring_goals"))), goal);
    assert.equal(await text(await cellUnder(applications, applicationRow, t(lang, "mentoring_ranking"))), mentor.name,
      "the mentee's choice, by name");
    await navigate(organizerPage, applicationRow.getByRole("button", { name: t(lang, "mentoring_accept"), exact: true }));
    await expectNotice(organizerPage, lang, "mentoring_notice_application_reviewed");
    assert.equal(await text(applicationRow.getByTestId("application-status")), t(lang, "mentoring_status_accepted"));

    const fit = organizerPage.getByRole("radio", { name: new RegExp(`^${escaped(t(lang, "mentoring_mode_fit"))} — `) });
    await fit.check();
    await navigate(organizerPage, button(organizerPage, lang, "mentoring_match_button"));
    await expectNotice(organizerPage, lang, "mentoring_notice_matched");
    const summary = organizerPage.getByTestId("mentoring-summary");
    assert.match(await text(summary), new RegExp(`${escaped(t(lang, "mentoring_summary_matched"))}\\s+1 / 1`));
    // Why this pair: the score (10 a shared topic, 25 for a first choice, 1
    // a session-long hour of the three they share; docs/mentoring.md), their
    // longest stretch together, the shared topic, the mentee's choice.
    const pairRows = organizerPage.getByTestId("mentoring-run-pairs").locator("tbody tr");
    assert.equal(await pairRows.count(), 1);
    assert.deepEqual(await texts(pairRows.first().locator("td")), [
      mentor.name, mentee.name, "38", fill(t(lang, "mentoring_duration_hours"), { hours: 3 }), "1",
      fill(t(lang, "mentoring_rank_place"), { place: 1 }),
    ]);
    await navigate(organizerPage, button(organizerPage, lang, "mentoring_announce_button"));  // confirms
    await expectNotice(organizerPage, lang, "mentoring_notice_announced");
    const announced = organizerPage.getByTestId("mentoring-announced");
    assert.deepEqual(await texts(announced.locator("li a")), [`${mentor.name} → ${mentee.name}`]);
    assert.equal(await announced.getByRole("link", { name: t(lang, "mentoring_figures_title"), exact: true }).count(), 1,
      "the figures, from the review page");

    // Both get the match mail, in the language moim writes to them: the
    // community's (Korean), as these demo people never chose one.
    const mailLang = "ko";
    for (const [person, other, zone] of [[mentor, mentee, kMentorZone], [mentee, mentor, mentee.zone]]) {
      const mail = await waitForMail(person.email, (one) => one.text.includes(name), "the match mail");
      assert.match(mail.subject, has(t(mailLang, "mail_subject_mentoring_matched")));
      assert.match(mail.text, has(`: ${other.name}`));
      assert.match(mail.text, new RegExp(`${escaped(`(${zone})`)}:\\s*-?\\s*${escaped(stretchText(mailLang, stretchStart, stretchEnd, zone))}`),
        `${person.name}'s mail gives the common hours in ${zone}`);
    }

    // 5. The mentee opens the pair's page from the program page.
    await menteePage.goto(programPath);
    const menteePairs = menteePage.getByTestId("mentoring-my-pairs");
    assert.match(await text(menteePairs), has(`${t(lang, "mentoring_your_mentor")}: ${mentor.name}`));
    await navigate(menteePage, menteePairs.getByRole("link", { name: mentor.name, exact: true }));
    const pairPath = new URL(menteePage.url()).pathname;
    assert.match(pairPath, new RegExp(`^${programPath}/pairs/\\d+$`));
    assert.equal(await text(menteePage.locator("main h1")),
      fill(t(lang, "mentoring_pair_title"), { mentor: mentor.name, mentee: mentee.name }));
    // Their common hours: in the mentee's zone first, then in the mentor's.
    const common = menteePage.getByTestId("mentoring-common-hours");
    assert.deepEqual(await texts(common.locator("p:not(.hint)")), [
      `${t(lang, "mentoring_hours_yours")} (${mentee.zone})\n${stretchText(lang, stretchStart, stretchEnd, mentee.zone)}`,
      `${fill(t(lang, "mentoring_hours_of"), { name: mentor.name })} (${kMentorZone})\n${stretchText(lang, stretchStart, stretchEnd, kMentorZone)}`,
    ]);

    // The mentor's card: their hours as they typed them, in their zone.
    const mentorCard = menteePage.getByTestId("mentoring-pair-mentor");
    assert.match(await text(mentorCard), has(`${t(lang, "mentoring_hours")} (${kMentorZone})`));
    assert.match(await text(mentorCard), has(goodLine));

    // A session at the start of their common stretch, a week or two on, typed in the mentee's zone.
    const startThere = wall(stretchStart, mentee.zone);
    const sessionDay = nextWeekday(addDays(wall(new Date(), mentee.zone).date, 7), startThere.weekday);
    const sessionStart = instantIn(mentee.zone, sessionDay, startThere.time);
    assert.equal(await menteePage.locator("main").getByText(fill(t(lang, "mentoring_propose_hint"), { zone: mentee.zone, name: mentor.name }), { exact: true }).count(), 1,
      "the form says which zone the time is in");
    // A time already past comes back marked, as typed.
    const past = `${addDays(wall(new Date(), mentee.zone).date, -1)}T${startThere.time}`;
    await field(menteePage, lang, "mentoring_propose_when").fill(past);
    await navigate(menteePage, button(menteePage, lang, "mentoring_propose_button"));
    assert.equal(await field(menteePage, lang, "mentoring_propose_when").getAttribute("aria-invalid"), "true");
    assert.equal(await field(menteePage, lang, "mentoring_propose_when").inputValue(), past);
    assert.deepEqual(await texts(menteePage.getByTestId("mentoring-sessions").getByRole("alert")),
      [t(lang, "mentoring_error_invalid_starts_at")]);
    await field(menteePage, lang, "mentoring_propose_when").fill(`${sessionDay}T${startThere.time}`);
    await navigate(menteePage, button(menteePage, lang, "mentoring_propose_button"));
    await expectNotice(menteePage, lang, "mentoring_notice_session_proposed");
    const menteeSession = menteePage.getByTestId("mentoring-sessions").locator("li");
    assert.equal(await menteeSession.count(), 1);
    assert.equal(await text(menteeSession.getByTestId("session-status")), t(lang, "mentoring_session_proposed"));
    assert.match(await text(menteeSession), has(fill(t(lang, "mentoring_session_waiting"), { name: mentor.name })));

    // The mentor confirms it from their own pair page.
    await mentorPage.goto(programPath);
    const mentorPairs = mentorPage.getByTestId("mentoring-my-pairs");
    assert.match(await text(mentorPairs), has(`${t(lang, "mentoring_you_mentor")}: ${mentee.name}`));
    await navigate(mentorPage, mentorPairs.getByRole("link", { name: mentee.name, exact: true }));
    assert.equal(new URL(mentorPage.url()).pathname, pairPath);
    const mentorSession = mentorPage.getByTestId("mentoring-sessions").locator("li");
    assert.match(await text(mentorSession), has(fill(t(lang, "mentoring_session_proposed_by"), { name: mentee.name })));
    await navigate(mentorPage, mentorSession.getByRole("button", { name: t(lang, "mentoring_session_confirm"), exact: true }));
    await expectNotice(mentorPage, lang, "mentoring_notice_session_confirmed");

    // Each reads the session in their own zone first, and the other's beside it.
    const inSeoul = sessionText(lang, sessionStart, kSessionMinutes, kMentorZone);
    const inTheirZone = sessionText(lang, sessionStart, kSessionMinutes, mentee.zone);
    assert.notEqual(inSeoul, inTheirZone);
    assert.equal(await text(mentorSession.getByTestId("session-status")), t(lang, "mentoring_session_confirmed"));
    assert.deepEqual(await texts(mentorSession.locator("strong")), [inSeoul, inTheirZone]);
    assert.deepEqual(await texts(mentorSession.locator("span.muted")), [
      `${t(lang, "mentoring_hours_yours")} (${kMentorZone})`,
      `${fill(t(lang, "mentoring_hours_of"), { name: mentee.name })} (${mentee.zone})`,
    ]);
    await menteePage.reload();
    assert.equal(await text(menteeSession.getByTestId("session-status")), t(lang, "mentoring_session_confirmed"));
    assert.deepEqual(await texts(menteeSession.locator("strong")), [inTheirZone, inSeoul]);
    assert.deepEqual(await texts(menteeSession.locator("span.muted")), [
      `${t(lang, "mentoring_hours_yours")} (${mentee.zone})`,
      `${fill(t(lang, "mentoring_hours_of"), { name: mentor.name })} (${kMentorZone})`,
    ]);
    assert.equal(await menteePage.getByTestId("mentoring-calendar").count(), 1, "a calendar file of the confirmed session");

    // 6. The organizer opens the figures from the program page: one pair, the weeks' chart.
    await organizerPage.goto(programPath);
    assert.equal(await text(organizerPage.getByTestId("mentoring-state")), t(lang, "mentoring_announced_tag"));
    await navigate(organizerPage, organizerPage.locator("main").getByRole("link", { name: t(lang, "mentoring_figures_title"), exact: true }));
    assert.equal(await text(organizerPage.locator("main h1")), `${t(lang, "mentoring_figures_title")}: ${name}`);
    assert.equal(await text(organizerPage.getByTestId("figures-pairs")), "1");
    assert.equal(await text(organizerPage.getByTestId("figures-sessions")), `0 / ${kSessions} (0%)`);
    const chart = organizerPage.locator("main figure svg[role=img]");
    assert.equal(await chart.count(), 1, "the chart of sessions held by week");
    assert.equal(await chart.locator("title").first().textContent(), t(lang, "mentoring_chart_held"));
    // A bar a week: the program's 62 days (yesterday to sixty days on, both included) are nine weeks.
    assert.equal(await chart.locator("rect").count(), 9, "a bar a week");
    assert.equal((await chart.locator("g > title").allTextContents())[0],
      `${fill(t(lang, "mentoring_week_label"), { week: 1 })}: 0`);

    // Anyone else who is signed in gets "not found" for the pair's page.
    const strangerPage = await visit({ lang });
    await logIn(strangerPage, lang, cast.stranger.email, demo.password);
    const response = await strangerPage.goto(pairPath);
    assert.equal(response.status(), 404);
    assert.equal(await text(strangerPage.locator("main h1")), t(lang, "error_page_404"));
    assert.ok(!(await strangerPage.content()).includes(goal), "nothing of the pair shows");
  });
}
