// Browser figures for `cargo xtask bench` (issue 8 item 1). Prints human notes on stderr and one
// line `BENCH_JSON {...}` on stdout for the xtask to read.
//
// Env: PODLIFE_DIST (the built app), BENCH_WASM_DIR (wasm-bindgen output of crates/bench-wasm),
// CHROMIUM, BENCH_QUICK=1 for fewer repetitions, BENCH_ONLY=a,b to run only some parts (wasm, load,
// frame, edit) while working on one figure; `cargo xtask bench` always runs all of them.
//
// What is measured (all in headless Debian Chromium on 127.0.0.1, via playwright-core):
// - wasm engine: simulate_kitchen_sink() timed with performance.now(); median of runs.
// - seek: every kubectl view at a random instant of the kitchen-sink trace, in wasm.
// - loads: cold page loads of dist/ (fresh profile) from a server that serves the precompressed
//   files by Accept-Encoding with ETags (e2e/static-server.mjs), as static hosts do.
//   - bytes before the first animated frame: the page and every resource whose response had
//     ended by that frame (resource timing's encoded body size: brotli, as sent);
//   - the whole load: every response the server sent (the page's and the service worker's)
//     until the editor is mounted, the service worker is active and the network is idle for
//     600 ms, each counted as its dist/ file's .gz (and .br) size, 304s as 0;
//   - first animated frame: ms from navigation start (performance.timeOrigin) to the end of the
//     first frame whose playhead has moved from its first drawn position;
//   - Slow 4G (CDP network emulation, 1.6 Mbit/s down, 150 ms RTT): first contentful paint
//     and first animated frame.
// - frame time: for every animation frame, from the start of its first requestAnimationFrame
//   callback to a MessageChannel task posted from it, which runs after that frame's microtasks
//   (Yew's render), style, layout and paint: the frame's main-thread time.
// - edit: a paste into the editor; from the start of the app's 250 ms debounce timer callback
//   (parse + simulate + render follow) to a task posted when kubectl-get's text changed (after
//   the DOM update, style, layout and paint of that frame).
// - CPU (info): the frame and edit figures again in a separate pass under a Chrome trace, as
//   main-thread CPU time (thread time: what the app costs, without the waits and preemption
//   that a loaded shared machine adds to the wall-clock figures above).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, serveDist, launch, openPage, pasteInEditor } from '../support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
const WASM_DIR = process.env.BENCH_WASM_DIR ? path.resolve(process.env.BENCH_WASM_DIR) : null;
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const want = (part) => !ONLY || ONLY.has(part);
const DEBOUNCE_MS = 250; // web/src/app.rs DEBOUNCE_MS

const log = (...a) => console.error('bench:', ...a);
const sorted = (v) => [...v].sort((a, b) => a - b);
const median = (v) => (v.length ? sorted(v)[Math.floor(v.length / 2)] : null);
const p95 = (v) => (v.length ? sorted(v)[Math.max(0, Math.ceil(v.length * 0.95) - 1)] : null);
const stats = (v) => ({ n: v.length, median: median(v), p95: p95(v), max: v.length ? Math.max(...v) : null });

// Instrumentation injected before any page script (see the header comment).
const PROBE = `(() => {
  const B = (window.__bench = { frames: [], firstAnimated: null, head0: null,
    debounceFired: null, changedAt: null, paintedAt: null, lastGet: null });
  const head = () => {
    const l = document.querySelector('svg.playhead line');
    return l ? l.getAttribute('x1') : null;
  };
  const ch = new MessageChannel();
  let pending = null;
  ch.port1.onmessage = () => {
    const f = pending;
    pending = null;
    if (!f) return;
    const end = performance.now();
    B.frames.push([f.start, end]);
    if (B.firstAnimated === null) {
      const h = head();
      if (h !== null) {
        if (B.head0 === null) B.head0 = h;
        else if (h !== B.head0) B.firstAnimated = end;
      }
    }
  };
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((ts) => {
    if (!pending) { pending = { start: performance.now() }; ch.port2.postMessage(0); }
    cb(ts);
  });
  const st = window.setTimeout.bind(window);
  window.setTimeout = (fn, delay, ...rest) => {
    if (delay === ${DEBOUNCE_MS} && typeof fn === 'function') {
      return st((...a) => { B.debounceFired = performance.now(); fn(...a); }, delay, ...rest);
    }
    return st(fn, delay, ...rest);
  };
  const ch2 = new MessageChannel();
  ch2.port1.onmessage = () => { B.paintedAt = performance.now(); };
  const watch = () => {
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid=kubectl-get]');
      const text = el ? el.textContent : null;
      if (text === B.lastGet) return;
      B.lastGet = text;
      if (B.debounceFired !== null && B.changedAt === null) {
        B.changedAt = performance.now();
        ch2.port2.postMessage(0);
      }
    }).observe(document.documentElement, { childList: true, characterData: true, subtree: true });
  };
  if (document.documentElement) watch(); else document.addEventListener('readystatechange', watch, { once: true });
})();`;

