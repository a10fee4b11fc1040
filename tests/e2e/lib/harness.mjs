// A tiny test runner for the browser tests: one chromium for the whole run,
// a fresh browser context (cookies, language, viewport) per visitor, a
// screenshot of every open page when a test fails, and one summary line.
// Small on purpose: node:test would run each file in its own process and
// start chromium again each time, which costs seconds on a loaded machine.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const tests = [];

// Registers a test. fn(visit) gets a function that opens a new visitor:
//   const page = await visit({ lang: "en", viewport: { width: 390, height: 844 } });
export function test(name, fn) {
  tests.push({ name, fn });
}

const kLocales = { ko: "ko-KR", en: "en-US" };
let screenshotDir = "e2e-screenshots";

// A screenshot of the page as it is now, for tests that find a problem on a
// page they are about to leave (the failure screenshots show where tests end).
export async function saveScreenshot(page, name) {
  const file = path.join(screenshotDir, `${slug(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

function slug(text) {
  return text.replace(/[^A-Za-z0-9가-힣]+/g, "-").replace(/^-|-$/g, "").slice(0, 80);
}

function launchArgs() {
  const args = ["--disable-dev-shm-usage", "--disable-gpu"];
  // Chromium refuses its sandbox as root (CI containers run as root).
  if (process.getuid?.() === 0 || process.env.MOIM_E2E_NO_SANDBOX === "1") args.push("--no-sandbox");
  return args;
}

async function runOne(browser, entry, options) {
  const contexts = [];
  const visit = async ({ lang = "ko", viewport = { width: 1280, height: 900 } } = {}) => {
    const context = await browser.newContext({
      baseURL: options.baseUrl,
      locale: kLocales[lang],  // also the Accept-Language header moim reads
      viewport,
      acceptDownloads: true,
    });
    context.setDefaultTimeout(options.actionTimeoutMs);
    context.setDefaultNavigationTimeout(options.actionTimeoutMs);
    contexts.push(context);
    return context.newPage();
  };
  const started = Date.now();
  let error = null;
  let timer;
  try {
    await Promise.race([
      entry.fn(visit),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${options.testTimeoutMs} ms`)),
          options.testTimeoutMs,
        );
      }),
    ]);
  } catch (caught) {
    error = caught;
  } finally {
    clearTimeout(timer);
  }
  const shots = [];
  if (error) {
    let index = 0;
    for (const context of contexts) {
      for (const page of context.pages()) {
        const file = path.join(options.screenshotDir, `${slug(entry.name)}-${++index}.png`);
        try {
          await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
          shots.push(`${file} (${page.url()})`);
        } catch {
          // A page that cannot be captured (closed, crashed) adds nothing.
        }
      }
    }
  }
  await Promise.all(contexts.map((context) => context.close().catch(() => {})));
  return { error, shots, ms: Date.now() - started };
}

// Runs every registered test whose name contains options.grep, `workers` at a time.
export async function run(options) {
  fs.mkdirSync(options.screenshotDir, { recursive: true });
  screenshotDir = options.screenshotDir;
  const browser = await chromium.launch({
    executablePath: options.chromium,
    headless: true,
    args: launchArgs(),
  });
  const selected = tests.filter((entry) => !options.grep || entry.name.includes(options.grep));
  let passed = 0;
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < selected.length) {
      const entry = selected[next++];
      const result = await runOne(browser, entry, options);
      if (result.error) {
        failed++;
        console.log(`not ok  ${entry.name}  (${result.ms} ms)`);
        console.log(`        ${String(result.error.stack || result.error).split("\n").join("\n        ")}`);
        for (const shot of result.shots) console.log(`        screenshot: ${shot}`);
      } else {
        passed++;
        console.log(`ok      ${entry.name}  (${result.ms} ms)`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.workers) }, worker));
  await browser.close();
  return { passed, failed, total: selected.length };
}
