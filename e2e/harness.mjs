// Shared set-up of the end-to-end tests: a static server on a free
// 127.0.0.1 port, Debian's Chromium through playwright-core, and pages that
// record console errors and failed requests.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export { startServer } from "../scripts/serve.mjs";

const SCREENSHOTS = fileURLToPath(new URL("screenshots/", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Without the background-networking flags Chromium tries to reach Google's
// hosts at start-up, which this machine's closed network refuses.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
];

/** Launches headless Chromium; playwright-core never downloads a browser. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Opens `url` in a new page of the given size. The page records every
 * console error, uncaught exception and failed request in `page.problems`.
 */
export async function openPage(browser, url, { width = 1280, height = 800, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => page.problems.push(`uncaught exception: ${error.message}`));
  page.on("requestfailed", (request) => {
    page.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) page.problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url);
  return page;
}

/** Throws if the page logged a console error, threw, or had a failed request. */
export function assertClean(page) {
  if (page.problems.length > 0) {
    throw new Error(`the page reported problems:\n${page.problems.join("\n")}`);
  }
}

/** Saves a full-page screenshot as e2e/screenshots/<name>.png; returns the path. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
