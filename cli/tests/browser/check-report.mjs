// Loads refine report's index.html in headless Chromium (Debian's, no download) and checks
// what a reader does with it: the page loads with no console error and no blocked request,
// the ranked table holds every ranked item (as many rows as the summary's "Ranked open items")
// and the filter finds the lowest-ranked one, clicking a header of the ranked table sorts it
// (again: the other way), the filter box keeps the matching rows, and a report of hostile
// titles shows them as text (no dialog, no image).
// Usage: node check-report.mjs DEMO_INDEX_HTML HOSTILE_INDEX_HTML SCREENSHOT_PNG
// Prints one line per check; exits 1 when a check fails.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [demoPage, hostilePage, screenshot] = process.argv.slice(2);
const failures = [];
function check(name, ok, detail) {
  console.log(`${ok ? "ok" : "FAILED"}  ${name}${ok || detail === undefined ? "" : `: ${detail}`}`);
  if (!ok) failures.push(name);
}

const browser = await chromium.launch({
  executablePath: process.env.REFINE_CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

async function open(path) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
  page.on("pageerror", (error) => problems.push(String(error)));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("dialog", async (dialog) => { problems.push(`dialog: ${dialog.message()}`); await dialog.dismiss(); });
  await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
  return { page, problems };
}

// Column values of the ranked table's visible rows, as the cells' sort values.
async function column(page, header) {
  return page.$$eval("#table-backlog-ranking", ([table], header) => {
    const headers = Array.from(table.tHead.rows[0].cells).map((cell) => cell.textContent.replace(/[ ▲▼]+$/, ""));
    const at = headers.indexOf(header);
    return Array.from(table.tBodies[0].rows)
      .filter((row) => !row.hidden)
      .map((row) => row.cells[at].getAttribute("data-value") ?? row.cells[at].textContent);
  }, header);
}

try {
  const { page, problems } = await open(demoPage);
  check("the demo report loads without console errors", problems.length === 0, problems.join(" | "));
  const sections = await page.$$eval("main > section", (all) => all.map((section) => section.id));
  check("every section is there", ["summary", "backlog", "agenda", "health", "delivery", "estimation", "forecast"].every((id) => sections.includes(id)), sections.join(","));

  const ranks = (await column(page, "rank")).map(Number);
  check("the ranked table starts in rank order", ranks.length > 10 && ranks.every((rank, index) => rank === index + 1), ranks.slice(0, 5).join(","));
  const rankedItems = await page.$$eval("#summary dt", (terms) => Number(terms.find((term) => term.textContent === "Ranked open items")?.nextElementSibling.textContent));
  check("the ranked table holds every ranked item", ranks.length === rankedItems, `${ranks.length} rows, ${rankedItems} ranked open items`);
  const lastKey = (await column(page, "key")).at(-1);
  await page.fill("input[data-table='table-backlog-ranking']", lastKey);
  const lastFound = (await column(page, "rank")).map(Number);
  check("the filter finds the lowest-ranked item", lastFound.includes(rankedItems), `${lastKey}: ranks ${lastFound.join(",")}`);
  await page.fill("input[data-table='table-backlog-ranking']", "");
  await page.click("#table-backlog-ranking thead th:has-text('score')");
  const ascending = (await column(page, "score")).filter((value) => value !== "").map(Number);
  check("clicking the score header sorts by score, ascending", ascending.length > 10 && ascending.every((value, index) => index === 0 || ascending[index - 1] <= value), ascending.slice(0, 5).join(","));
  check("the header says how it is sorted", (await page.getAttribute("#table-backlog-ranking thead th:has-text('score')", "aria-sort")) === "ascending");
  await page.click("#table-backlog-ranking thead th:has-text('score')");
  const descending = (await column(page, "score")).filter((value) => value !== "").map(Number);
  check("clicking it again sorts descending", descending.every((value, index) => index === 0 || descending[index - 1] >= value), descending.slice(0, 5).join(","));

  const firstKey = (await column(page, "key"))[0];
  await page.fill("input[data-table='table-backlog-ranking']", firstKey);
  const filtered = await column(page, "key");
  check("the filter keeps the matching rows", filtered.length >= 1 && filtered.every((key) => key.includes(firstKey)), filtered.join(","));
  await page.fill("input[data-table='table-backlog-ranking']", "");
  const charts = await page.$$eval("figure.chart svg", (all) => all.length);
  check("the charts are inline", charts === 9, `${charts} inline charts`);
  await page.screenshot({ path: screenshot, fullPage: false });
  check("no console error after the interactions", problems.length === 0, problems.join(" | "));

  const hostile = await open(hostilePage);
  const titles = await hostile.page.$$eval("#table-backlog-ranking tbody tr", (rows) => rows.map((row) => row.cells[2].textContent));
  check("a <script> title shows as text", titles.includes("<script>alert('title')</script>"), titles.join(" | "));
  check("an <img onerror> title shows as text", titles.includes("<img src=x onerror=alert(2)>"), titles.join(" | "));
  const injected = await hostile.page.$$eval("main img, main script, body > script", (all) => all.length);
  check("no element came from the inputs (only refine's one script)", injected === 1, `${injected} img/script elements`);
  check("no dialog and no console error on the hostile report", hostile.problems.length === 0, hostile.problems.join(" | "));
} catch (error) {
  check("the browser run", false, String(error));
} finally {
  await browser.close();
}
process.exit(failures.length === 0 ? 0 : 1);