/** Static server for the wasm bench page (cross-origin isolated: fine-grained clock). */
function serveBenchPage() {
  const roots = [['/pkg/', WASM_DIR], ['/', path.join(HERE, 'page')]];
  const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let p = decodeURIComponent(url.pathname);
    if (p === '/') p = '/index.html';
    const [prefix, dir] = roots.find(([pre]) => p.startsWith(pre));
    const file = path.normalize(path.join(dir, p.slice(prefix.length)));
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => server.close(r)),
  })));
}

async function wasmEngine(out) {
  if (!WASM_DIR) return;
  const srv = await serveBenchPage();
  const b = await launch();
  try {
    const page = await b.context.newPage();
    await page.goto(srv.url);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
    out.wasm_isolated = await page.evaluate(() => crossOriginIsolated);
    await page.evaluate(() => window.benchSimulate(3)); // warm-up (tiering)
    const sim = await page.evaluate((n) => window.benchSimulate(n), QUICK ? 7 : 21);
    out.wasm_simulate = stats(sim.times);
    out.wasm_events = sim.events;
    const seek = await page.evaluate((n) => window.benchSeek(n), QUICK ? 100 : 500);
    out.wasm_seek = stats(seek.times);
    log(`wasm simulate median ${out.wasm_simulate.median.toFixed(3)} ms (${sim.events} events); seek p95 ${out.wasm_seek.p95.toFixed(3)} ms`);
  } finally {
    await b.close();
    await srv.close();
  }
}

// Chromium's "Slow 4G" as issue 13 states it: 1.6 Mbit/s down, 150 ms round trip (CDP network
// emulation of the page's requests; upload 750 kbit/s).
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

