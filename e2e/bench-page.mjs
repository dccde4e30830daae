// Measures one step of the 2-3-1 lesson on the page in headless Chromium:
// the app's compute and redraw (SVG markup, formula, chart when it changes)
// plus the style and layout the browser does before it can paint.
//   node e2e/bench-page.mjs [steps]      (default 2000)
import { launchBrowser, openPage, startServer } from "./harness.mjs";

const steps = Number(process.argv[2] ?? 2000);
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await openPage(browser, server.url, { width: 1280, height: 800 });
  await page.waitForFunction(() => window.backpropLab?.app);
  const result = await page.evaluate((steps) => {
    const { app } = window.backpropLab;
    const network = document.getElementById("network");
    const time = (action) => {
      const started = performance.now();
      action();
      // Reading a layout property forces style and layout now.
      network.getBoundingClientRect();
      void document.body.offsetHeight;
      return performance.now() - started;
    };
    const summary = (samples) => {
      const sorted = [...samples].sort((a, b) => a - b);
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      return { count: sorted.length, median: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] };
    };
    // Steps cycle through whole iterations, so every kind of term and the
    // chart redraw after each update are included.
    const stepTimes = [];
    for (let i = 0; i < steps; i++) stepTimes.push(time(() => app.nextStep()));
    const iterationTimes = [];
    for (let i = 0; i < 200; i++) iterationTimes.push(time(() => app.runIteration()));
    // One tick of Play: an iteration, with the playing notice in place of
    // the formula and the explanation.
    app.reset();
    app.togglePlay();
    const tickTimes = [];
    for (let i = 0; i < 200; i++) tickTimes.push(time(() => app.playTick()));
    app.pause();
    return { step: summary(stepTimes), iteration: summary(iterationTimes), tick: summary(tickTimes), userAgent: navigator.userAgent };
  }, steps);
  const ms = (v) => v.toFixed(3);
  const rows = { "next step (term)": result.step, "run iteration": result.iteration, "play tick": result.tick };
  for (const [name, s] of Object.entries(rows)) {
    console.log(`${name}: n=${s.count} median ${ms(s.median)} ms, p90 ${ms(s.p90)} ms, p99 ${ms(s.p99)} ms, max ${ms(s.max)} ms`);
  }
  console.log(result.userAgent);
} finally {
  await browser.close();
  server.close();
}
