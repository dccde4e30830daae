// Boots the wasm module and wires the page's events to the Rust `App`,
// which computes and draws everything.
import init, * as wasm from "./pkg/backprop_lab.js";

const byId = (id) => document.getElementById(id);

function showStartupError(error) {
  const status = byId("status");
  status.classList.add("error");
  status.textContent = `Backprop Lab failed to start: ${error.message ?? error}. Reload the page; if it fails again, check that www/pkg was built (make build).`;
  console.error(error);
}

async function main() {
  await init();
  const app = new wasm.App();
  // Tests and the benchmark read the module and the app from here.
  window.backpropLab = { wasm, app };

  let timer = null;
  const stopTimer = () => {
    clearTimeout(timer);
    timer = null;
  };
  // Play runs one iteration per tick, paced by setTimeout so that the page
  // stays responsive. The app stops playing by itself when training diverges.
  const tick = () => {
    timer = null;
    if (!app.isPlaying()) return;
    const started = performance.now();
    app.playTick();
    // The tick's own time counts towards the pause, so that the speed
    // control's iterations per second hold while the page keeps up.
    const elapsed = performance.now() - started;
    if (app.isPlaying()) timer = setTimeout(tick, Math.max(0, app.playDelayMs() - elapsed));
  };
  const togglePlay = () => {
    stopTimer();
    if (app.togglePlay()) timer = setTimeout(tick, 0);
  };
  // Any control that changes the lesson by hand pauses play first.
  const paused = (action) => (event) => {
    if (app.isPlaying()) {
      app.pause();
      stopTimer();
    }
    action(event);
  };

  // On a narrow screen the step buttons sit in a bar at the bottom of the
  // window (style.css). While the learner looks at the drawing, each step
  // scrolls the page just enough to show its element above that bar.
  const narrow = matchMedia("(max-width: 700px)");
  const keepCurrentInView = () => {
    if (!narrow.matches) return;
    const barTop = byId("step-bar").getBoundingClientRect().top;
    const drawing = byId("network").getBoundingClientRect();
    if (drawing.bottom <= 0 || drawing.top >= barTop) return;
    const boxes = [...document.querySelectorAll("#network .current")].map((e) => e.getBoundingClientRect());
    if (boxes.length === 0) return;
    const top = Math.min(...boxes.map((r) => r.top));
    const bottom = Math.max(...boxes.map((r) => r.bottom));
    const margin = 8;
    if (bottom > barTop - margin) window.scrollBy(0, Math.min(bottom - barTop + margin, top - margin));
    else if (top < margin) window.scrollBy(0, top - margin);
  };
  const step = (action) => () => {
    action();
    keepCurrentInView();
  };

  // The app returns a scrolled formula to its start when the formula
  // changes, and only then, because setting the offsets forces a layout.
  const formula = byId("formula");
  formula.addEventListener("scroll", () => {
    if (formula.scrollTop > 0 || formula.scrollLeft > 0) formula.dataset.scrolled = "";
  }, { passive: true });

  byId("next-step").addEventListener("click", paused(step(() => app.nextStep())));
  byId("previous-step").addEventListener("click", paused(step(() => app.previousStep())));
  byId("run-iteration").addEventListener("click", paused(() => app.runIteration()));
  byId("play-pause").addEventListener("click", togglePlay);
  byId("reset").addEventListener("click", paused(() => app.reset()));
  byId("reseed").addEventListener("click", paused(() => app.reseed()));
  byId("preset").addEventListener("change", paused((e) => app.setPreset(e.target.value)));
  byId("granularity").addEventListener("change", (e) => app.setGranularity(e.target.value));
  byId("speed").addEventListener("input", (e) => app.setSpeed(Number(e.target.value)));
  byId("learning-rate").addEventListener("change", (e) => app.setLearningRate(e.target.value));
  byId("colour-parameters").addEventListener("change", (e) => app.setColourParameters(e.target.checked));
  byId("log-scale").addEventListener("change", (e) => app.setLogScale(e.target.checked));
  byId("values-details").addEventListener("toggle", () => app.redraw());

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    const inField = target.closest?.("input, select, textarea");
    if ((event.key === "ArrowRight" || event.key === "ArrowLeft") && !inField) {
      event.preventDefault();
      paused(step(() => (event.key === "ArrowRight" ? app.nextStep() : app.previousStep())))();
    } else if (event.key === " " && !inField && !target.closest?.("button, a, summary")) {
      event.preventDefault();
      togglePlay();
    }
  });

  let resizeFrame = 0;
  const resizeSoon = () => {
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(() => app.resize());
  };
  new ResizeObserver(resizeSoon).observe(byId("network").parentElement);
  // The chart takes its colours from the style sheet's colour scheme.
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", resizeSoon);
}

main().catch(showStartupError);