/** Resolves once `server` has answered nothing new for `quiet` ms (bounded by `limit`). */
async function serverIdle(server, quiet = 600, limit = 20000) {
  const t0 = Date.now();
  let n = -1;
  let since = Date.now();
  while (Date.now() - t0 < limit) {
    if (server.log.length !== n) {
      n = server.log.length;
      since = Date.now();
    } else if (Date.now() - since >= quiet) {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A dist/ file's size, raw or precompressed (`.br`, `.gz`), or 0 when it is not there. */
function distSize(urlPath, suffix = '') {
  const rel = decodeURIComponent(urlPath).replace(/^\/+/, '') || 'index.html';
  const file = path.join(DIST, rel.endsWith('/') ? rel + 'index.html' : rel) + suffix;
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

/**
 * One cold load of the app (fresh profile, empty caches): navigation → first contentful paint
 * and → first animated frame; unless `slow` (Slow 4G, timings only), also every byte the server
 * sent until the editor is mounted, the service worker is active and the network is idle.
 */
async function coldLoad(server, { slow = false } = {}) {
  const origin = server.url;
  const b = await launch();
  try {
    const { page, offOrigin } = await openPage(b.context, origin);
    await page.addInitScript(PROBE);
    if (slow) {
      const cdp = await b.context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    }
    server.log.length = 0;
    await page.goto(origin);
    await page.waitForSelector('#app-ready', { timeout: 60000 });
    // A missing playhead (markup changed) loses this figure, not the byte counts.
    await page.waitForFunction(() => window.__bench.firstAnimated !== null, null, { timeout: 30000 })
      .catch((e) => log(`no animated frame seen: ${e.message.split('\n')[0]}`));
    const timing = await page.evaluate(() => {
      const paint = (name) => performance.getEntriesByType('paint').find((e) => e.name === name)?.startTime ?? null;
      const n = performance.getEntriesByType('navigation')[0];
      return {
        firstAnimated: window.__bench.firstAnimated,
        firstPaint: paint('first-paint'),
        firstContentfulPaint: paint('first-contentful-paint'),
        domContentLoaded: n ? n.domContentLoadedEventEnd : null,
        // What had arrived by the first animated frame: the page and each resource by its end.
        arrived: [n, ...performance.getEntriesByType('resource')].filter(Boolean).map((e) => ({
          url: e.name, end: e.responseEnd, encoded: e.encodedBodySize, decoded: e.decodedBodySize,
        })),
      };
    });
    if (slow) return { ...timing, offOrigin };
    await page.locator('.cm-content[data-testid=editor]').waitFor({ timeout: 30000 });
    const sw = await page.evaluate(() => Promise.race([
      navigator.serviceWorker.ready.then((r) => r.active?.state ?? 'none'),
      new Promise((r) => setTimeout(() => r('not registered within 20 s'), 20000)),
    ]));
    await serverIdle(server);
    const files = server.log.map((r) => ({
      path: r.path,
      status: r.status,
      encoding: r.encoding,
      br: r.status === 200 ? distSize(r.path, '.br') : 0,
      gzip: r.status === 200 ? distSize(r.path, '.gz') : 0,
      raw: r.status === 200 ? distSize(r.path) : 0,
      sent: r.bytes,
    }));
    return { ...timing, files, sw, offOrigin };
  } finally {
    await b.close();
  }
}

const sum = (files, key) => files.reduce((s, f) => s + f[key], 0);

async function appFigures(out) {
  // Served as a static host serves dist/: precompressed files by Accept-Encoding, ETags.
  const srv = await serveDist({ cache: 'revalidate' });
  try {
    const loads = [];
    for (let i = 0; i < (want('load') ? (QUICK ? 3 : 7) : 0); i++) loads.push(await coldLoad(srv));
    if (loads.length) {
      const first = loads[0];
      const local = (u) => u.replace(srv.url, '/');
      // Before the first animated frame: what the page had received by then (resource timing's
      // encoded body: the brotli files as sent).
      const early = first.arrived.filter((e) => first.firstAnimated !== null && e.end <= first.firstAnimated)
        .map((e) => ({ url: local(e.url), br: e.encoded, raw: e.decoded }));
      out.first_frame_bytes = { br: sum(early, 'br'), raw: sum(early, 'raw'), files: early };
      // The whole load: every response of the server, the page's and the service worker's.
      out.whole_load = {
        files: first.files,
        gzip: sum(first.files, 'gzip'),
        br: sum(first.files, 'br'),
        raw: sum(first.files, 'raw'),
        sent: sum(first.files, 'sent'),
        sw: first.sw,
        off_origin: loads.flatMap((l) => l.offOrigin),
      };
      const firsts = loads.map((l) => l.firstAnimated).filter((t) => t !== null);
      out.first_frame = firsts.length === loads.length ? stats(firsts) : { n: 0, median: null };
      out.first_frame.samples = loads.map((l) => l.firstAnimated);
      out.first_paint = stats(loads.map((l) => l.firstContentfulPaint).filter((t) => t !== null));
      log(`whole load ${out.whole_load.gzip} B gzip (${out.whole_load.br} B br) in ${first.files.length} responses; before the first animated frame ${out.first_frame_bytes.br} B br; first animated frame median ${out.first_frame.median?.toFixed(0)} ms; service worker ${first.sw}`);
      // Slow 4G: first contentful paint and first animated frame.
      const slow = [];
      for (let i = 0; i < (QUICK ? 2 : 5); i++) slow.push(await coldLoad(srv, { slow: true }));
      const pick = (k) => slow.map((l) => l[k]).filter((t) => t !== null);
      out.slow4g = {
        first_paint: stats(pick('firstContentfulPaint')),
        first_frame: stats(pick('firstAnimated')),
        first_paint_samples: slow.map((l) => l.firstContentfulPaint),
        first_frame_samples: slow.map((l) => l.firstAnimated),
      };
      log(`Slow 4G: first contentful paint median ${out.slow4g.first_paint.median?.toFixed(0)} ms, first animated frame median ${out.slow4g.first_frame.median?.toFixed(0)} ms`);
    }

    // A warm page for the interaction figures.
    const b = await launch();
    try {
      const { page } = await openPage(b.context, srv.url);
      await page.addInitScript(PROBE);
      await page.goto(srv.url);
      await page.waitForSelector('#app-ready', { timeout: 30000 });
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.waitForSelector('#app-ready', { timeout: 30000 });
      await page.locator('.cm-content[data-testid=editor]').waitFor({ timeout: 30000 });
      await page.waitForFunction(() => window.podlifeEditor !== undefined, null, { timeout: 10000 });
      if (want('frame')) await animation(page, out);
      if (want('edit')) await edits(page, out);
    } finally {
      await b.close();
    }
  } finally {
    await srv.close();
  }
}

async function setPlaying(page, on) {
  const play = page.getByTestId('play');
  if ((await play.getAttribute('aria-pressed')) !== String(on)) await play.click();
  await page.waitForFunction((want) => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === want, String(on));
}

/** Waits until the app has analysed `name`'s text (kubectl-get shows the pod name). */
async function waitForPod(page, name) {
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid=kubectl-get]');
    return el && el.textContent.includes(n);
  }, name, { timeout: 20000 });
}

/**
 * Runs `fn` under a Chrome trace; resolves to the renderer main thread's complete events,
 * sorted by start, and its top-level tasks (RunTask not inside another).
 */
async function traced(page, fn) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  await fn();
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  const busy = new Map();
  for (const e of events) {
    if (e.name === 'RunTask' && e.ph === 'X') busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
  }
  const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  const mine = events.filter((e) => `${e.pid}:${e.tid}` === main).sort((a, b) => a.ts - b.ts);
  const tasks = [];
  for (const e of mine) {
    if (e.name !== 'RunTask' || e.ph !== 'X') continue;
    const last = tasks[tasks.length - 1];
    if (last && e.ts < last.ts + last.dur) continue;
    tasks.push(e);
  }
  return { events: mine, tasks };
}

