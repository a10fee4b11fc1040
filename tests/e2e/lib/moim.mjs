// What the browser tests share: the running server's settings (from run.sh),
// the message catalogs (pages are checked against the real translations),
// and the few steps every journey takes (sign up, log in, log out).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

export const env = {
  baseUrl: process.env.MOIM_E2E_BASE_URL,
  adminEmail: process.env.MOIM_E2E_ADMIN_EMAIL,
  adminPassword: process.env.MOIM_E2E_ADMIN_PASSWORD,
  webRoot: process.env.MOIM_E2E_WEB_ROOT,
  mailDir: process.env.MOIM_E2E_MAIL_DIR,  // every mail the server sent, as NNNNNN.eml (aiosmtpd)
};

// The mails sent so far to `address`: {subject, text} with the RFC 2047
// subject and the base64 text part decoded.
export function mailsTo(address) {
  if (!env.mailDir || !fs.existsSync(env.mailDir)) return [];
  const decodeWords = (value) =>
    value.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_, b64) => Buffer.from(b64, "base64").toString("utf8"));
  const mails = [];
  for (const file of fs.readdirSync(env.mailDir).filter((name) => name.endsWith(".eml")).sort()) {
    const raw = fs.readFileSync(path.join(env.mailDir, file), "utf8");
    const [head] = raw.split(/\r?\n\r?\n/);
    const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
    const to = /^To:(.*)$/mi.exec(unfolded)?.[1] ?? "";
    if (!to.toLowerCase().includes(address.toLowerCase())) continue;
    const subject = decodeWords(/^Subject:(.*)$/mi.exec(unfolded)?.[1] ?? "").trim();
    const part = /Content-Type: text\/plain[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(raw);
    const text = part ? Buffer.from(part[1].replace(/\s+/g, ""), "base64").toString("utf8") : "";
    mails.push({ subject, text });
  }
  return mails;
}

// Seeded by `moim serve --demo` (src/app/demo.cpp).
export const demo = {
  slug: "pseudolab-demo",
  password: "moim-demo-2026",
  organizer: "organizer@moim.demo",
  member: "member@moim.demo",
};

export const kLanguages = ["ko", "en"];

const catalogs = {};
// The page text for a catalog key, in that language.
// ko.json plus each room's own file in i18n/ko/ (the server merges them the same way).
function catalog(lang) {
  const root = path.join(env.webRoot, "i18n");
  const merged = JSON.parse(fs.readFileSync(path.join(root, `${lang}.json`), "utf8"));
  const folder = path.join(root, lang);
  if (fs.existsSync(folder)) {
    for (const file of fs.readdirSync(folder).filter((name) => name.endsWith(".json")).sort())
      Object.assign(merged, JSON.parse(fs.readFileSync(path.join(folder, file), "utf8")));
  }
  return merged;
}
export function t(lang, key) {
  catalogs[lang] ??= catalog(lang);
  const text = catalogs[lang][key];
  if (text === undefined) throw new Error(`no "${key}" in web/i18n/${lang}.json`);
  return text;
}

let counter = 0;
// Names that never collide across tests, runs or languages.
export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}${(++counter).toString(36)}`;
}

// Clicks something that submits a form or follows a link, and waits for the
// next page to load (after any redirect).
export async function navigate(page, locator) {
  const arrived = page.waitForEvent("framenavigated", (frame) => frame === page.mainFrame());
  await locator.click();
  await arrived;
  await page.waitForLoadState("load");
}

export async function text(locator) {
  return (await locator.innerText()).trim();
}

// The confirmation line a page shows after a change.
export async function expectNotice(page, lang, key) {
  const notice = page.locator("main .notice[role=status]");
  assert.equal(await notice.count(), 1, `a notice "${t(lang, key)}" on ${page.url()}`);
  assert.equal(await text(notice), t(lang, key));
}

export async function expectAlert(page, lang, key) {
  const alert = page.locator("main [role=alert]");
  assert.equal(await alert.count(), 1, `an alert "${t(lang, key)}" on ${page.url()}`);
  assert.equal(await text(alert), t(lang, key));
}

export async function expectLanguage(page, lang) {
  assert.equal(await page.locator("html").getAttribute("lang"), lang, `<html lang> on ${page.url()}`);
}

// Says yes to the window.confirm() of forms marked data-confirm (publish a
// selection, form coffee groups); playwright would dismiss it otherwise.
export function acceptConfirmations(page) {
  page.on("dialog", (dialog) => dialog.accept());
}

export function field(page, lang, key) {
  return page.locator("main").getByLabel(t(lang, key), { exact: true });
}

export function button(page, lang, key) {
  return page.getByRole("button", { name: t(lang, key), exact: true });
}

// Every purpose of the 개인정보 수집·이용 동의 (issue #16), required first.
export const consentPurposes = ["account", "community_membership", "newsletter", "profile_visible",
  "bingo_name", "discord_link"];

// `consents`: the purposes ticked (all by default, as people were before consents).
export async function signUp(page, lang, { name, email, password, consents = consentPurposes }) {
  await page.goto("/signup");
  await field(page, lang, "field_display_name").fill(name);
  await field(page, lang, "field_email").fill(email);
  await field(page, lang, "field_password").fill(password);
  for (const purpose of consents) await page.locator(`input[name="consent_${purpose}"]`).check();
  await navigate(page, button(page, lang, "signup_submit"));
  // The same answer whether the address was new or taken (no account
  // enumeration): the login page asks to check the mail; then log in.
  await expectNotice(page, lang, "notice_signup_mailed");
  await logIn(page, lang, email, password, { from: null });
}

// From whatever page: the login form, then wherever moim sends us.
export async function logIn(page, lang, email, password, { from = "/login" } = {}) {
  if (from) await page.goto(from);
  await field(page, lang, "field_email").fill(email);
  await field(page, lang, "field_password").fill(password);
  await navigate(page, button(page, lang, "login_submit"));
}

export async function logOut(page, lang) {
  await navigate(page, page.locator("header").getByRole("button", { name: t(lang, "nav_logout") }));
}

export async function expectSignedIn(page, lang, yes) {
  const header = page.locator("header");
  assert.equal(await header.getByRole("link", { name: t(lang, "nav_me"), exact: true }).count(), yes ? 1 : 0,
    `"${t(lang, "nav_me")}" in the header on ${page.url()}`);
  assert.equal(await header.getByRole("link", { name: t(lang, "nav_login"), exact: true }).count(), yes ? 0 : 1,
    `"${t(lang, "nav_login")}" in the header on ${page.url()}`);
}

export function pathOf(page) {
  const url = new URL(page.url());
  return url.pathname + url.search;
}
