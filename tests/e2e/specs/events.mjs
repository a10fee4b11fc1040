// Events (issue #13): a guest registers without an account and sees the
// ticket; a member cancels and the first person on the waitlist is offered
// the seat by mail; staff check a ticket in by its typed code and see
// "already checked in" on the second try; the organizer reads the figures;
// a guest answers the organizer's registration questions.
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { test } from "../lib/harness.mjs";
import { acceptConfirmations, button, demo, expectNotice, field, kLanguages, logIn, mailsTo, navigate, t, text, unique } from "../lib/moim.mjs";

const kCode = /^[A-Z2-9]{4}-[A-Z2-9]{4}$/;
const kPhone = { width: 390, height: 844 };

// The organizer creates an event through the form; returns its path.
async function createEvent(page, lang, title, capacity) {
  await page.goto(`/c/${demo.slug}/events`);
  await navigate(page, page.getByRole("link", { name: t(lang, "event_new_title"), exact: true }));
  await field(page, lang, "event_field_title").fill(title);
  await field(page, lang, "event_field_starts_at").fill("2031-05-01T10:00");
  await field(page, lang, "event_field_ends_at").fill("2031-05-01T18:00");
  await field(page, lang, "event_field_capacity").fill(String(capacity));
  await navigate(page, button(page, lang, "event_create_button"));
  assert.equal(await text(page.locator("main h1")), title);
  return new URL(page.url()).pathname;
}

async function registerAsGuest(page, lang, eventPath, name, email) {
  await page.goto(eventPath);
  await field(page, lang, "event_guest_name").fill(name);
  await field(page, lang, "event_guest_email").fill(email);
  await navigate(page, page.getByTestId("register"));
  assert.match(new URL(page.url()).pathname, /\/t\/tkt_[A-Za-z0-9_-]+$/, "the guest's private ticket link");
}

