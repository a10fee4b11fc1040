// Entry point of the browser tests; run.sh starts the server and calls this.
// Each spec registers its tests, once per language, when imported.
import fs from "node:fs";
import { run } from "./lib/harness.mjs";
import { env } from "./lib/moim.mjs";
// First, so that the pictures show the demo before other tests add to it.
import "./specs/screenshots.mjs";
import "./specs/journey.mjs";
import "./specs/academy.mjs";
import "./specs/coffee.mjs";
import "./specs/accounts.mjs";
import "./specs/members.mjs";
import "./specs/profile.mjs";
import "./specs/accessibility.mjs";
import "./specs/phone.mjs";
import "./specs/activity.mjs";
import "./specs/wrapup.mjs";
import "./specs/first_use.mjs";
import "./specs/events.mjs";
import "./specs/discord_link.mjs";
import "./specs/form_errors.mjs";
import "./specs/language.mjs";
import "./specs/programme.mjs";
import "./specs/bingo.mjs";
import "./specs/mentoring.mjs";
import "./specs/privacy.mjs";
import "./specs/consent.mjs";
import "./specs/erasure.mjs";
import "./specs/data_export.mjs";
import "./specs/privacy_notice.mjs";
import "./specs/search.mjs";
import "./specs/wiki.mjs";

if (!env.baseUrl || !env.webRoot) {
  console.error("main.mjs: run through tests/e2e/run.sh (it starts the server)");
  process.exit(2);
}
const result = await run({
  baseUrl: env.baseUrl,
  chromium: process.env.MOIM_E2E_CHROMIUM || "/usr/bin/chromium",
  screenshotDir: process.env.MOIM_E2E_SCREENSHOTS || "e2e-screenshots",
  grep: process.env.MOIM_E2E_GREP || "",
  // Two visitors at a time keep a shared 2-core machine busy without starving the server.
  workers: Number(process.env.MOIM_E2E_WORKERS || 2),
  actionTimeoutMs: 30_000,  // generous: CI machines are shared; a failing step only takes longer
  testTimeoutMs: 120_000,
});
if (process.env.MOIM_E2E_SUMMARY) {
  fs.writeFileSync(process.env.MOIM_E2E_SUMMARY, `${result.passed} ${result.failed}\n`);
}
if (result.total === 0) console.log(`no test name contains "${process.env.MOIM_E2E_GREP}"`);
process.exit(result.failed === 0 && result.total > 0 ? 0 : 1);
