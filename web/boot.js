// Loads the editor bundle and the wasm-bindgen glue, then starts the app. External (not inline)
// so that the page's Content-Security-Policy can forbid inline scripts. The editor is optional
// to the app: if it fails to load, the app falls back to a plain textarea.
//
// Embeds (`?embed=1`, issue 7 item 5): until the reader clicks, only this script, index.html, the
// stylesheet and poster.js (a preview of the scenario's YAML) are loaded — a static poster, no
// wasm, no editor (`load=eager` skips the poster:
// embed.js passes it after its own click). Trunk's preload tags are stripped at build time
// (web/strip-preload.mjs) so that nothing else is fetched early. The embed posts its content
// height to its parent (`{type: "podlife:height", height}`) and accepts no messages.
const boot = document.getElementById('podlife-boot');
const query = new URLSearchParams(location.search);
const flag = (name) => {
  const v = query.get(name);
  return v !== null && ['', '1', 'true', 'yes', 'on'].includes(v.toLowerCase());
};
const embed = flag('embed');
const zh = /^zh/i.test(query.get('lang') || '');

if (embed) {
  const root = document.documentElement;
  root.classList.add('embedded');
  const theme = query.get('theme');
  if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
  if (window.parent !== window) reportHeight();
}

// Posts the body's height to the parent window whenever it changes (podlife_share::
// EMBED_HEIGHT_MESSAGE_TYPE). Only ever to `window.parent`; the height is not a secret, so any
// parent origin may read it.
function reportHeight() {
  let last = -1;
  const post = () => {
    const h = Math.ceil(document.body.getBoundingClientRect().height);
    if (h !== last && h > 0) {
      last = h;
      window.parent.postMessage({ type: 'podlife:height', height: h }, '*');
    }
  };
  const start = () => {
    if (typeof ResizeObserver === 'function') new ResizeObserver(post).observe(document.body);
    post();
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
}

// The click-to-load poster: plain DOM, no engine. Resolves when the reader asks for the run.
function poster() {
  return new Promise((resolve) => {
    const t = (en, cn) => (zh ? cn : en);
    const box = document.createElement('div');
    box.className = 'embed-poster';
    box.setAttribute('data-testid', 'embed-poster');
    const brand = document.createElement('p');
    brand.className = 'brand';
    brand.textContent = 'podlife';
    const what = document.createElement('p');
    what.textContent = t('A Kubernetes Pod, as the kubelet runs it.', 'Kubernetes Pod 的一生，按 kubelet 的真实行为演示。');
    const details = [];
    if (query.get('view')) details.push(t('view: ', '视图：') + query.get('view'));
    if (query.get('t')) details.push('t = ' + query.get('t') + ' s');
    const run = document.createElement('button');
    run.type = 'button';
    run.className = 'embed-load';
    run.setAttribute('data-testid', 'embed-load');
    run.textContent = t('\u25B6 Run this Pod', '\u25B6 运行这个 Pod');
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = t(
      'Loads the playground (about 1.6 MB, 640 KB compressed); it runs in your browser, nothing is sent to a server.',
      '点击后加载演练场（约 1.6 MB，压缩后 640 KB）；它在你的浏览器里运行，不向任何服务器发送数据。',
    );
    box.append(brand, what);
    if (details.length) {
      const d = document.createElement('p');
      d.className = 'note';
      d.textContent = details.join(' · ');
      box.append(d);
    }
    box.append(run, note);
    // A preview of the scenario itself (web/poster.js inflates the link; no wasm involved).
    const fragment = location.hash.slice(1);
    if (fragment) {
      import(new URL('poster.js', boot.src).href)
        .then(async (p) => {
          const text = await p.scenarioText(fragment);
          if (text === null) return;
          const name = p.podName(text);
          if (name) brand.textContent = 'podlife · ' + name;
          const lines = text.split('\n');
          const pre = document.createElement('pre');
          pre.className = 'preview';
          pre.setAttribute('data-testid', 'embed-preview');
          pre.textContent = lines.slice(0, 12).join('\n') + (lines.length > 13 ? '\n…' : '');
          box.insertBefore(pre, run);
        })
        .catch(() => {});
    }
    run.addEventListener('click', () => {
      run.disabled = true;
      resolve(box);
    }, { once: true });
    const mount = () => document.body.append(box);
    if (document.body) mount();
    else document.addEventListener('DOMContentLoaded', mount);
  });
}

const shown = embed && query.get('load') !== 'eager' ? await poster() : null;
// The wasm download starts with the glue's, not after it (no preload tags in the page).
const wasm = fetch(boot.dataset.wasm);
const [glue, editor] = await Promise.all([
  import(boot.dataset.js),
  import(new URL('editor.js', boot.src).href).catch(() => null),
]);
if (editor) window.podlifeEditor = editor;
shown?.remove();
await glue.default({ module_or_path: wasm });
