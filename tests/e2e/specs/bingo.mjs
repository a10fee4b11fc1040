// Networking bingo (issue #14) on phones: two guests join through their
// ticket links, exchange by typed code and both boards show the mark without
// a reload, heard through the push stream (the page stops polling once the
// stream is open); the leaderboard follows from the stream's top-ten note;
// booths' stamps give one a line and a claim code that staff redeem once;
// the projector counts the exchange. Every scenario in Korean and English.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { demo, expectNotice, kLanguages, logIn, navigate, t, text, unique } from "../lib/moim.mjs";

const kPhone = { width: 390, height: 844 };
const kPool = ["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"];

async function waitFor(check, what, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// The organizer's event with a 3×3 bingo of exactly nine keywords (every
// board holds all of them), three booths, one prize tier; returns its path
// and the booths' codes.
async function createGame(organizer, title) {
  const api = `/api/v1/communities/${demo.slug}/events`;
  const created = await organizer.request.post(api, {
    data: { title, starts_at: "2031-05-01T01:00:00Z", ends_at: "2031-05-01T09:00:00Z", capacity: 50 },
  });
  assert.equal(created.status(), 201, await created.text());
  const { event } = await created.json();
  const set = await organizer.request.put(`${api}/${event.id}/bingo`, {
    data: { size: 3, picks: 2, keywords: kPool, prizes: [{ lines: 1, stock: 3 }], rate_limit_seconds: 0,
      booths: [{ name: "Booth A" }, { name: "Booth B" }, { name: "Booth C" }] },
  });
  assert.equal(set.status(), 200, await set.text());
  const { bingo } = await set.json();
  return { path: `/c/${demo.slug}/events/${event.id}`, booths: bingo.booths.map((booth) => booth.code) };
}

// A guest registers, follows "Play bingo" from the ticket and joins with two keywords.
async function joinAsGuest(page, lang, eventPath, name, picks) {
  await page.goto(eventPath);
  await page.locator("main").getByLabel(t(lang, "event_guest_name"), { exact: true }).fill(name);
  await page.locator("main").getByLabel(t(lang, "event_guest_email"), { exact: true }).fill(`${unique("bingo")}@e2e.example`);
  await navigate(page, page.getByTestId("register"));
  await navigate(page, page.getByTestId("bingo-play-link"));
  assert.match(new URL(page.url()).pathname, /\/t\/tkt_[A-Za-z0-9_-]+\/bingo$/);
  assert.equal(await text(page.getByTestId("bingo-join-visible")), t(lang, "bingo_join_visible"));
  for (const keyword of picks) await page.getByLabel(keyword, { exact: true }).check();
  await navigate(page, page.getByTestId("bingo-join"));
  await expectNotice(page, lang, "bingo_notice_joined");
  return text(page.getByTestId("bingo-my-code"));
}

async function typeCode(page, code) {
  await page.getByTestId("bingo-code-input").fill(code);
  await navigate(page, page.getByTestId("bingo-exchange"));
}

const markedCells = (page) => page.locator("[data-testid=bingo-cell].marked").count();

for (const lang of kLanguages) {
  test(`[${lang}] bingo: two phones exchange codes, both boards mark live, staff redeem the line's prize`, async (visit) => {
    const organizer = await visit({ lang });
    await logIn(organizer, lang, demo.organizer, demo.password);
    const game = await createGame(organizer, unique("Bingo night"));

    const ana = await visit({ lang, viewport: kPhone });
    const ben = await visit({ lang, viewport: kPhone });
    const anaCode = await joinAsGuest(ana, lang, game.path, "Ana", ["k0", "k1"]);
    await joinAsGuest(ben, lang, game.path, "Ben", ["k2", "k3"]);
    assert.equal(await ana.locator("[data-testid=bingo-board] td").count(), 9);
    const scrolls = await ana.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
    assert.equal(scrolls, false, "the board fits a 390 px phone");

    // A join form with too few ticks comes back marked: checked in the HTTP
    // tests; here the exchange: Ben types Ana's code.
    // Ana's page listens on the stream (and so no longer polls) before Ben scans.
    await waitFor(async () => (await ana.evaluate(() => document.body.dataset.bingoLive)) === "stream",
      "Ana's page to open its stream");
    await typeCode(ben, anaCode);
    await expectNotice(ben, lang, "bingo_notice_exchanged");
    assert.equal(await markedCells(ben), 2, "Ana's two keywords are marked on Ben's board");
    // Ana's board follows without a reload.
    await waitFor(async () => (await markedCells(ana)) === 2, "Ana's board to show Ben's keywords");
    assert.match(await text(ana.locator("[data-testid=bingo-cell].marked").first()), /Ben/);
    assert.match(await text(ana.getByTestId("bingo-met")), /Ben/);

    // Booths' stamps give Ben a line and a claim code.
    for (const code of game.booths) {
      if ((await ben.getByTestId("bingo-claim").count()) > 0) break;
      await typeCode(ben, code);
    }
    // Ana's leaderboard puts Ben first from the stream's note, without a reload.
    await waitFor(async () => /Ben/.test(await text(ana.locator("[data-bingo-top] li").first())),
      "Ana's leaderboard to rank Ben first");
    const claim = ben.getByTestId("bingo-claim").first();
    const claimCode = await text(claim.locator("code"));
    assert.ok(Number(await text(ben.locator("[data-bingo-lines]"))) >= 1);

    // The organizer (staff of their own event) redeems it once.
    await organizer.goto(game.path);
    for (const link of ["bingo-settings-link", "bingo-redeem-link", "bingo-projector-link"])
      assert.equal(await organizer.getByTestId(link).count(), 1, link);
    await navigate(organizer, organizer.getByTestId("bingo-redeem-link"));
    await organizer.getByTestId("bingo-claim-input").fill(claimCode);
    await navigate(organizer, organizer.getByTestId("bingo-redeem"));
    assert.equal(await organizer.getByTestId("bingo-verdict").getAttribute("data-verdict"), "redeemed");
    await organizer.getByTestId("bingo-claim-input").fill(claimCode);
    await navigate(organizer, organizer.getByTestId("bingo-redeem"));
    assert.equal(await organizer.getByTestId("bingo-verdict").getAttribute("data-verdict"), "refused");
    assert.equal(await text(organizer.locator(".verdict-title")), t(lang, "bingo_error_already_redeemed"));
    // Ben's page shows the prize handed out without a reload.
    await waitFor(async () => (await ben.locator("[data-testid=bingo-claim] .tag").count()) === 1, "the claim marked as handed out");

    // The projector counts the exchange (booth stamps are not exchanges) and draws the two players.
    await organizer.goto(`${game.path}/bingo/projector`);
    assert.equal(await text(organizer.getByTestId("bingo-projector-exchanges")), "1");
    await waitFor(async () => (await organizer.locator("[data-bingo-network] line").count()) === 1, "the projector's edge");
    assert.equal(await organizer.locator("[data-bingo-network] circle").count(), 2);

    // With the projector on the hall's screen, a third guest joins (through
    // the API, as a bot would) and meets Ana: the screen draws Cho, then the
    // chord and the count from the stream's notes, without a reload.
    const api = `/api/v1/communities/${demo.slug}/events/${game.path.split("/").pop()}`;
    const registered = await ana.request.post(`${api}/registrations`, {
      data: { name: "Cho", email: `${unique("bingo-cho")}@e2e.example` } });
    assert.equal(registered.status(), 201, await registered.text());
    const cho = { Authorization: `Bearer ${(await registered.json()).ticket_token}` };
    const joined = await ana.request.post(`${api}/bingo/players`, { headers: cho, data: { keywords: ["k4", "k5"] } });
    assert.equal(joined.status(), 201, await joined.text());
    await waitFor(async () => (await organizer.locator("[data-bingo-network] circle").count()) === 3, "Cho on the projector");
    const met = await ana.request.post(`${api}/bingo/exchanges`, { headers: cho, data: { code: anaCode } });
    assert.equal(met.status(), 201, await met.text());
    await waitFor(async () => (await organizer.locator("[data-bingo-network] line").count()) === 2, "the projector's second edge");
    assert.equal(await text(organizer.getByTestId("bingo-projector-exchanges")), "2");
  });
}
