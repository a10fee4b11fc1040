// "Link Discord" in Chromium (issue #12, point 2): the form posts to moim,
// which answers 303 to Discord's OAuth page (here the stand-in that run.sh
// starts); the stand-in approves and sends the browser back to the callback.
// The page's CSP form-action must allow that origin, since Chromium checks
// the redirects of a form submission too: before, the click did nothing.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { button, expectNotice, kLanguages, navigate, signUp, unique } from "../lib/moim.mjs";

for (const lang of kLanguages) {
  test(`[${lang}] "Link Discord" follows the OAuth redirects to Discord and back`, async (visit) => {
    const discord = process.env.MOIM_E2E_DISCORD_URL;
    assert.ok(discord, "run.sh starts the Discord stand-in");
    const page = await visit({ lang });
    const blocked = [];
    page.on("console", (message) => {
      if (/Content Security Policy|form-action/i.test(message.text())) blocked.push(message.text());
    });
    const visited = [];
    page.on("request", (request) => {
      if (request.isNavigationRequest()) visited.push(request.url());
    });
    const name = unique("linker");
    await signUp(page, lang, { name, email: `${name}@e2e.moim.test`, password: "linker-password-1" });
    await page.goto("/me/discord");
    await navigate(page, button(page, lang, "discord_link"));
    await page.waitForURL(/\/me\/discord\?notice=linked$/);
    assert.deepEqual(blocked, [], "no CSP violation");
    assert.ok(visited.some((url) => url.startsWith(`${discord}/oauth2/authorize?`)),
      `the browser went to the stand-in's OAuth page: ${visited.join(", ")}`);
    assert.ok(visited.some((url) => url.includes("/me/discord/callback?code=")), "and came back with a code");
    await expectNotice(page, lang, "notice_discord_linked");
    assert.equal(await page.getByTestId("discord-linked").count(), 1, "the page shows the linked account");
  });
}
