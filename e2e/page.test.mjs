// End-to-end tests of the tutorial page in headless Chromium: stepping,
// colouring, the loss chart, the controls and screenshots.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { assertClean, launchBrowser, openPage, screenshot, startServer } from "./harness.mjs";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the page and waits until the app has drawn the first frame. */
async function openApp(size = DESKTOP, options = {}) {
  const page = await openPage(browser, server.url, { ...size, ...options });
  await page.waitForFunction(() => window.backpropLab?.app && document.querySelector("#network [data-kind=unit]"));
  return page;
}

/** Everything the network drawing shows, read from its data attributes. */
function readDrawing(page) {
  return page.evaluate(() => {
    const number = (element, name) => {
      const value = element.getAttribute(`data-${name}`);
      return value === null ? null : Number(value);
    };
    const all = (selector) => [...document.querySelectorAll(`#network ${selector}`)];
    const key = (element) =>
      [element.dataset.kind, element.dataset.layer, element.dataset.from ?? "", element.dataset.to ?? "", element.dataset.unit ?? ""].join(":");
    return {
      units: all("[data-kind=unit]").map((u) => ({
        l: Number(u.dataset.layer), k: Number(u.dataset.unit), z: number(u, "z"), a: number(u, "a"), delta: number(u, "delta"),
        values: [...u.querySelectorAll(".value")].map((v) => v.textContent),
      })),
      edges: all("[data-kind=edge]").map((e) => ({
        l: Number(e.dataset.layer), j: Number(e.dataset.from), k: Number(e.dataset.to),
        weight: number(e, "weight"), gradient: number(e, "gradient"), coloured: e.classList.contains("coloured"),
      })),
      labels: all("[data-kind=edge-label]").map((e) => ({
        l: Number(e.dataset.layer), j: Number(e.dataset.from), k: Number(e.dataset.to),
        values: [...e.querySelectorAll(".value")].map((v) => v.textContent),
      })),
      biases: all("[data-kind=bias]").map((b) => ({
        l: Number(b.dataset.layer), k: Number(b.dataset.unit),
        bias: number(b, "bias"), gradient: number(b, "gradient"), coloured: b.classList.contains("coloured"),
        values: [...b.querySelectorAll(".value")].map((v) => v.textContent),
      })),
      current: all(".current").map(key).sort(),
      dependencies: all(".dependency").map(key).sort(),
      // The formula without the count of rows of a long one.
      formulaText: [...document.getElementById("formula").childNodes]
        .filter((node) => !node.classList?.contains("formula-more"))
        .map((node) => node.textContent)
        .join(""),
      explanation: document.getElementById("explanation").dataset.text,
      explanationShown: document.getElementById("explanation").textContent,
      position: document.getElementById("step-position").textContent,
    };
  });
}

/**
 * Saves a screenshot of the whole page, taken with the window as tall as
 * the page, so that the phone's fixed step bar shows at the end of the
 * page rather than where the window's bottom edge was.
 */
async function screenshotWhole(page, name) {
  const size = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height });
  await screenshot(page, name);
  await page.setViewportSize(size);
}

/** Returns the computed stroke colour of every box of the current step. */
function currentOutlines(page) {
  return page.evaluate(() => [...document.querySelectorAll("#network .current .box")].map((box) => getComputedStyle(box).stroke));
}

/** Parses a number as the page writes it (Unicode minus, ×10⁻⁵). */
function parseShown(text) {
  const superscripts = { "⁻": "-", "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9" };
  const plain = text.trim().replace("\u2212", "-").replace(/^\+/, "");
  const [mantissa, exponent] = plain.split("×10");
  if (exponent === undefined) return Number(mantissa);
  return Number(mantissa) * 10 ** Number([...exponent].map((c) => superscripts[c]).join(""));
}

/** Asserts that `shown` is `expected` rounded to four significant digits. */
function assertShown(shown, expected, what) {
  const value = parseShown(shown);
  const tolerance = Math.abs(expected) * 6e-4 + 1e-12;
  assert.ok(Math.abs(value - expected) <= tolerance, `${what}: shows ${shown}, the API gives ${expected}`);
}

