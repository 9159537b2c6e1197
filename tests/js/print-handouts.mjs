// Prints HTML handouts with headless Chromium (Debian's, driven by puppeteer-core) and
// checks each page with axe-core.
// Usage: node print-handouts.mjs OUT_DIR HTML...
// For each HTML file (numbered in order from 0) it writes OUT_DIR/<n>-letter.pdf and
// OUT_DIR/<n>-a4.pdf, printed as a browser prints them (the page's own @page margins,
// no header or footer), and prints on stdout, as JSON, what the test reads back from
// the page and what axe-core found:
//   [{ "file", "lang", "footer", "headings": [{ "heading", "first_item" }], "phones",
//      "hotline", "hotline_position", "draft_banner", "unlabelled_checkboxes",
//      "violations": [{ "id", "impact", "help", "targets": [...] }] }, …]
// Exit 2 when Chromium cannot be started.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error("usage: node print-handouts.mjs OUT_DIR HTML...");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let browser;
try {
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--font-render-hinting=none"],
  });
} catch (e) {
  console.error(`Chromium did not start: ${e.message}`);
  process.exit(2);
}
const results = [];
try {
  for (const [n, file] of files.entries()) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
    for (const [name, format] of [["letter", "Letter"], ["a4", "A4"]]) {
      await page.pdf({ path: join(outDir, `${n}-${name}.pdf`), format, printBackground: true });
    }
    const facts = await page.evaluate(() => {
      const words = (text) => text.replace(/\s+/g, " ").trim();
      const text = (element) => (element ? words(element.innerText) : null);
      // Each second-level heading, and the first line of what must print with it: the
      // first list item after it (a step, a factor) before the next heading, or the block
      // after it when there is no list.
      const headings = [];
      const open = [];
      // An item: a list's (a step, a factor) or a grade table's first cell (a graded item's grade).
      for (const element of document.querySelectorAll("h2, li, tbody td:first-child")) {
        if (element.tagName === "H2") {
          open.push(element);
          headings.push({ heading: text(element), first_item: null });
        } else if (headings.length > 0 && headings[headings.length - 1].first_item === null) {
          headings[headings.length - 1].first_item = words(element.innerText.split("\n")[0]);
        }
      }
      for (const [i, heading] of open.entries()) {
        const next = heading.nextElementSibling;
        if (headings[i].first_item === null && next) {
          headings[i].first_item = words(next.innerText.split("\n")[0]);
        }
      }
      const main = document.querySelector("main") || document.body;
      const hotline = document.querySelector(".markdown-alert-important");
      return {
        lang: document.documentElement.lang,
        footer: text(document.querySelector("hr + p")),
        headings,
        phones: [...document.querySelectorAll('a[href^="tel:"], .phone')].map(text),
        hotline: text(hotline),
        // Which of the page's blocks the hotline box is: 0 the title, 1 the line under it, …
        hotline_position: hotline ? [...main.children].indexOf(hotline) : null,
        draft_banner: text(document.querySelector(".markdown-alert-warning")),
        unlabelled_checkboxes: [...document.querySelectorAll("input[type=checkbox]")].filter(
          (box) => box.labels.length === 0 || words(box.labels[0].innerText) === "",
        ).length,
      };
    });
    // Every rule axe runs by default (WCAG 2.x A and AA and best practices).
    await page.addScriptTag({ content: axeSource });
    const report = await page.evaluate(async () => await globalThis.axe.run(document));
    results.push({
      file,
      ...facts,
      violations: report.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((node) => node.target.join(" ")),
      })),
    });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
