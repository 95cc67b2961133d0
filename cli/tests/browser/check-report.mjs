// Loads refine report's index.html in headless Chromium (Debian's, no download) and checks
// what a reader does with it:
// - the page loads with no console error and no blocked request;
// - "Needs a decision" is the first section and every link in it reaches an element that exists
//   (following one opens what it points to);
// - the ranked backlog holds every ranked item (as many lines as the summary's "Ranked open
//   items"), in rank order, one line each (median row height under 48 px at 1280 px), folded
//   after 20 lines until "Show all"; the filter finds the lowest-ranked item; clicking the Score
//   header sorts by score (again: the other way); an item's details open on click;
// - no header a reader sees holds a field name's `_`;
// - the cycle-time scatterplot, the aging work-in-progress chart and the forecast over the
//   ranked backlog are there, each an accessible image (role, title, description) with a
//   "how to read this" caption;
// - axe-core, run in the page, reports no serious or critical accessibility violation, in
//   light and in dark mode;
// - a report of hostile titles shows them as text (no dialog, no image, no script).
// Usage: node check-report.mjs DEMO_INDEX_HTML HOSTILE_INDEX_HTML SCREENSHOT_FOLDER
// Writes report.png (the top of the page), report-backlog.png and report-dark.png there.
// Prints one line per check; exits 1 when a check fails.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [demoPage, hostilePage, screenshots] = process.argv.slice(2);
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
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

async function open(path, colorScheme = "light") {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
  const problems = [];
  page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
  page.on("pageerror", (error) => problems.push(String(error)));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("dialog", async (dialog) => { problems.push(`dialog: ${dialog.message()}`); await dialog.dismiss(); });
  await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
  return { page, problems };
}

const RANKED = "#table-backlog-ranking";

// The ranked backlog's lines a reader sees (not filtered out, not folded).
async function visibleLines(page) {
  return page.$$eval(`${RANKED} tbody tr`, (rows) => rows
    .filter((row) => row.getBoundingClientRect().height > 0)
    .map((row) => ({
      rank: Number(row.cells[0].getAttribute("data-value")),
      key: row.querySelector(".key").textContent,
      score: row.cells[2].getAttribute("data-value"),
      height: row.getBoundingClientRect().height,
    })));
}