/** Asserts that the drawing shows exactly the values of a Session snapshot. */
function assertDrawingMatches(drawing, snapshot, what) {
  const known = (value) => (value === undefined || value === null ? null : value);
  for (const unit of drawing.units) {
    if (unit.l > 0) {
      assert.equal(unit.z, known(snapshot.z[unit.l][unit.k]), `${what}: z of unit ${unit.l},${unit.k}`);
      assert.equal(unit.delta, known(snapshot.delta[unit.l][unit.k]), `${what}: delta of unit ${unit.l},${unit.k}`);
      if (unit.z !== null) assertShown(unit.values[0], unit.z, `${what}: z text of unit ${unit.l},${unit.k}`);
    }
    assert.equal(unit.a, known(snapshot.a[unit.l][unit.k]), `${what}: a of unit ${unit.l},${unit.k}`);
    if (unit.a !== null) assertShown(unit.values[unit.l > 0 ? 1 : 0], unit.a, `${what}: a text of unit ${unit.l},${unit.k}`);
  }
  const gradient = snapshot.gradient;
  for (const edge of drawing.edges) {
    assert.equal(edge.weight, snapshot.parameters.layers[edge.l - 1].weights[edge.j][edge.k], `${what}: weight ${edge.l},${edge.j},${edge.k}`);
    const expected = gradient ? gradient.layers[edge.l - 1].weights[edge.j][edge.k] : known(snapshot.dlDw[edge.l - 1][edge.j][edge.k]);
    assert.equal(edge.gradient, expected, `${what}: dL/dw of ${edge.l},${edge.j},${edge.k}`);
    assert.equal(edge.coloured, expected !== null, `${what}: colour of edge ${edge.l},${edge.j},${edge.k}`);
  }
  for (const label of drawing.labels) {
    assertShown(label.values[0], snapshot.parameters.layers[label.l - 1].weights[label.j][label.k], `${what}: weight text`);
    const expected = gradient ? gradient.layers[label.l - 1].weights[label.j][label.k] : known(snapshot.dlDw[label.l - 1][label.j][label.k]);
    if (expected === null) assert.equal(label.values[1], "?", `${what}: unknown dL/dw text`);
    else assertShown(label.values[1], expected, `${what}: dL/dw text of ${label.l},${label.j},${label.k}`);
  }
  for (const bias of drawing.biases) {
    assert.equal(bias.bias, snapshot.parameters.layers[bias.l - 1].biases[bias.k], `${what}: bias ${bias.l},${bias.k}`);
    const expected = gradient ? gradient.layers[bias.l - 1].biases[bias.k] : known(snapshot.dlDb[bias.l - 1][bias.k]);
    assert.equal(bias.gradient, expected, `${what}: dL/db of ${bias.l},${bias.k}`);
    assert.equal(bias.coloured, expected !== null, `${what}: colour of bias ${bias.l},${bias.k}`);
  }
}

/** Converts the marks of a Session step to the drawing's keys. */
function stepMarks(step) {
  const terms = step.terms.length > 0 ? step.terms : [step];
  const keys = new Set();
  for (const term of terms) {
    for (const [l, k] of term.highlight.units) keys.add(`unit:${l}:::${k}`);
    for (const [l, j, k] of term.highlight.edges) {
      keys.add(`edge:${l}:${j}:${k}:`);
      keys.add(`edge-label:${l}:${j}:${k}:`);
    }
    for (const [l, k] of term.highlight.biases) keys.add(`bias:${l}:::${k}`);
  }
  return [...keys].sort();
}

