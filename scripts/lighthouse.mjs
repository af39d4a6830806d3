// Lighthouse (npm, installed by scripts/services/chromium.sh into .run/node) on a
// list of URLs with ONE Chromium: starting a browser per page costs more than the
// audit. Used by tests/browser/test_lighthouse.py and `scripts/benchmark site`.
//
//   node scripts/lighthouse.mjs NODE_MODULES_DIR CATEGORIES URL...
//     CATEGORIES: comma-separated, e.g. accessibility,best-practices,seo
//   CHROME_PATH: the Chromium executable (Debian's /usr/bin/chromium)
//
// Prints one JSON array: [{url, scores: {category: 0..100}, failing: [{id, title,
// score}], metrics: {...}}], mobile profile (Lighthouse's default).
import path from "node:path";
import { pathToFileURL } from "node:url";

const [modules, categories, ...urls] = process.argv.slice(2);
if (!modules || !categories || urls.length === 0) {
  console.error("usage: lighthouse.mjs NODE_MODULES_DIR CATEGORIES URL...");
  process.exit(2);
}
const load = (name, entry) => import(pathToFileURL(path.join(modules, name, entry)).href);
const { default: lighthouse } = await load("lighthouse", "core/index.js");
const chromeLauncher = await load("chrome-launcher", "dist/index.js");

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = [];
try {
  for (const url of urls) {
    const runner = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: categories.split(","),
      // Scores of these categories do not depend on throttling; Performance
      // (scripts/benchmark) keeps Lighthouse's simulated mobile throttling.
      ...(categories.includes("performance") ? {} : { throttlingMethod: "provided" }),
      disableFullPageScreenshot: true,
      skipAudits: ["screenshot-thumbnails", "final-screenshot"],
    });
    const lhr = runner.lhr;
    const scores = {};
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = category.score === null ? null : Math.round(category.score * 100);
    }
    const failing = Object.values(lhr.audits)
      .filter((audit) => audit.score !== null && audit.score < 1
        && ["binary", "numeric", "metricSavings"].includes(audit.scoreDisplayMode))
      .map((audit) => ({ id: audit.id, title: audit.title, score: audit.score }));
    const metric = (id) => lhr.audits[id]?.numericValue ?? null;
    results.push({
      url,
      runtimeError: lhr.runtimeError?.message ?? null,
      scores,
      failing,
      metrics: {
        fcp: metric("first-contentful-paint"),
        lcp: metric("largest-contentful-paint"),
        tbt: metric("total-blocking-time"),
        cls: metric("cumulative-layout-shift"),
        bytes: metric("total-byte-weight"),
      },
    });
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results));