/** Main-thread CPU (ms) of the top-level tasks starting in [from, to) (trace µs). */
const cpuIn = (tasks, from, to) => tasks.filter((t) => t.ts >= from && t.ts < to)
  .reduce((s, t) => s + (t.tdur ?? t.dur ?? 0), 0) / 1000;

async function animation(page, out) {
  const yaml = fs.readFileSync(path.join(HERE, 'ten-containers.yaml'), 'utf8');
  await setPlaying(page, false);
  await pasteInEditor(page, yaml);
  await waitForPod(page, 'ten-containers');
  const time = page.getByTestId('time');
  await time.fill('0');
  await time.press('Enter');
  await page.evaluate(() => { window.__bench.frames = []; });
  await setPlaying(page, true);
  const t0 = Number(await time.inputValue());
  await page.waitForTimeout(QUICK ? 2000 : 5000);
  const frames = await page.evaluate(() => window.__bench.frames);
  const t1 = Number(await time.inputValue());
  await setPlaying(page, false);
  const durations = frames.slice(2).map(([s, e]) => e - s); // skip the play click's frames
  out.frame = stats(durations);
  out.frame.sim_seconds_advanced = t1 - t0;
  out.frame.containers = await page.evaluate(() => (document.querySelector('[data-testid=kubectl-get]').textContent.match(/\d+\/10/) || ['?'])[0]);
  log(`animation: ${durations.length} frames, p95 ${out.frame.p95?.toFixed(2)} ms, sim advanced ${t1 - t0} s`);
  // CPU pass: each frame's main-thread CPU, from one frame's animation callbacks to the next's.
  await time.fill('0');
  await time.press('Enter');
  await setPlaying(page, true);
  await page.waitForTimeout(300);
  const { events, tasks } = await traced(page, () => page.waitForTimeout(QUICK ? 1500 : 3000));
  await setPlaying(page, false);
  const starts = events.filter((e) => e.name === 'FireAnimationFrame' && e.ph === 'X').map((e) => e.ts);
  const firsts = starts.filter((ts, i) => i === 0 || ts - starts[i - 1] > 1000); // one per frame
  const cpu = [];
  for (let i = 0; i + 1 < firsts.length; i++) {
    const from = tasks.filter((t) => t.ts <= firsts[i]).pop()?.ts ?? firsts[i];
    const to = tasks.filter((t) => t.ts <= firsts[i + 1]).pop()?.ts ?? firsts[i + 1];
    cpu.push(cpuIn(tasks, from, to));
  }
  out.frame_cpu = stats(cpu);
  log(`animation CPU: ${cpu.length} frames, p95 ${out.frame_cpu.p95?.toFixed(2)} ms`);
}

