// Every string a person reads comes from the catalog (issue #12, point 13):
// on the Korean pages no English weekday, role, attendance note, plan item,
// availability slot or allocation mode leaks through; the English pages say
// them in English.
import assert from "node:assert/strict";
import { test } from "../lib/harness.mjs";
import { demo, kLanguages, logIn, t } from "../lib/moim.mjs";
import { academyPaths, activityPaths, mentoringPaths, wrapUpPaths } from "./accessibility.mjs";

// What leaked before, as a Korean organizer saw it.
const kLeaks = [
  [/\((Mon|Tue|Wed|Thu|Fri|Sat|Sun)\)/, "an English weekday"],
  [/\((runner|auditor|builder)\)/, "an English role"],
  [/checked in with the code/, "the check-in note"],
  [/\(min \d+\)/, "\"(min N)\""],
  [/: (stable|rank_maximal)\b/, "the allocation mode's name"],
  [/\b(mon|tue|wed|thu|fri|sat|sun)_(morning|afternoon|evening)\b/, "an availability slot's name"],
  [/create the (role|page|category)|give the role|send the seat offer|invite .+ to the server/, "a plan item"],
  [/presenter:|Deadline:/, "a calendar label"],
];

async function pagesToRead(page) {
  const api = `/api/v1/communities/${demo.slug}`;
  const base = `/c/${demo.slug}`;
  const { labs } = await (await page.request.get(`${api}/labs`)).json();
  const lab = labs.find((item) => item.title.startsWith("Pseudo-Lab 상시 연구 랩"));
  const { sessions } = await (await page.request.get(`${api}/projects/${lab.id}/sessions`)).json();
  const paths = [`${base}/projects/${lab.id}/sessions`, `${base}/cohorts/7/selection`,
    `${base}/automation/plan?cohort=6`, `${base}/automation/plan?cohort=7`, `${base}/coffee/1`];
  const attended = sessions.filter((session) => new Date(session.starts_at).getTime() < Date.now()).slice(0, 3);
  for (const session of attended) paths.push(`${base}/sessions/${session.id}/attendance`);
  return [...paths, ...await activityPaths(page), ...await academyPaths(page), ...await wrapUpPaths(page),
    ...await mentoringPaths(page)];
}

for (const lang of kLanguages) {
  test(`[${lang}] the pages speak ${lang === "ko" ? "Korean" : "English"} only`, async (visit) => {
    const page = await visit({ lang });
    await logIn(page, lang, demo.organizer, demo.password);
    const leaks = [];
    let weekdays = 0;
    for (const path of await pagesToRead(page)) {
      const response = await page.goto(path);
      assert.equal(response.status(), 200, path);
      const body = await page.locator("main").innerText();
      if (lang === "ko") {
        for (const [pattern, what] of kLeaks) {
          const found = body.match(pattern);
          if (found) leaks.push(`${path}: ${what} "${found[0]}"`);
        }
      }
      const dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => t(lang, `day_${day}`));
      if (dayNames.some((day) => body.includes(`(${day})`))) weekdays++;
    }
    assert.deepEqual(leaks, [], "English on the Korean pages");
    assert.ok(weekdays > 0, `dates carry ${lang} weekdays`);
  });
}