describe("tutorial page", () => {
  test("landmarks exist with accessible names", async () => {
    const page = await openApp();
    const ids = ["network", "formula", "explanation", "loss-chart", "next-step", "previous-step", "granularity", "learning-rate", "play-pause", "reset", "preset"];
    for (const id of ids) {
      const snapshot = await page.locator(`#${id}`).ariaSnapshot();
      assert.match(snapshot, /"[^"]+"|: \S/, `#${id} has no accessible name: ${snapshot}`);
    }
    assertClean(page);
    await page.context().close();
  });

  test("term steps of one iteration match the Session", async () => {
    const page = await openApp();
    const termCount = await page.evaluate(() => {
      window.reference = window.backpropLab.wasm.Session.preset("2-3-1");
      return window.reference.termCount();
    });
    assert.equal(termCount, 35, "2-3-1 with one sample: 2 x 3 + 2 forward, 1 loss, 5 + 3 x 7 backward, 1 update");

    let previous = await readDrawing(page);
    assertDrawingMatches(previous, await page.evaluate(() => window.reference.snapshot()), "start");
    for (let term = 1; term <= termCount; term++) {
      await page.click("#next-step");
      const step = await page.evaluate(() => window.reference.nextStep());
      const snapshot = await page.evaluate(() => window.reference.snapshot());
      const drawing = await readDrawing(page);
      const what = `term ${term} (${step.symbol})`;

      const expectedFormula = await page.evaluate((mathml) => {
        const element = document.createElement("div");
        element.innerHTML = mathml;
        return element.textContent;
      }, step.mathml);
      assert.equal(drawing.formulaText, expectedFormula, `${what}: formula`);
      assert.notEqual(drawing.formulaText, previous.formulaText, `${what}: the formula did not change`);
      assert.equal(drawing.explanation, step.explanation, `${what}: explanation`);
      assert.doesNotMatch(drawing.explanationShown, /_\{|\^\(|delta_|dL\/d|\btheta\b|\balpha\b/, `${what}: notation left as ASCII`);
      const typeset = await page.evaluate(() => document.querySelectorAll("#explanation sub, #explanation sup").length);
      if (/_\{|_\d|\^\(/.test(step.explanation)) assert.ok(typeset > 0, `${what}: the explanation has no typeset indices`);
      assert.match(drawing.position, new RegExp(`term ${term} of ${termCount}`), `${what}: position`);

      assert.ok(drawing.current.length > 0, `${what}: nothing is highlighted`);
      assert.deepEqual(drawing.current, stepMarks(step), `${what}: highlighted elements`);
      const highlightChanged = JSON.stringify(drawing.current) !== JSON.stringify(previous.current);
      const sameElement = JSON.stringify(stepMarks(step)) === JSON.stringify(previous.current);
      assert.ok(highlightChanged || sameElement, `${what}: the highlight did not follow the step`);
      if (step.dependsOn.units.length + step.dependsOn.edges.length + step.dependsOn.biases.length > 0 && step.phase !== "update") {
        assert.ok(drawing.dependencies.length > 0 || step.dependsOn.units.every(([l, k]) => step.highlight.units.some(([hl, hk]) => hl === l && hk === k)),
          `${what}: dependencies are not marked`);
      }

      assertDrawingMatches(drawing, snapshot, what);
      if (step.quantity === "z") assertShown(drawing.units.find((u) => u.l === step.layer && u.k === step.unit).values[0], step.value, `${what}: value`);
      if (step.quantity === "dl_dw") {
        const label = drawing.labels.find((e) => e.l === step.layer && e.j === step.from && e.k === step.unit);
        assertShown(label.values[1], step.value, `${what}: value`);
      }
      previous = drawing;
    }
    assert.doesNotMatch(await page.locator("body").innerText(), /NaN/);
    assertClean(page);
    await page.context().close();
  });

  test("all 13 partial derivatives coloured after backward pass", async () => {
    const page = await openApp();
    const backwardTerms = await page.evaluate(() => {
      const session = window.backpropLab.wasm.Session.preset("2-3-1");
      let count = 0;
      do {
        count += 1;
      } while (session.nextStep().symbol !== "dL/db_3^(1)");
      return count;
    });
    for (let i = 0; i < backwardTerms - 1; i++) await page.click("#next-step");
    let drawing = await readDrawing(page);
    const colouredBefore = drawing.edges.filter((e) => e.coloured).length + drawing.biases.filter((b) => b.coloured).length;
    assert.equal(colouredBefore, 12, "one bias is still to come");

    await page.click("#next-step");
    drawing = await readDrawing(page);
    assert.equal(drawing.edges.filter((e) => e.coloured).length, 9);
    assert.equal(drawing.biases.filter((b) => b.coloured).length, 4);
    const styles = await page.evaluate(() =>
      [...document.querySelectorAll("#network .edge.coloured .stroke, #network .bias.coloured .stroke")].map((line) => {
        const style = getComputedStyle(line);
        return { stroke: style.stroke, dash: style.strokeDasharray, sign: line.parentElement.classList.contains("negative") ? "-" : "+" };
      }),
    );
    assert.equal(styles.length, 13);
    for (const { stroke, dash, sign } of styles) {
      assert.notEqual(stroke, "rgb(196, 196, 196)", "a coloured edge keeps the neutral grey");
      assert.equal(dash !== "none", sign === "-", `sign ${sign} with dash pattern ${dash}`);
    }
    const ticks = await page.locator("#legend [data-tick]").evaluateAll((ts) => ts.map((t) => Number(t.dataset.tick)));
    const largest = Math.max(...drawing.edges.map((e) => Math.abs(e.gradient)), ...drawing.biases.map((b) => Math.abs(b.gradient)));
    assert.equal(ticks.length, 5);
    const range = Math.max(...ticks);
    assert.ok(range >= largest, `legend range ${range} is below the largest |derivative| ${largest}`);
    assert.ok(range < 2.5 * largest, `legend range ${range} is far above the largest |derivative| ${largest}`);
    assert.equal(Math.min(...ticks), -Math.max(...ticks), "the scale is symmetric around 0");
    for (const stroke of await currentOutlines(page)) {
      assert.equal(stroke, "rgb(0, 158, 115)", "the current step's outline keeps its colour over the scale's");
    }
    await screenshotWhole(page, "desktop-after-backward");
    assertClean(page);
    await page.context().close();
  });

  test("previous step returns to the start", async () => {
    const page = await openApp();
    const start = await readDrawing(page);
    for (let i = 0; i < 12; i++) await page.click("#next-step");
    assert.notEqual((await readDrawing(page)).formulaText, start.formulaText);
    for (let i = 0; i < 12; i++) await page.click("#previous-step");
    const back = await readDrawing(page);
    assert.deepEqual(back, start);
    assert.equal(await page.getAttribute("#previous-step", "aria-disabled"), "true");
    // The button stays focusable at the start, and pressing it shows why
    // nothing happens.
    await page.focus("#previous-step");
    await page.keyboard.press("Enter");
    assert.match(await page.textContent("#status"), /Already at the start/);
    assert.deepEqual(await readDrawing(page), start);
    assertClean(page);
    await page.context().close();
  });

  test("20 iterations plot 20 falling points", async () => {
    const page = await openApp();
    for (let i = 0; i < 20; i++) await page.click("#run-iteration");
    const points = JSON.parse(await page.getAttribute("#loss-chart", "data-points"));
    assert.equal(points.length, 20);
    assert.ok(points[19] < points[0], `the loss went from ${points[0]} to ${points[19]}`);
    const expected = await page.evaluate(() => {
      const session = window.backpropLab.wasm.Session.preset("2-3-1");
      return Array.from({ length: 20 }, () => session.trainStep());
    });
    assert.deepEqual(points, expected, "the chart plots the Session's losses");
    assert.match(await page.textContent("#loss-summary"), /^20 iterations: the loss fell/);

    await page.check("#log-scale");
    assert.equal(await page.getAttribute("#loss-chart", "data-scale"), "log");
    const painted = await page.evaluate(() => {
      const canvas = document.getElementById("loss-chart");
      const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set();
      for (let i = 0; i < pixels.length; i += 4 * 97) colours.add(`${pixels[i]},${pixels[i + 1]},${pixels[i + 2]}`);
      return colours.size;
    });
    assert.ok(painted > 3, `the chart canvas has only ${painted} colours`);
    assertClean(page);
    await page.context().close();
  });

  test("presets switch the network", async () => {
    const page = await openApp();
    const expected = {
      "single-neuron": { units: 3, edges: 2, biases: 1, alpha: "0.5" },
      xor: { units: 6, edges: 9, biases: 4, alpha: "1" },
      "mazur-2-2-2": { units: 6, edges: 8, biases: 4, alpha: "0.5" },
      "2-3-1": { units: 6, edges: 9, biases: 4, alpha: "0.5" },
    };
    for (const [name, counts] of Object.entries(expected)) {
      await page.selectOption("#preset", name);
      const drawing = await readDrawing(page);
      assert.equal(drawing.units.length, counts.units, `${name}: units`);
      assert.equal(drawing.edges.length, counts.edges, `${name}: edges`);
      assert.equal(drawing.biases.length, counts.biases, `${name}: biases`);
      assert.equal(await page.inputValue("#learning-rate"), counts.alpha, `${name}: learning rate`);
      const snapshot = await page.evaluate((preset) => window.backpropLab.wasm.Session.preset(preset).snapshot(), name);
      assertDrawingMatches(drawing, snapshot, name);
    }
    await page.selectOption("#preset", "mazur-2-2-2");
    await page.click("#next-step");
    const unit = (await readDrawing(page)).units.find((u) => u.l === 1 && u.k === 0);
    assert.equal(unit.values[0], "0.3775", "Mazur's net input of hidden unit 1");
    assertClean(page);
    await page.context().close();
  });

  test("invalid learning rate explains the fix", async () => {
    const page = await openApp();
    await page.fill("#learning-rate", "abc");
    await page.press("#learning-rate", "Enter");
    const message = await page.textContent("#learning-rate-message");
    assert.match(message, /“abc” is not a number/);
    assert.match(message, /positive number such as 0\.5/);
    assert.equal(await page.getAttribute("#learning-rate", "aria-invalid"), "true");

    await page.fill("#learning-rate", "-2");
    await page.press("#learning-rate", "Enter");
    assert.match(await page.textContent("#learning-rate-message"), /greater than 0, but it is −2/);

    await page.fill("#learning-rate", "0.25");
    await page.press("#learning-rate", "Enter");
    assert.equal(await page.textContent("#learning-rate-message"), "");
    assert.equal(await page.getAttribute("#learning-rate", "aria-invalid"), "false");
    await page.click("#run-iteration");
    await page.click("#run-iteration");
    const learningRate = await page.evaluate(() => JSON.parse(document.querySelector("#loss-chart").dataset.points).length);
    assert.equal(learningRate, 2);
    assert.doesNotMatch(await page.locator("body").innerText(), /NaN/);
    assertClean(page);
    await page.context().close();
  });

  test("diverging training shows a message", async () => {
    const page = await openApp();
    // A linear unit with a huge learning rate: each update multiplies the
    // weight by about 1e153, so the third iteration's loss overflows.
    const document = {
      version: 1,
      inputs: 1,
      layers: [{ activation: "linear", weights: [[2.0]], biases: [0.0] }],
      loss: "squared_error",
      learning_rate: 1e150,
      samples: [{ x: [10.0], y: [0.0] }],
    };
    await page.evaluate((text) => window.backpropLab.app.loadJson(text), JSON.stringify(document));
    assert.equal(await page.inputValue("#preset"), "custom");
    for (let i = 0; i < 5; i++) await page.click("#run-iteration");
    const status = await page.textContent("#status");
    assert.match(status, /diverged/i);
    assert.ok(await page.locator("#status.error").isVisible(), "the message is shown as an error");
    const text = await page.locator("body").innerText();
    assert.doesNotMatch(text, /NaN|Infinity|inf\b/);
    const values = await page.locator("#network [data-kind=unit] .value").allTextContents();
    assert.ok(values.length > 0);

    await page.click("#play-pause");
    assert.equal(await page.getAttribute("#play-pause", "aria-pressed"), "false", "play stays off after divergence");
    const invalid = await page.evaluate(() => {
      try {
        window.backpropLab.app.loadJson('{"inputs": 0}');
        return null;
      } catch (error) {
        return error.message;
      }
    });
    assert.match(invalid, /^loadJson: /);
    assertClean(page);
    await page.context().close();
  });

  test("keyboard steps and plays", async () => {
    const page = await openApp();
    await page.locator("h1").click();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    assert.match(await page.textContent("#step-position"), /term 2 of 35/);
    await page.keyboard.press("ArrowLeft");
    assert.match(await page.textContent("#step-position"), /term 1 of 35/);

    await page.fill("#speed", "60");
    await page.locator("h1").click();
    await page.keyboard.press(" ");
    assert.equal(await page.getAttribute("#play-pause", "aria-pressed"), "true");
    // While playing, the page stays responsive: each evaluate is a round
    // trip through the page's event loop.
    const started = Date.now();
    let answers = 0;
    while (Date.now() - started < 1500) {
      await page.evaluate(() => 1);
      answers += 1;
    }
    await page.keyboard.press(" ");
    assert.equal(await page.getAttribute("#play-pause", "aria-pressed"), "false");
    const points = JSON.parse(await page.getAttribute("#loss-chart", "data-points"));
    assert.ok(points.length >= 5, `only ${points.length} iterations played in 1.5 s at 60 per second`);
    assert.ok(answers > 20, `the page answered only ${answers} times in 1.5 s`);
    assertClean(page);
    await page.context().close();
  });

  test("reset and new weights", async () => {
    const page = await openApp();
    const weights = async () => (await readDrawing(page)).edges.map((e) => e.weight);
    const initial = await weights();
    for (let i = 0; i < 3; i++) await page.click("#run-iteration");
    assert.notDeepEqual(await weights(), initial, "training changed the weights");

    await page.click("#reset");
    assert.deepEqual(await weights(), initial, "reset restores the initial weights");
    assert.equal(await page.getAttribute("#loss-chart", "data-points"), "[]");
    assert.match(await page.textContent("#step-position"), /not started/);

    await page.click("#reseed");
    const reseeded = await weights();
    assert.notDeepEqual(reseeded, initial, "new weights differ");
    assert.match(await page.textContent("#status"), /seed 2/);
    const expected = await page.evaluate(() => {
      const session = window.backpropLab.wasm.Session.preset("2-3-1");
      session.reseed(2);
      return session.snapshot().parameters.layers.flatMap((layer) => layer.weights.flat());
    });
    assert.deepEqual([...reseeded].sort(), [...expected].sort(), "the page draws the Session's weights for seed 2");

    await page.click("#run-iteration");
    await page.click("#reset");
    assert.deepEqual(await weights(), reseeded, "reset returns to the new weights");
    assertClean(page);
    await page.context().close();
  });

  test("granularity groups terms into steps", async () => {
    const page = await openApp();
    await page.selectOption("#granularity", "unit");
    await page.click("#next-step");
    assert.match(await page.textContent("#step-position"), /term 2 of 35/, "a unit's forward step is z and a");
    await page.selectOption("#granularity", "layer");
    await page.click("#next-step");
    assert.match(await page.textContent("#step-position"), /term 6 of 35/, "the rest of layer 1");
    await page.selectOption("#granularity", "iteration");
    await page.click("#next-step");
    assert.match(await page.textContent("#step-position"), /term 35 of 35 · update/);
    const drawing = await readDrawing(page);
    assert.equal(drawing.current.filter((key) => key.startsWith("edge:")).length, 9, "the update marks every weight");
    assert.match(drawing.formulaText, /./);
    await page.keyboard.press("ArrowLeft");
    assert.match(await page.textContent("#step-position"), /term 6 of 35/, "previous undoes the whole step");
    assertClean(page);
    await page.context().close();
  });

  test("values table matches the drawing", async () => {
    const page = await openApp();
    await page.click("#values-details summary");
    for (let i = 0; i < 3; i++) await page.click("#next-step");
    const rows = await page.locator("#values-table tbody tr").count();
    assert.equal(rows, 6 + 13);
    const drawing = await readDrawing(page);
    const hidden = drawing.units.find((u) => u.l === 1 && u.k === 0);
    const cells = await page.locator("#values-table tr", { hasText: "unit 1 of layer 1" }).locator("td").allTextContents();
    assert.equal(cells[0], hidden.values[0], "z in the table and in the drawing");
    assert.equal(cells[1], hidden.values[1], "a in the table and in the drawing");
    assertClean(page);
    await page.context().close();
  });

  test("colour toggle colours weights", async () => {
    const page = await openApp();
    assert.equal((await readDrawing(page)).edges.filter((e) => e.coloured).length, 0);
    await page.check("#colour-parameters");
    assert.equal((await readDrawing(page)).edges.filter((e) => e.coloured).length, 9);
    assert.match(await page.textContent("#legend"), /weights w and biases b/);
    assertClean(page);
    await page.context().close();
  });

  test("play shows no formula of an earlier step", async () => {
    const page = await openApp();
    await page.click("#run-iteration");
    await page.fill("#speed", "60");
    await page.click("#play-pause");
    await page.waitForFunction(() => JSON.parse(document.querySelector("#loss-chart").dataset.points).length >= 4);
    assert.match(await page.textContent("#step-position"), /update/);
    assert.match(await page.textContent("#formula"), /^Playing/);
    assert.match(await page.textContent("#explanation"), /^Playing/);
    await page.click("#play-pause");
    const iteration = Number((await page.textContent("#step-position")).match(/Iteration (\d+)/)[1]);
    const explanation = await page.getAttribute("#explanation", "data-text");
    assert.doesNotMatch(explanation, /^Playing/);
    const expected = await page.evaluate((n) => {
      const session = window.backpropLab.wasm.Session.preset("2-3-1");
      for (let i = 0; i < n; i++) session.runIteration();
      return session.currentStep().explanation;
    }, iteration);
    assert.equal(explanation, expected, "pause shows the explanation of the last update");
    assertClean(page);
    await page.context().close();
  });

  test("learning rate error replaces the confirmation", async () => {
    const page = await openApp();
    await page.fill("#learning-rate", "2");
    await page.press("#learning-rate", "Enter");
    assert.match(await page.textContent("#status"), /set to 2\./);
    await page.fill("#learning-rate", "x");
    await page.press("#learning-rate", "Enter");
    assert.equal(await page.textContent("#status"), "", "the old confirmation is gone");
    assert.match(await page.textContent("#learning-rate-message"), /α stays 2\.$/);
    await page.fill("#learning-rate", "1e-320");
    await page.press("#learning-rate", "Enter");
    assert.match(await page.textContent("#status"), /set to 1×10⁻³²⁰\./);
    assert.doesNotMatch(await page.locator("body").innerText(), /NaN|inf\b|Infinity/);
    assertClean(page);
    await page.context().close();
  });

  test("drawn text stays inside its box", async () => {
    // A linear network whose values reach 10^150 and more.
    const huge = {
      version: 1,
      inputs: 2,
      layers: [
        { activation: "linear", weights: [[2.0, -1.5, 0.5], [1.0, 0.25, -2.0]], biases: [0.1, -0.429, 0.3] },
        { activation: "linear", weights: [[1.0], [-1.0], [0.5]], biases: [-0.09012] },
      ],
      loss: "squared_error",
      learning_rate: 1e120,
      samples: [{ x: [10.0, -3.0], y: [0.0] }],
    };
    for (const size of [DESKTOP, PHONE]) {
      const page = await openApp(size);
      for (const json of [null, JSON.stringify(huge)]) {
        if (json) await page.evaluate((text) => window.backpropLab.app.loadJson(text), json);
        for (let i = 0; i < 3; i++) await page.click("#run-iteration");
        for (let i = 0; i < 20; i++) await page.click("#next-step");
        const spills = await page.evaluate(() => {
          const found = [];
          for (const group of document.querySelectorAll("#network g")) {
            const box = group.querySelector(":scope > rect.box");
            if (!box) continue;
            const b = box.getBBox();
            for (const text of group.querySelectorAll(":scope > text")) {
              const t = text.getBBox();
              if (t.x < b.x - 0.5 || t.x + t.width > b.x + b.width + 0.5) found.push(`${text.textContent}: ${t.x.toFixed(1)}+${t.width.toFixed(1)} in ${b.x.toFixed(1)}+${b.width.toFixed(1)}`);
            }
          }
          return found;
        });
        assert.deepEqual(spills, [], `${size.width} px, ${json ? "huge values" : "2-3-1"}: text past its box`);
      }
      assert.doesNotMatch(await page.locator("#network").textContent(), /NaN|inf\b/);
      await page.context().close();
    }
  });

  test("phone keeps Next in reach of the highlight", async () => {
    const page = await openApp(PHONE);
    const frameWidth = await page.evaluate(() => document.getElementById("network").parentElement.clientWidth);
    assert.equal(frameWidth, 334, "tests/view_layout.rs lays out the phone's drawing at this width");
    await page.locator("#network").evaluate((svg) => svg.scrollIntoView({ block: "start" }));
    for (let i = 0; i < 35; i++) {
      await page.click("#next-step");
      const view = await page.evaluate(() => {
        const bar = document.getElementById("step-bar").getBoundingClientRect();
        const next = document.getElementById("next-step").getBoundingClientRect();
        const boxes = [...document.querySelectorAll("#network .current")].map((e) => e.getBoundingClientRect());
        return {
          barTop: bar.top, nextTop: next.top, nextBottom: next.bottom, height: innerHeight,
          top: Math.min(...boxes.map((r) => r.top)), bottom: Math.max(...boxes.map((r) => r.bottom)), tall: Math.max(...boxes.map((r) => r.bottom)) - Math.min(...boxes.map((r) => r.top)),
        };
      });
      const what = `term ${i + 1}`;
      assert.ok(view.nextTop >= 0, `${what}: Next is above the window`);
      assert.ok(view.nextBottom <= view.height, `${what}: Next is below the window`);
      if (view.tall < view.barTop) {
        assert.ok(view.top >= 0, `${what}: the highlight is above the window (${view.top})`);
        assert.ok(view.bottom <= view.barTop, `${what}: the bar covers the highlight (${view.bottom} > ${view.barTop})`);
      }
    }
    assertClean(page);
    await page.context().close();
  });

  test("long formulas say that they scroll", async () => {
    const page = await openApp();
    await page.selectOption("#preset", "mazur-2-2-2");
    await page.click("#run-iteration");
    const more = page.locator("#formula .formula-more");
    assert.match(await more.textContent(), /^\d+ rows: scroll/);
    assert.ok(await more.isVisible());
    const formula = page.locator("#formula");
    const box = await formula.boundingBox();
    const hint = await more.boundingBox();
    assert.ok(hint.y + hint.height <= box.y + box.height + 1, "the row count is inside the visible box");
    await formula.evaluate((element) => { element.scrollTop = element.scrollHeight; });
    await page.selectOption("#granularity", "layer");
    await page.click("#next-step");
    assert.equal(await formula.evaluate((element) => element.scrollTop), 0, "a new stacked formula starts at its first row");
    assertClean(page);
    await page.context().close();
  });

  test("toolbar keeps its place when Play turns into Pause", async () => {
    const page = await openApp();
    const place = () => page.evaluate(() => {
      const button = document.getElementById("play-pause").getBoundingClientRect();
      const rate = document.getElementById("learning-rate").getBoundingClientRect();
      return [button.width, rate.x, rate.y];
    });
    const frameWidth = await page.evaluate(() => document.getElementById("network").parentElement.clientWidth);
    assert.equal(frameWidth, 868, "tests/view_layout.rs lays out the desktop's drawing at this width");
    const before = await place();
    await page.click("#play-pause");
    const playing = await place();
    await page.click("#play-pause");
    assert.deepEqual(playing, before);
    assert.equal(await page.textContent("#speed-value"), "5 iterations/s");
    assert.match(await page.locator("#play-pause").getAttribute("aria-describedby"), /play-help/);
    assert.match(await page.textContent("#play-help"), /whole iterations/);
    assertClean(page);
    await page.context().close();
  });

  for (const [name, size] of [["desktop", DESKTOP], ["phone", PHONE]]) {
    test(`screenshots at ${name} width`, async () => {
      const page = await openApp(size);
      await screenshotWhole(page, `${name}-start`);
      if (name === "phone") await page.locator("#network").evaluate((svg) => svg.scrollIntoView({ block: "start" }));
      for (let i = 0; i < 20; i++) await page.click("#next-step");
      assert.match(await page.textContent("#step-position"), /backward pass/);
      // The window of a learner stepping on a phone: the drawing and the
      // step bar below it.
      if (name === "phone") await page.screenshot({ path: fileURLToPath(new URL("screenshots/phone-stepping.png", import.meta.url)) });
      await screenshotWhole(page, `${name}-mid-backward`);
      for (let i = 0; i < 20; i++) await page.click("#run-iteration");
      await screenshotWhole(page, `${name}-after-training`);

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the ${name} window`);
      assertClean(page);
      await page.context().close();
    });
  }

  test("dark colour scheme", async () => {
    const page = await openApp(DESKTOP, { colorScheme: "dark" });
    for (let i = 0; i < 28; i++) await page.click("#next-step");
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, "rgb(17, 20, 24)");
    const currentStrokes = await currentOutlines(page);
    assert.ok(currentStrokes.length > 0, "the current step's element has an outline");
    for (const stroke of currentStrokes) assert.equal(stroke, "rgb(58, 214, 166)", "the current step's outline keeps its colour");
    await screenshotWhole(page, "desktop-dark-mid-backward");
    assertClean(page);
    await page.context().close();
  });
});
