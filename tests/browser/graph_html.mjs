// Opens graph.html in Debian's headless Chromium with playwright-core and
// checks what a reader does: the page loads with no console error and no
// network request, nodes are drawn, searching "Lukashenko" and clicking his
// node lists his relations with evidence. Keeps a screenshot.
//
// usage: node graph_html.mjs EXPORTS_DIR SCREENSHOT.png
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [dir, shot] = process.argv.slice(2);
if (!dir || !shot) {
  console.error("usage: node graph_html.mjs EXPORTS_DIR SCREENSHOT.png");
  process.exit(2);
}
const page_url = "file://" + path.resolve(dir, "graph.html");
const failures = [];
let passed = 0;
const check = (ok, what) => {
  console.error((ok ? "ok   " : "FAIL ") + what);
  if (ok) passed++;
  else failures.push(what);
};

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "kg-chromium-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1400, height: 850 },
  args: [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
  ],
});
try {
  const page = browser.pages()[0] || (await browser.newPage());
  const errors = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });

  await page.goto(page_url, { waitUntil: "load" });
  await page.waitForFunction(() => document.body.dataset.drawnNodes !== undefined);
  const drawn = Number(await page.evaluate(() => document.body.dataset.drawnNodes));
  const total = await page.evaluate(() => window.kgView.nodes.length);
  check(drawn > 0, `nodes drawn: ${drawn} of ${total}`);

  await page.fill("#search", "Lukashenko");
  const first = page.locator("#matches li").first();
  await first.waitFor();
  check((await first.innerText()).includes("Lukashenko"), "search lists Lukashenko first");
  await first.click();
  // The view centres the chosen node; click it on the canvas like a reader.
  await page.click("#panel .close");
  const [x, y] = await page.evaluate(() => {
    const i = window.kgView.findMatches("Lukashenko")[0];
    return window.kgView.screen(i);
  });
  await page.mouse.click(x, y);
  await page.waitForSelector("#panel:not([hidden]) li.relation");
  const title = await page.innerText("#panel h2");
  check(title.includes("Lukashenko"), `clicking the node opens his panel: "${title}"`);
  const relations = await page.locator("#panel li.relation").count();
  check(relations > 0, `his relations are listed: ${relations}`);
  const evidence = await page.locator("#panel li.relation blockquote").count();
  check(evidence >= relations, `each relation shows its evidence sentences: ${evidence}`);
  const cite = await page.locator("#panel li.relation cite").first().innerText();
  check(/\.txt/.test(cite), `evidence names its document: "${cite}"`);

  await page.screenshot({ path: shot });
  check(errors.length === 0, `no console errors${errors.length ? ": " + errors.join(" | ") : ""}`);
  check(requests.length === 0, `no network requests${requests.length ? ": " + requests.join(" ") : ""}`);
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
