// The engine benchmark in the browser: crates/bench-wasm built for wasm32 (release profile, the
// one the app ships with) and bound by wasm-bindgen into ./pkg/. Timed here with
// performance.now(); the page is cross-origin isolated so the clock has 5 µs resolution.
import init, { simulate_kitchen_sink, SeekBench } from './pkg/podlife_bench_wasm.js';

await init();

window.benchSimulate = (runs) => {
  const times = [];
  let events = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    events = simulate_kitchen_sink();
    times.push(performance.now() - t0);
  }
  return { times, events };
};

window.benchSeek = (samples) => {
  const bench = new SeekBench(1n);
  const times = [];
  let bytes = 0;
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    bytes += bench.seek_random();
    times.push(performance.now() - t0);
  }
  const events = bench.events();
  bench.free();
  return { times, bytes, events };
};

document.getElementById('status').textContent = `ready (isolated: ${crossOriginIsolated})`;
window.benchReady = true;
