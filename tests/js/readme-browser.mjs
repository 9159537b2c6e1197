// Runs the README's browser example of the generated JavaScript module in headless
// Chromium: the example's HTML as a page and the module beside it, both served by
// request interception (no server, no network), then ticks each box by keyboard
// and prints what the page shows after each.
// Usage: node readme-browser.mjs EXAMPLE.html MODULE.mjs [CHROMIUM]
import { readFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const [examplePath, modulePath, chromium = "/usr/bin/chromium"] = process.argv.slice(2);
const origin = "http://readme.invalid/";
const files = {
  [`${origin}index.html`]: {
    type: "text/html",
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Example</title></head><body>${readFileSync(examplePath, "utf8")}</body></html>`,
  },
  [`${origin}csec-educators.mjs`]: { type: "text/javascript", body: readFileSync(modulePath, "utf8") },
};

const browser = await puppeteer.launch({
  executablePath: chromium,
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const file = files[request.url()];
    if (file) request.respond({ status: 200, contentType: file.type, body: file.body });
    else request.abort();
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${origin}index.html`, { waitUntil: "load" });
  for (const value of ["missing_school", "substance_use"]) {
    await page.focus(`input[value=${value}]`);
    await page.keyboard.press("Space");
    console.log(await page.$eval("#decision", (o) => o.textContent));
  }
  if (errors.length) throw new Error(errors.join("\n"));
} finally {
  await browser.close();
}
