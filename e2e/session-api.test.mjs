// Calls the `Session` class's methods from JavaScript in headless Chromium,
// as a developer using the wasm package would, and checks the numbers
// against values computed independently of this code.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { assertClean, launchBrowser, openPage, startServer } from "./harness.mjs";

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, `${server.url}e2e/fixtures/api.html`);
  await page.waitForFunction(() => window.lab?.Session);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs `body(lab)` in the page; an exception comes back as { error }. */
function inPage(body, argument) {
  return page.evaluate(
    ([source, argument]) => {
      try {
        return { result: new Function("lab", "argument", source)(window.lab, argument) };
      } catch (error) {
        return { error: String(error?.message ?? error), isError: error instanceof Error };
      }
    },
    [body, argument],
  );
}

function assertClose(actual, expected, tolerance, label) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: expected ${expected}, got ${actual}`);
}

// Matt Mazur's worked example, "A Step by Step Backpropagation Example"
// (2015): the figures below are the article's, recomputed with plain Python.
const MAZUR = {
  lossBefore: 0.298371109,
  lossAfter: 0.2910277737,
  outputWeights: [[0.35891648, 0.511301270], [0.408666186, 0.561370121]],
  hiddenWeights: [[0.149780716, 0.24975114], [0.19956143, 0.29950229]],
};

test("preset, loss and trainStep match Mazur's example", async () => {
  const { result, error } = await inPage(`
    const session = lab.Session.preset("mazur-2-2-2");
    const lossBefore = session.loss();
    const returned = session.trainStep();
    const document = JSON.parse(session.toJson());
    return { lossBefore, returned, lossAfter: session.loss(), layers: document.layers };
  `);
  assert.equal(error, undefined);
  assertClose(result.lossBefore, MAZUR.lossBefore, 1e-9, "loss before");
  assertClose(result.returned, MAZUR.lossBefore, 1e-9, "trainStep's return value");
  assertClose(result.lossAfter, MAZUR.lossAfter, 1e-10, "loss after one update");
  for (const [j, row] of MAZUR.hiddenWeights.entries()) {
    for (const [k, w] of row.entries()) assertClose(result.layers[0].weights[j][k], w, 1e-8, `w_{${j + 1},${k + 1}}^(1)`);
  }
  for (const [j, row] of MAZUR.outputWeights.entries()) {
    for (const [k, w] of row.entries()) assertClose(result.layers[1].weights[j][k], w, 1e-8, `w_{${j + 1},${k + 1}}^(2)`);
  }
  assert.deepEqual(result.layers[0].biases, [0.35, 0.35], "frozen biases stay");
});

test("gradient returns the document's shapes and plain arrays", async () => {
  const { result, error } = await inPage(`
    const session = lab.Session.preset("2-3-1");
    const gradient = session.gradient();
    return {
      shapes: gradient.layers.map((l) => [l.weights.length, l.weights[0].length, l.biases.length]),
      plain: Array.isArray(gradient.layers) && !(gradient instanceof Map),
      finite: gradient.layers.every((l) => l.weights.flat().concat(l.biases).every(Number.isFinite)),
    };
  `);
  assert.equal(error, undefined);
  assert.deepEqual(result.shapes, [[2, 3, 3], [3, 1, 1]]);
  assert.ok(result.plain);
  assert.ok(result.finite);
});

test("gradient of one sigmoid neuron matches a hand computation", async () => {
  // z = 0.6 * 1 - 0.4 * 0.5 + 0.1 = 0.5, a = sigma(0.5), L = (a - y)^2:
  // dL/dw_j = 2 (a - y) a (1 - a) x_j, computed here in JavaScript.
  const text = JSON.stringify({
    inputs: 2,
    layers: [{ activation: "sigmoid", weights: [[0.6], [-0.4]], biases: [0.1] }],
    loss: "squared_error",
    learning_rate: 0.1,
    samples: [{ x: [1, 0.5], y: [1] }],
  });
  const { result, error } = await inPage(`
    const session = lab.Session.fromJson(argument);
    return session.gradient();
  `, text);
  assert.equal(error, undefined);
  const a = 1 / (1 + Math.exp(-0.5));
  const delta = 2 * (a - 1) * a * (1 - a);
  assertClose(result.layers[0].weights[0][0], delta * 1, 1e-12, "dL/dw_{1,1}");
  assertClose(result.layers[0].weights[1][0], delta * 0.5, 1e-12, "dL/dw_{2,1}");
  assertClose(result.layers[0].biases[0], delta, 1e-12, "dL/db_1");
});

test("toJson round-trips through fromJson", async () => {
  const { result, error } = await inPage(`
    const first = lab.Session.preset("xor");
    first.trainStep();
    const text = first.toJson();
    const second = lab.Session.fromJson(text);
    return { same: second.toJson() === text, loss: [first.loss(), second.loss()] };
  `);
  assert.equal(error, undefined);
  assert.ok(result.same);
  assert.equal(result.loss[0], result.loss[1]);
});

test("walkthrough methods step, describe and undo", async () => {
  const { result, error } = await inPage(`
    const session = lab.Session.preset("2-3-1");
    session.setGranularity("term");
    const before = session.currentStep();
    const first = session.nextStep();
    const second = session.nextStep();
    const snapshot = session.snapshot();
    session.previousStep();
    const afterUndo = session.currentStep();
    return { before, first, second, snapshot, afterUndo, granularity: session.granularity() };
  `);
  assert.equal(error, undefined);
  assert.equal(result.before, null);
  assert.equal(result.granularity, "term");
  assert.equal(result.first.phase, "forward");
  assert.equal(result.first.quantity, "z");
  assert.equal(result.second.quantity, "a");
  assertClose(result.second.value, 1 / (1 + Math.exp(-result.first.value)), 1e-15, "a = sigma(z)");
  assert.match(result.first.mathml, /^<math/);
  assert.equal(result.snapshot.a[1][0], result.second.value);
  assert.equal(result.snapshot.delta[2][0], null, "the backward pass has not run yet");
  assert.deepEqual(result.afterUndo, result.first);
});

test("reset, reseed and runIteration", async () => {
  const { result, error } = await inPage(`
    const session = lab.Session.preset("2-3-1");
    const initial = session.toJson();
    const firstLoss = session.loss();
    session.runIteration();
    session.runIteration();
    const history = session.snapshot().lossHistory;
    const trainedLoss = session.loss();
    session.reset();
    const afterReset = session.toJson();
    session.reseed(42);
    const seeded = session.toJson();
    session.reseed(42);
    return { initial, firstLoss, history, trainedLoss, afterReset, seeded, again: session.toJson() };
  `);
  assert.equal(error, undefined);
  assert.equal(result.history.length, 2);
  assert.equal(result.history[0], result.firstLoss);
  assert.ok(result.trainedLoss < result.firstLoss, "two iterations lower the loss");
  assert.equal(result.afterReset, result.initial);
  assert.notEqual(result.seeded, result.initial);
  assert.equal(result.again, result.seeded, "the same seed gives the same parameters");
});

test("methods reject bad arguments with a named Error", async () => {
  const cases = [
    [`lab.Session.preset("nope")`, /preset/],
    [`lab.Session.fromJson("{")`, /line 1/],
    [`lab.Session.fromJson(JSON.stringify({ inputs: 2 }))`, /layers/],
    [`lab.Session.preset("2-3-1").setGranularity("sample")`, /granularity/],
    [`lab.Session.preset("2-3-1").setLearningRate(NaN)`, /alpha|learning/],
    [`lab.Session.preset("2-3-1").setLearningRate(-1)`, /alpha|learning/],
    [`lab.Session.preset("2-3-1").previousStep()`, /previousStep/],
  ];
  for (const [call, pattern] of cases) {
    const outcome = await inPage(`return ${call};`);
    assert.ok(outcome.isError, `${call} should throw an Error, got ${JSON.stringify(outcome)}`);
    assert.match(outcome.error, pattern, `${call}: ${outcome.error}`);
  }

  // The session stays usable after an error: nothing panicked.
  const { result } = await inPage(`
    const session = lab.Session.preset("2-3-1");
    try { session.setGranularity("sample"); } catch {}
    return session.nextStep().quantity;
  `);
  assert.equal(result, "z");
  assertClean(page);
});
