// The full module's loader (web/src/handover.rs): the first-frame module adds this script when
// the user asks for what it leaves out (Compare, Export, the -o yaml tab, a draft that runs awk,
// ...), after writing what is on screen into window.podlifeHandover and its own stop function
// into window.podlifeStop. While the full module downloads, a status line says so and the
// first-frame module keeps the page (playback paused, typing kept); then it is stopped (after
// two frames, so that none of its animation frames is left pending) and the full module starts
// in its place, reads the state and does what was asked. Keyboard focus goes back to the
// control that had it. When the full module cannot be downloaded, nothing is stopped: the
// first-frame module keeps the page and says so (window.podlifeHandoverFailed), and asking again
// tries again. A file of its own (not in boot.js): an embed's poster loads boot.js
// before its click, and this is needed only on use. web/post-build.mjs writes the full
// module's hashed names in place of FULL below.
const FULL = /*FULL*/ { js: './podlife-full.js', wasm: './podlife-full_bg.wasm' };

const zh = document.documentElement.lang === 'zh-CN';
const t = (en, cn) => (zh ? cn : en);
const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
const stop = window.podlifeStop;
const failed = window.podlifeHandoverFailed;
delete window.podlifeStop;
delete window.podlifeHandoverFailed;

const status = document.createElement('p');
status.setAttribute('role', 'status');
status.dataset.testid = 'handover';
status.className = 'handover-status';
// Styled here, not in a stylesheet the first visit loads (the CSP allows CSSOM styles).
Object.assign(status.style, {
  position: 'fixed', zIndex: 60, top: '0.5rem', left: '50%', transform: 'translateX(-50%)', margin: 0,
  padding: '0.35rem 0.9rem', borderRadius: '999px', background: 'var(--accent, #2563eb)', color: '#fff',
  fontSize: '0.9rem', boxShadow: '0 1px 4px rgb(0 0 0 / 0.25)',
});
status.textContent = t('Loading the full podlife…', '正在加载完整版 podlife…');
document.body.append(status);
document.documentElement.classList.add('handing-over');
let stopped = false;
try {
  const [glue, module] = await Promise.all([
    import(FULL.js),
    fetch(FULL.wasm).then(async (res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return WebAssembly.compile(await res.arrayBuffer());
    }),
  ]);
  const active = document.activeElement;
  const key = active && ['data-testid', 'data-tab', 'data-side'].map((a) => [a, active.getAttribute(a)]).find(([, v]) => v);
  const inEditor = !!active?.closest?.('[data-testid="editor"]');
  await frame();
  await frame();
  stopped = true;
  stop();
  await glue.default({ module_or_path: module });
  await frame();
  const target = inEditor
    ? document.querySelector('[data-testid="editor"] [contenteditable], [data-testid="editor"] textarea')
    : key && document.querySelector(`[${key[0]}="${CSS.escape(key[1])}"]`);
  target?.focus?.({ preventScroll: true });
  status.remove();
} catch (e) {
  if (!stopped && failed) {
    // Nothing was stopped: the first-frame module keeps the page and says so; asking again
    // loads this script again.
    status.remove();
    failed(String(e?.message ?? e));
  } else {
    status.textContent = t('The full podlife could not start (reload the page to try again): ', '完整版 podlife 无法启动（请重新加载页面再试）：') + e;
  }
} finally {
  document.documentElement.classList.remove('handing-over');
}
