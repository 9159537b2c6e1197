// The screening pages in a real browser: Debian's Chromium, headless, driven by
// puppeteer-core, with the network off. For each page it clicks through
// observation sets (the protocol's own scenarios, then seeded random ones) by
// mouse and by keyboard, answering each question when the walk reaches it, and
// checks what the page shows (tracks, steps, deadlines, each group's verdict and
// total, how the walk ends) against `protocolc eval --json` on exactly what was
// clicked. It runs axe-core on the page and fails on any violation, and fails on
// any request other than the page itself. It prints how long each click took to
// answer and how long each page took to load (measured, not asserted), and fails
// when a page is wider than the 360 px phone screen it is opened on.
//
// Usage: node screen-check.mjs CONFIG.json, where CONFIG is
//   { "binary": "…/protocolc", "chromium": "/usr/bin/chromium", "sets": 24,
//     "pages": [{ "page": "/abs/x.screen.html", "protocol": "/abs/x.protocol",
//                 "document": "/abs/x.json", "texts": true }],
//     "screenshots": "/abs/dir" (optional) }
// `texts`: the page is in the protocol's own language, so texts (deadlines,
// outcomes) can be compared with eval's; a translated page is compared by ids.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const problems = [];
const report = [];

/** A small seeded generator (xorshift32), so every run clicks the same sets. */
function generator(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  return {
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}

/** The numbers a protocol compares each input with, and their neighbours. */
function comparedValues(doc) {
  const found = new Map();
  const visit = (node) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      if (node.compare && typeof node.compare.value === "number") {
        const { input, value } = node.compare;
        if (!found.has(input)) found.set(input, new Set());
        for (const v of [value - 1, value, value + 1]) if (v >= 0) found.get(input).add(v);
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(doc);
  return found;
}

/** The controls a page offers, read from the page itself. */
async function controls(page) {
  return page.evaluate(() => ({
    ticks: [...document.querySelectorAll('input[type=checkbox][data-factor]')].map((e) => e.dataset.factor),
    choices: [...new Set([...document.querySelectorAll('input[type=radio][data-factor]')].map((e) => e.dataset.factor))],
    signals: [...document.querySelectorAll("input[data-signal]")].map((e) => e.dataset.signal),
    inputs: [...document.querySelectorAll("input[data-input]")].map((e) => ({
      id: e.dataset.input,
      min: Number(e.min || 0),
      max: e.max === "" ? null : Number(e.max),
    })),
    // A scale's list: its values' ids, lowest first.
    scales: [...document.querySelectorAll("select[data-input]")].map((e) => ({
      id: e.dataset.input,
      values: [...e.options].map((o) => o.value).filter((v) => v !== ""),
    })),
  }));
}

/** The sets to click: the protocol's scenarios, then random ones up to `count`. */
function observationSets(doc, offered, count, seed) {
  const sets = [];
  for (const s of doc.scenarios ?? []) {
    const factors = (s.factors ?? []).filter((f) => offered.ticks.includes(f) || offered.choices.includes(f));
    const possible = (s.possible ?? []).filter((f) => offered.choices.includes(f));
    const answers = Object.fromEntries((s.answers ?? []).map((a) => [a.question, a.answer]));
    const values = Object.fromEntries(
      Object.entries(s.values ?? {}).filter(([id, v]) => {
        const input = offered.inputs.find((i) => i.id === id);
        const scale = offered.scales.find((i) => i.id === id);
        return input ? v >= input.min && (input.max === null || v <= input.max) : scale?.values.includes(v);
      }),
    );
    sets.push({ factors, possible, signals: s.signals ?? [], values, answers, random: false });
  }
  const random = generator(seed);
  const compared = comparedValues(doc);
  while (sets.length < count) {
    const set = { factors: [], possible: [], signals: [], values: {}, answers: {}, random: true };
    const density = random.pick([0.15, 0.35, 0.6]);
    for (const f of offered.ticks) if (random.chance(density)) set.factors.push(f);
    for (const f of offered.choices) {
      if (random.chance(density)) (random.chance(0.6) ? set.factors : set.possible).push(f);
    }
    for (const s of offered.signals) if (random.chance(density)) set.signals.push(s);
    for (const input of offered.inputs) {
      if (!random.chance(0.8)) continue;
      const near = [...(compared.get(input.id) ?? [])].filter(
        (v) => v >= input.min && (input.max === null || v <= input.max),
      );
      set.values[input.id] =
        near.length > 0 && random.chance(0.7)
          ? random.pick(near)
          : random.int(input.min, input.max ?? input.min + 30);
    }
    for (const scale of offered.scales) {
      if (random.chance(0.8)) set.values[scale.id] = random.pick(scale.values);
    }
    sets.push(set);
  }
  return sets.slice(0, Math.max(count, sets.length));
}

/** `protocolc eval --json` on exactly what was clicked. */
function evaluate(protocol, clicked) {
  const args = ["eval", protocol, "--json"];
  for (const f of clicked.factors) args.push("--factor", f);
  for (const f of clicked.possible) args.push("--possible", f);
  for (const s of clicked.signals) args.push("--signal", s);
  for (const [id, v] of Object.entries(clicked.values)) args.push("--value", `${id}=${v}`);
  for (const [q, a] of Object.entries(clicked.answers)) args.push("--answer", `${q}=${a}`);
  return JSON.parse(execFileSync(config.binary, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
}

/**
 * Clicks as a person would: the control scrolled to the middle of the screen
 * first (on a phone the decision's summary is fixed over the bottom of the
 * screen, and a tap there lands on the summary).
 */
async function click(page, selector) {
  await page.$eval(selector, (element) => element.scrollIntoView({ block: "center" }));
  await page.click(selector);
}

/** Ticks a checkbox: by mouse, or by keyboard (focus, then Space). */
async function tick(page, selector, byKeyboard) {
  if (byKeyboard) {
    await page.focus(selector);
    await page.keyboard.press("Space");
  } else {
    await click(page, selector);
  }
}

/** Chooses one radio of a group: by mouse, or by keyboard (arrows move and choose). */
async function choose(page, name, value, byKeyboard) {
  const radios = await page.$$eval(`input[name="${name}"]`, (list) => list.map((r) => [r.value, r.checked]));
  const target = radios.findIndex(([v]) => v === value);
  if (!byKeyboard) {
    await click(page, `input[name="${name}"][value="${value}"]`);
    return;
  }
  let at = radios.findIndex(([, checked]) => checked);
  if (at === -1) {
    // Nothing chosen yet: focus the first and choose it with Space.
    await page.focus(`input[name="${name}"]`);
    await page.keyboard.press("Space");
    at = 0;
  } else {
    await page.focus(`input[name="${name}"][value="${radios[at][0]}"]`);
  }
  while (at < target) {
    await page.keyboard.press("ArrowRight");
    at += 1;
  }
}

/** What the page shows, read back from it. */
async function shown(page) {
  return page.evaluate(() => {
    // A part the page does not have (a choice question has no "ask again") is not shown.
    const visible = (e) => e !== null && !e.hidden && e.closest("[hidden]") === null;
    const ids = (list, name) => [...document.getElementById(list).children].map((e) => e.getAttribute(name));
    return {
      tracks: visible(document.getElementById("follow-box")) ? ids("follow", "data-track") : [],
      superseded: visible(document.getElementById("not-followed")) ? ids("superseded", "data-superseded") : [],
      noTrack: visible(document.getElementById("no-track")),
      path: [...document.getElementById("path").children].map((item) => {
        const part = (what) => item.querySelector(`[data-shows="${what}"]`);
        return {
          key: item.dataset.step,
          state: item.dataset.state,
          deadline: visible(part("deadline")) ? item.querySelector("[data-deadline]").textContent : null,
          trackEnded: visible(part("track-ended")) ? item.querySelector("[data-track-ended]").textContent : null,
          askAgain: visible(part("ask-again")),
          // A select-all question shows its worked-out answer, with no buttons.
          answer:
            item.querySelector("input[data-answer]:checked")?.value ??
            (item.querySelector("[data-ticked]")?.dataset.ticked || null),
        };
      }),
      stepsShown: visible(document.getElementById("steps-box")),
      waiting: visible(document.getElementById("end-waiting")),
      ended: visible(document.getElementById("end-ended")) ? document.getElementById("end-outcome").textContent : null,
      finished: visible(document.getElementById("end-finished")),
      summary: document.getElementById("summary").textContent,
      verdicts: [...document.querySelectorAll("[data-verdict]")].map((item) => {
        const on = (what) => visible(item.querySelector(`[data-shows="${what}"]`));
        const level = [...item.querySelectorAll('[data-shows^="level-"]')].find(visible);
        // An outcome shows its value only: it is met when it has one, always applies,
        // and its total (of no factors) is 0.
        if (item.dataset.outcome !== undefined) {
          return {
            id: item.dataset.verdict,
            met: level !== undefined,
            applies: true,
            total: 0,
            level: level ? level.dataset.shows.slice("level-".length) : null,
          };
        }
        return {
          id: item.dataset.verdict,
          met: on("met") && !on("not-met"),
          applies: !on("not-applying"),
          total: on("applying") ? Number(item.querySelector("[data-total]")?.textContent) : null,
          level: level ? level.dataset.shows.slice("level-".length) : null,
        };
      }),
    };
  });
}

/** Differences between what the page shows and what eval says. */
function compare(seen, expected, texts) {
  const out = [];
  const same = (what, a, b) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${what}: page ${JSON.stringify(a)}, eval ${JSON.stringify(b)}`);
  };
  same("tracks", seen.tracks, expected.tracks.map((t) => t.id));
  same("superseded", seen.superseded, expected.superseded.map((t) => t.id));
  same("no track shown", seen.noTrack, expected.tracks.length === 0);
  const path = expected.path.map((p) => ({
    key: `${p.track}/${p.step}`,
    state: p.what,
    answer: p.what === "answered" ? p.answer : null,
    ...(texts ? { deadline: p.deadline ?? null, trackEnded: p.track_ended ?? null } : {}),
  }));
  const waiting = expected.end.waiting;
  if (waiting) path.push({ key: `${waiting.track}/${waiting.question}`, state: "waiting", askAgain: waiting.unclear });
  const pagePath = seen.path.map((p, i) => {
    const entry = { key: p.key, state: p.state };
    if (p.state === "waiting") return { ...entry, askAgain: p.askAgain };
    entry.answer = p.state === "answered" ? p.answer : null;
    return texts ? { ...entry, deadline: p.deadline, trackEnded: p.trackEnded } : entry;
  });
  same("steps", pagePath, path);
  same("waiting shown", seen.waiting, Boolean(waiting));
  // "These are all the steps" closes a list of steps: shown when there is one.
  same("finished shown", seen.finished, expected.end === "finished" && expected.path.length > 0);
  same("ended", seen.ended === null ? null : texts ? seen.ended : true,
    expected.end.ended ? (texts ? expected.end.ended.outcome : true) : null);
  same(
    "verdicts",
    seen.verdicts,
    expected.criteria.map((c) => ({
      id: c.id,
      met: c.met,
      applies: c.applies,
      total: c.applies ? c.total ?? 0 : null,
      level: c.level ?? null,
    })),
  );
  if (texts) {
    for (const t of expected.tracks) {
      if (!seen.summary.includes(t.title)) out.push(`summary "${seen.summary}" lacks "${t.title}"`);
    }
  }
  return out;
}

async function axe(page, where) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document);
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  for (const v of result) problems.push(`${where}: axe: ${v}`);
  return result.length;
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
};

const browser = await puppeteer.launch({
  executablePath: config.chromium ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-extensions"],
});
try {
  for (const [index, entry] of config.pages.entries()) {
    const url = pathToFileURL(entry.page).href;
    const doc = JSON.parse(readFileSync(entry.document, "utf8"));
    const page = await browser.newPage();
    await page.setViewport({ width: 360, height: 800 });
    await page.setOfflineMode(true);
    await page.setRequestInterception(true);
    const requests = [];
    page.on("request", (request) => {
      if (request.url() === url) request.continue();
      else {
        requests.push(request.url());
        request.abort();
      }
    });
    page.on("pageerror", (error) => problems.push(`${entry.page}: script error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`${entry.page}: console error: ${message.text()}`);
    });
    // Measured in the page: from a click's (or key's) event to the result shown
    // and laid out, in a listener that runs after the page's own.
    await page.evaluateOnNewDocument(() => {
      window.__timings = [];
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      const measure = (event) => {
        document.body.getBoundingClientRect();
        window.__timings.push(performance.now() - event.timeStamp);
      };
      window.addEventListener("change", measure);
      window.addEventListener("input", (e) => {
        if (e.target.matches("input[data-input]")) measure(e);
      });
    });
    await page.goto(url, { waitUntil: "load" });
    const offered = await controls(page);
    const sets = observationSets(doc, offered, config.sets ?? 20, 7919 * (index + 1));
    let axeRuns = 0;
    let violations = await axe(page, `${entry.page} (as opened)`);
    axeRuns += 1;
    const timings = [];
    const loads = [];
    const scripts = [];
    let compared = 0;
    let longest = { length: -1 };
    for (const [n, set] of sets.entries()) {
      await page.goto(url, { waitUntil: "load" });
      const timing = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0];
        // Opened to loaded; and from the file read to the page parsed, its script run
        // and the first (empty) decision shown.
        return [nav.loadEventEnd - nav.startTime, nav.domContentLoadedEventEnd - nav.responseEnd];
      });
      loads.push(timing[0]);
      scripts.push(timing[1]);
      const clicked = { factors: [], possible: [], signals: [], values: {}, answers: {} };
      let keyboard = n % 2 === 1;
      for (const [id, value] of Object.entries(set.values)) {
        if (offered.scales.some((s) => s.id === id)) {
          await page.select(`select[data-input="${id}"]`, value);
        } else {
          await page.focus(`input[data-input="${id}"]`);
          await page.keyboard.type(String(value));
        }
        clicked.values[id] = value;
      }
      for (const f of set.factors) {
        keyboard = !keyboard;
        if (offered.ticks.includes(f)) await tick(page, `input[data-factor="${f}"]`, keyboard);
        else await choose(page, `factor-${f}`, "yes", keyboard);
        clicked.factors.push(f);
      }
      for (const f of set.possible) {
        keyboard = !keyboard;
        await choose(page, `factor-${f}`, "possible", keyboard);
        clicked.possible.push(f);
      }
      for (const s of set.signals) {
        keyboard = !keyboard;
        await tick(page, `input[data-signal="${s}"]`, keyboard);
        clicked.signals.push(s);
      }
      const random = generator(n + 1);
      for (let round = 0; round < 40; round += 1) {
        const waiting = await page.evaluate(() => document.querySelector('#path > li[data-state="waiting"]')?.dataset.step ?? null);
        if (waiting === null) break;
        const question = waiting.split("/")[1];
        let answer = set.answers[question];
        if (answer === undefined && set.random && random.chance(0.85)) {
          // The answers the page offers: yes, no and unclear, or the question's choices.
          const offered = await page.$$eval(`input[name="answer-${question}"]`, (list) => list.map((r) => r.value));
          answer = random.pick(offered);
        }
        if (answer === undefined || clicked.answers[question] === answer) break;
        keyboard = !keyboard;
        await choose(page, `answer-${question}`, answer, keyboard);
        clicked.answers[question] = answer;
      }
      // Readable on a phone: nothing wider than the 360 px screen, with the steps shown.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) problems.push(`${entry.page}, set ${n + 1}: the page is ${width} px wide on a 360 px screen`);
      const seen = await shown(page);
      const expected = evaluate(entry.protocol, clicked);
      for (const difference of compare(seen, expected, entry.texts)) {
        problems.push(`${entry.page}, set ${n + 1} ${JSON.stringify(clicked)}: ${difference}`);
      }
      compared += 1;
      if (seen.path.length > longest.length) longest = { length: seen.path.length, set: n };
      timings.push(...(await page.evaluate(() => window.__timings)));
      for (const v of await page.evaluate(() => window.__violations)) problems.push(`${entry.page}: CSP violation: ${v}`);
      // axe on the page with the longest walk so far and its questions shown.
      if (n === sets.length - 1 || (seen.path.length >= 3 && axeRuns < 3 && longest.set === n)) {
        violations += await axe(page, `${entry.page} (set ${n + 1})`);
        axeRuns += 1;
      }
      if (config.screenshots && n === longest.set && entry.texts) {
        const name = entry.page.split("/").pop().replace(".screen.html", "");
        await page.screenshot({ path: `${config.screenshots}/${name}-360.png`, fullPage: true });
      }
    }
    for (const r of requests) problems.push(`${entry.page}: a request was attempted: ${r}`);
    report.push({
      page: entry.page,
      sets: compared,
      clicks: timings.length,
      median: median(timings),
      max: Math.max(...timings),
      load: median(loads),
      loadMax: Math.max(...loads),
      script: median(scripts),
      scriptMax: Math.max(...scripts),
      axeRuns,
      violations,
      requests: requests.length,
    });
    await page.close();
  }
} finally {
  await browser.close();
}

for (const r of report) {
  console.log(
    `${r.page}: ${r.sets} observation sets, ${r.clicks} clicks and keys; click to answer shown: median ${r.median.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; opened to loaded median ${r.load.toFixed(1)} ms, max ${r.loadMax.toFixed(1)} ms (of which parsed and script run: median ${r.script.toFixed(1)} ms, max ${r.scriptMax.toFixed(1)} ms); axe runs ${r.axeRuns}, violations ${r.violations}; requests ${r.requests}`,
  );
}
if (problems.length > 0) {
  console.error(`${problems.length} problems:\n${problems.slice(0, 60).join("\n")}`);
  process.exit(1);
}