// axe-core's serious and critical violations on the page, one line each. axe runs through
// the DevTools protocol, which the page's Content-Security-Policy does not govern.
async function accessibilityProblems(page) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}, ${violation.nodes.length}×): ${violation.nodes[0]?.target}`);
}

try {
  const { page, problems } = await open(demoPage);
  // The top of the page as a reader first sees it, before any click scrolls it.
  await page.screenshot({ path: join(screenshots, "report.png"), fullPage: false });
  check("the demo report loads without console errors", problems.length === 0, problems.join(" | "));
  const sections = await page.$$eval("main > section", (all) => all.map((section) => section.id));
  check("'Needs a decision' comes first", sections[0] === "attention", sections.join(","));
  check("every section is there", ["summary", "backlog", "agenda", "health", "delivery", "estimation", "forecast", "quality"].every((id) => sections.includes(id)), sections.join(","));
  const findings = await page.$$eval("#attention li", (items) => items.length);
  check("the demo has findings to decide on", findings >= 3, `${findings} findings`);
  const broken = await page.$$eval("#attention a[href^='#']", (links) => links
    .map((link) => link.getAttribute("href"))
    .filter((href) => !document.getElementById(decodeURIComponent(href.slice(1)))));
  check("every link in 'Needs a decision' reaches an element", broken.length === 0, broken.join(", "));
  const evidence = await page.$eval("#attention a.evidence", (link) => link.getAttribute("href"));
  await page.click("#attention a.evidence");
  const opened = await page.$eval(evidence, (target) => target.getBoundingClientRect().height > 0);
  check("following an evidence link shows what it points to", opened, evidence);

  const rankedItems = await page.$$eval("#summary dt", (terms) => Number(terms.find((term) => term.textContent === "Ranked open items")?.nextElementSibling.textContent));
  const allLines = await page.$$eval(`${RANKED} tbody tr`, (rows) => rows.length);
  check("the ranked backlog holds every ranked item", allLines === rankedItems, `${allLines} lines, ${rankedItems} ranked open items`);
  const folded = await visibleLines(page);
  check("the ranked backlog starts in rank order", folded.length > 10 && folded.every((line, index) => line.rank === index + 1), folded.slice(0, 5).map((line) => line.rank).join(","));
  check("the ranked backlog shows its first 20 lines", folded.length === Math.min(20, rankedItems), `${folded.length} lines shown`);
  const heights = folded.map((line) => line.height).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)];
  check("a line of the ranked backlog is under 48 px tall (median, 1280 px wide)", median < 48, `${median} px`);
  await page.$eval("#backlog", (section) => section.scrollIntoView());
  await page.screenshot({ path: join(screenshots, "report-backlog.png"), fullPage: false });

  await page.click(`button.show-all[data-table='table-backlog-ranking']`);
  const unfolded = await visibleLines(page);
  check("'Show all' shows every line", unfolded.length === rankedItems, `${unfolded.length} lines shown`);
  check("'Show all' says it is expanded", (await page.getAttribute("button.show-all[data-table='table-backlog-ranking']", "aria-expanded")) === "true");
  await page.click(`button.show-all[data-table='table-backlog-ranking']`);

  const lastKey = unfolded.at(-1).key;
  await page.fill(`input[data-table='table-backlog-ranking']`, lastKey);
  const lastFound = (await visibleLines(page)).map((line) => line.rank);
  check("the filter finds the lowest-ranked item", lastFound.includes(rankedItems), `${lastKey}: ranks ${lastFound.join(",")}`);
  await page.fill(`input[data-table='table-backlog-ranking']`, "");

  await page.click(`${RANKED} thead th:has-text('Score')`);
  const ascending = (await page.$$eval(`${RANKED} tbody tr`, (rows) => rows.map((row) => row.cells[2].getAttribute("data-value")))).filter((value) => value !== "").map(Number);
  check("clicking the Score header sorts by score, ascending", ascending.length > 10 && ascending.every((value, index) => index === 0 || ascending[index - 1] <= value), ascending.slice(0, 5).join(","));
  check("the header says how it is sorted", (await page.getAttribute(`${RANKED} thead th:has-text('Score')`, "aria-sort")) === "ascending");
  await page.click(`${RANKED} thead th:has-text('Score')`);
  const descending = (await page.$$eval(`${RANKED} tbody tr`, (rows) => rows.map((row) => row.cells[2].getAttribute("data-value")))).filter((value) => value !== "").map(Number);
  check("clicking it again sorts descending", descending.every((value, index) => index === 0 || descending[index - 1] >= value), descending.slice(0, 5).join(","));
  await page.click(`${RANKED} thead th:has-text('Rank')`);

  const firstLine = `${RANKED} tbody tr:first-child`;
  await page.click(`${firstLine} summary`);
  const details = await page.$eval(`${firstLine} .more`, (more) => ({ shown: more.getBoundingClientRect().height > 0, text: more.textContent }));
  check("an item's details open on click, with its score's explanation", details.shown && /=/.test(details.text), details.text.slice(0, 80));

  const underscores = await page.$$eval("th, h1, h2, h3, dt, nav a, summary", (all) => all.map((element) => element.textContent.trim()).filter((text) => text.includes("_")));
  check("no header holds a field name's underscore", underscores.length === 0, underscores.slice(0, 8).join(" | "));

  for (const chart of ["cycle_time_scatter", "aging_wip", "backlog_forecast", "throughput_run_chart"]) {
    const found = await page.$$eval(`#chart-${chart}`, ([figure]) => figure && {
      role: figure.querySelector("svg")?.getAttribute("role"),
      title: figure.querySelector("svg > title")?.textContent ?? "",
      description: figure.querySelector("svg > desc")?.textContent ?? "",
      caption: figure.querySelector("figcaption")?.textContent ?? "",
    });
    check(`the ${chart} chart is there, accessible, with how to read it`, Boolean(found) && found.role === "img" && found.title !== "" && found.description !== "" && found.caption.startsWith("How to read this"), JSON.stringify(found));
  }
  const charts = await page.$$eval("figure.chart svg", (all) => all.length);
  check("every chart is inline", charts === 13, `${charts} inline charts`);

  const violations = await accessibilityProblems(page);
  check("axe-core finds no serious or critical accessibility violation", violations.length === 0, violations.join(" | "));
  check("no console error after the interactions", problems.length === 0, problems.join(" | "));

  const dark = await open(demoPage, "dark");
  await dark.page.screenshot({ path: join(screenshots, "report-dark.png"), fullPage: false });
  const darkViolations = await accessibilityProblems(dark.page);
  check("in dark mode too", darkViolations.length === 0, darkViolations.join(" | "));

  const hostile = await open(hostilePage);
  const titles = await hostile.page.$$eval(`${RANKED} tbody tr .title`, (spans) => spans.map((span) => span.textContent));
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