async function edits(page, out) {
  const base = fs.readFileSync(path.join(HERE, 'kitchen-sink.yaml'), 'utf8');
  await setPlaying(page, false);
  const lat = [];
  const dom = [];
  const analyse = [];
  const n = QUICK ? 8 : 30;
  for (let i = 0; i <= n; i++) {
    const name = `kitchen-sink-${i}`;
    await page.evaluate(() => Object.assign(window.__bench, { debounceFired: null, changedAt: null, paintedAt: null }));
    await pasteInEditor(page, base.replace('name: kitchen-sink', `name: ${name}`));
    await waitForPod(page, name);
    await page.waitForFunction(() => window.__bench.paintedAt !== null, null, { timeout: 20000 });
    const b = await page.evaluate(() => ({ ...window.__bench, frames: undefined }));
    const stat = await page.getByTestId('run-stats').textContent();
    if (i === 0) continue; // the first edit also warms up
    lat.push(b.paintedAt - b.debounceFired);
    dom.push(b.changedAt - b.debounceFired);
    const m = stat.match(/([\d.]+) ms/);
    if (m) analyse.push(Number(m[1]));
    const ev = stat.match(/(\d+) events/);
    if (ev) out.edit_events = Number(ev[1]);
  }
  out.edit = stats(lat);
  out.edit_dom = stats(dom);
  out.edit_analyse = stats(analyse);
  log(`edit → render p95 ${out.edit.p95.toFixed(1)} ms (analyse alone p95 ${out.edit_analyse.p95?.toFixed(1)} ms)`);
  // CPU pass: main-thread CPU from the debounce timer's task to the end of the next frame's
  // commit (parse, simulate, render, style, layout, paint).
  const m = QUICK ? 4 : 10;
  const { events, tasks } = await traced(page, async () => {
    for (let i = 0; i < m; i++) {
      const name = `kitchen-sink-cpu-${i}`;
      await pasteInEditor(page, base.replace('name: kitchen-sink', `name: ${name}`));
      await waitForPod(page, name);
      await page.waitForTimeout(100);
    }
  });
  const ids = new Set(events.filter((e) => e.name === 'TimerInstall' && e.args?.data?.timeout === DEBOUNCE_MS)
    .map((e) => e.args.data.timerId));
  const cpu = [];
  for (const f of events.filter((e) => e.name === 'TimerFire' && e.ph === 'X' && ids.has(e.args?.data?.timerId))) {
    const start = tasks.filter((t) => t.ts <= f.ts).pop();
    const commit = events.find((e) => e.name === 'Commit' && e.ph === 'X' && e.ts > f.ts);
    if (start && commit) cpu.push(cpuIn(tasks, start.ts, commit.ts + 1));
  }
  if (!cpu.length) log(`edit CPU: no debounce task found (${ids.size} timers, ${events.length} events)`);
  out.edit_cpu = stats(cpu);
  log(`edit CPU: ${cpu.length} edits, p95 ${out.edit_cpu.p95?.toFixed(1)} ms`);
}

const out = { quick: QUICK };
const errors = [];
for (const [name, f] of [['wasm engine', wasmEngine], ['app', appFigures]]) {
  if (name === 'wasm engine' && !want('wasm')) continue;
  try {
    await f(out);
  } catch (e) {
    errors.push(`${name}: ${e.message.split('\n')[0]}`);
    log(`${name} failed: ${e.stack}`);
  }
}
out.errors = errors;
console.log('BENCH_JSON ' + JSON.stringify(out));