async function waitFor(check, what, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

for (const lang of kLanguages) {
  test(`[${lang}] events: a guest registers without an account and sees the ticket, also on a phone`, async (visit) => {
    const guest = await visit({ lang, viewport: kPhone });
    await guest.goto(`/c/${demo.slug}/events`);
    const card = guest.getByTestId("event-card").first();
    await navigate(guest, card.getByRole("link").first());
    const email = `${unique("guest")}@e2e.example`;
    await field(guest, lang, "event_guest_name").fill("게스트 테스트");
    await field(guest, lang, "event_guest_email").fill(email);
    await navigate(guest, guest.getByTestId("register"));
    assert.match(await text(guest.getByTestId("ticket-code")), kCode);
    assert.equal(await text(guest.getByTestId("ticket-status")), t(lang, "event_status_confirmed"));
    assert.equal(await guest.locator(".ticket-qr svg").count(), 1);
    const box = await guest.locator(".ticket-qr svg").boundingBox();
    assert.ok(box.width <= 390 && box.height <= 390, "the QR code fits the phone");
    const scrolls = await guest.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
    assert.equal(scrolls, false, "the ticket does not scroll sideways");
    const mail = await waitFor(() => mailsTo(email)[0], `the ticket mail to ${email}`);
    assert.ok(mail.subject.includes(t(lang, "mail_subject_events_ticket")), `the ticket mail in the page language: ${mail.subject}`);
    assert.match(mail.text, /[A-Z2-9]{4}-[A-Z2-9]{4}/, "the ticket code in the mail");
  });

  test(`[${lang}] events: a member cancels and the first waitlisted guest is offered the seat by mail`, async (visit) => {
    const organizer = await visit({ lang });
    const member = await visit({ lang });
    const guest = await visit({ lang });
    acceptConfirmations(member);
    await Promise.all([
      logIn(organizer, lang, demo.organizer, demo.password),
      logIn(member, lang, demo.member, demo.password),
    ]);
    const eventPath = await createEvent(organizer, lang, unique(`E2E one seat ${lang}`), 1);

    await member.goto(eventPath);
    await navigate(member, member.getByTestId("register"));
    assert.equal(await text(member.getByTestId("ticket-status")), t(lang, "event_status_confirmed"));

    const email = `${unique("waiting")}@e2e.example`;
    await registerAsGuest(guest, lang, eventPath, "대기 손님", email);
    const ticketUrl = guest.url();
    assert.equal(await text(guest.getByTestId("ticket-status")), t(lang, "event_status_waitlisted"));
    assert.equal(await text(guest.getByTestId("waitlist-position")), "1");

    await navigate(member, member.getByTestId("cancel-registration"));
    assert.equal(await text(member.getByTestId("ticket-status")), t(lang, "event_status_cancelled"));

    await guest.goto(ticketUrl);
    assert.equal(await text(guest.getByTestId("ticket-status")), t(lang, "event_status_offered"));
    const offer = await waitFor(
      () => mailsTo(email).find((mail) => mail.subject.includes(t(lang, "mail_subject_events_seat_offered"))),
      `the seat offer mailed to ${email}`);
    assert.ok(offer.text.includes(t(lang, "mail_event_seat_offered_lead")));
    await navigate(guest, guest.getByTestId("claim"));
    assert.equal(await text(guest.getByTestId("ticket-status")), t(lang, "event_status_confirmed"));
    assert.match(await text(guest.getByTestId("ticket-code")), kCode);
  });

  test(`[${lang}] events: staff check a typed code in, and the second try says already checked in`, async (visit) => {
    const organizer = await visit({ lang, viewport: kPhone });
    const guest = await visit({ lang });
    await logIn(organizer, lang, demo.organizer, demo.password);
    const eventPath = await createEvent(organizer, lang, unique(`E2E door ${lang}`), 10);
    await registerAsGuest(guest, lang, eventPath, "입장 손님", `${unique("door")}@e2e.example`);
    const code = await text(guest.getByTestId("ticket-code"));

    await organizer.goto(`${eventPath}/door`);
    await field(organizer, lang, "event_door_code_label").fill(code.toLowerCase().replace("-", ""));
    await navigate(organizer, organizer.getByTestId("check-in"));
    assert.equal(await organizer.getByTestId("verdict").getAttribute("data-verdict"), "checked_in");
    assert.equal(await text(organizer.locator("[data-count=checked_in]")), "1");

    await field(organizer, lang, "event_door_code_label").fill(code);
    await navigate(organizer, organizer.getByTestId("check-in"));
    const verdict = organizer.getByTestId("verdict");
    assert.equal(await verdict.getAttribute("data-verdict"), "already");
    assert.ok((await text(verdict)).includes(t(lang, "event_verdict_already")));

    // A wrong code stays in the form, marked, on the phone.
    await field(organizer, lang, "event_door_code_label").fill("ZZZZ-ZZZZ");
    await navigate(organizer, organizer.getByTestId("check-in"));
    assert.equal(await organizer.getByTestId("verdict").getAttribute("data-verdict"), "unknown");
    assert.equal(await field(organizer, lang, "event_door_code_label").inputValue(), "ZZZZ-ZZZZ");
    const scrolls = await organizer.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
    assert.equal(scrolls, false, "the door page does not scroll sideways on a phone");
  });

  test(`[${lang}] events: the organizer reads the PseudoCon figures and downloads the CSV`, async (visit) => {
    const organizer = await visit({ lang });
    await logIn(organizer, lang, demo.organizer, demo.password);
    await organizer.goto(`/c/${demo.slug}/events`);
    await navigate(organizer, organizer.getByTestId("past-event-card").filter({ hasText: "PseudoCon demo" }).getByRole("link"));
    await navigate(organizer, organizer.getByRole("link", { name: t(lang, "event_figures_title"), exact: true }));
    assert.equal(await text(organizer.getByTestId("total-registered")), "300");
    assert.equal(await text(organizer.getByTestId("total-checked-in")), "167");
    assert.equal(await organizer.locator("svg#attendance-by-stage, svg[aria-labelledby^=attendance-by-stage]").count() >= 1, true);
    // As the browser's download would ask: in the page's language.
    const csv = await organizer.request.get(new URL(`${new URL(organizer.url()).pathname}.csv`, organizer.url()).href,
      { headers: { "Accept-Language": lang } });
    assert.equal(csv.status(), 200);
    const body = await csv.text();
    assert.ok(body.startsWith("\uFEFF"), "UTF-8 with a BOM");
    assert.ok(body.includes(lang === "ko" ? "체크인" : "checked_in"), "headers in the page's language");
  });

  test(`[${lang}] events: a guest answers the registration questions, a missed consent keeps what was typed`, async (visit) => {
    const organizer = await visit({ lang });
    const guest = await visit({ lang });
    await logIn(organizer, lang, demo.organizer, demo.password);
    const eventPath = await createEvent(organizer, lang, unique(`E2E questions ${lang}`), 10);
    await navigate(organizer, organizer.getByRole("link", { name: t(lang, "event_questions_title"), exact: true }));
    for (const [kind, label, required] of [["text", "소속 / Affiliation", false], ["consent", "사진 촬영에 동의합니다 / Photos", true]]) {
      await field(organizer, lang, "event_question_kind").selectOption(kind);
      await organizer.locator("#new-label").fill(label);
      if (required) await organizer.locator("main form").last().getByLabel(t(lang, "event_question_required"), { exact: true }).check();
      await navigate(organizer, organizer.getByTestId("question-add"));
      await expectNotice(organizer, lang, "event_question_saved");
    }
    assert.equal(await organizer.getByTestId("question").count(), 2);

    await guest.goto(eventPath);
    await field(guest, lang, "event_guest_name").fill("질문 손님");
    const email = `${unique("answers")}@e2e.example`;
    await field(guest, lang, "event_guest_email").fill(email);
    await guest.getByTestId("question-text").fill("가짜연구소");
    await navigate(guest, guest.getByTestId("register"));
    assert.equal(await text(guest.getByTestId("question-error")), t(lang, "error_consent_required"));
    assert.equal(await guest.getByTestId("question-consent").getAttribute("aria-invalid"), "true");
    assert.equal(await guest.getByTestId("question-text").inputValue(), "가짜연구소", "the typed answer is kept");
    assert.equal(await field(guest, lang, "event_guest_email").inputValue(), email);
    await guest.getByTestId("question-consent").check();
    await navigate(guest, guest.getByTestId("register"));
    assert.equal(await text(guest.getByTestId("ticket-status")), t(lang, "event_status_confirmed"));
    const answers = await text(guest.getByTestId("my-answers"));
    assert.ok(answers.includes("가짜연구소") && answers.includes(t(lang, "event_consent_yes")), answers);

    await organizer.goto(`${eventPath}/registrations`);
    assert.ok((await text(organizer.getByTestId("registration-answers").first())).includes("가짜연구소"));
    const csv = await organizer.request.get(new URL(`${eventPath}/registrations.csv`, organizer.url()).href,
      { headers: { "Accept-Language": lang } });
    assert.equal(csv.status(), 200);
    const body = await csv.text();
    assert.ok(body.startsWith("\uFEFF") && body.includes("소속 / Affiliation") && body.includes("가짜연구소"), "one column per question");
  });
}

// A real PNG of width x height (RGB), for the cover upload.
function pngImage(width, height) {
  const crc32 = (bytes) => {
    let crc = ~0;
    for (const byte of bytes) {
      crc ^= byte;
      for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
    return ~crc >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;  // bits per sample
  header[9] = 2;  // RGB
  const stride = width * 3 + 1;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set([x & 255, y & 255, 160], y * stride + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header),
                        chunk("IDAT", zlib.deflateSync(pixels)), chunk("IEND", Buffer.alloc(0))]);
}

async function chooseCover(page, file) {
  await page.locator("#cover-file").setInputFiles(file);
  await page.waitForFunction(() => document.getElementById("cover-data").value.length > 0);
}

for (const lang of kLanguages) {
  test(`[${lang}] events: the organizer uploads a cover; a file that is not an image is refused in place`, async (visit) => {
    const organizer = await visit({ lang });
    await logIn(organizer, lang, demo.organizer, demo.password);
    const title = unique(`E2E cover ${lang}`);
    const eventPath = await createEvent(organizer, lang, title, 20);
    await organizer.goto(`${eventPath}/edit`);
    // Named .png, but not one: the server decodes it and says so beside the file input.
    await chooseCover(organizer, { name: "cover.png", mimeType: "image/png", buffer: Buffer.from("not an image at all") });
    await navigate(organizer, button(organizer, lang, "event_image_upload"));
    assert.equal(await organizer.locator("#cover-file").getAttribute("aria-invalid"), "true");
    assert.equal(await text(organizer.locator("[role=alert]").first()), t(lang, "error_image_format"));
    await chooseCover(organizer, { name: "cover.png", mimeType: "image/png", buffer: pngImage(640, 320) });
    await navigate(organizer, button(organizer, lang, "event_image_upload"));
    assert.equal(await organizer.getByTestId("edit-cover").count(), 1);
    // The public page shows it (the CSP allows this site's images), alt = title, sides set.
    const visitor = await visit({ lang });
    await visitor.goto(eventPath);
    const cover = visitor.getByTestId("event-cover");
    assert.equal(await cover.getAttribute("alt"), title);
    assert.equal(await cover.getAttribute("width"), "640");
    assert.ok(await cover.evaluate((image) => image.complete && image.naturalWidth === 640), "the cover loads");
    await visitor.goto(`/c/${demo.slug}/events`);
    assert.ok(await visitor.getByTestId("event-card-cover").count() >= 1, "the list card shows it");
  });
}
