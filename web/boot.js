// Loads the app. External (not inline) so that the page's Content-Security-Policy can forbid
// inline scripts; a classic script in <head>, so it runs before the page is first painted:
// an embed's class and theme are set before anything shows, and the downloads start at once.
//
// Loading (issue 13 item 5): index.html itself shows the layout's skeleton and a progress bar (no
// blank page). This script fetches the wasm (the bar follows its bytes; post-build.mjs writes
// its size as `data-wasm-bytes`) and the wasm-bindgen glue, plus dist/lite.js — a light editor
// showing the YAML highlighted — and starts the app; the skeleton goes in the same task as the
// app appears. CodeMirror (dist/editor.js) is loaded after the first animated frame, or as soon
// as the user uses the light editor, which then hands over to it (text, selection, focus). Then
// the service worker (dist/sw.js) is registered, for offline use after this first visit.
// If the editor fails to load, the light editor stays; without lite.js the app uses a textarea.
//
// Embeds (`?embed=1`, issue 7 item 5): until the reader clicks, only this script, index.html, the
// stylesheets, embed-poster.js and poster.js (a preview of the scenario's YAML) are loaded — a
// static poster, no
// wasm, no editor (`load=eager` skips the poster: embed.js passes it after its own click).
// Trunk's preload tags are stripped at build time (web/post-build.mjs) so that nothing else is
// fetched early. Embeds never register the service worker. The embed posts its content height
// to its parent (`{type: "podlife:height", height}`) and accepts no messages.
(() => {
  const boot = document.currentScript || document.getElementById('podlife-boot');
  const root = document.documentElement;
  const query = new URLSearchParams(location.search);
  const flag = (name) => {
    const v = query.get(name);
    return v !== null && ['', '1', 'true', 'yes', 'on'].includes(v.toLowerCase());
  };
  const embed = flag('embed');
  let stored = null;
  try {
    stored = localStorage.getItem('podlife.lang'); // web/src/app.rs LANG_KEY
  } catch (_) {
    // Storage blocked (a sandboxed frame): English.
  }
  const zh = /^zh/i.test(query.get('lang') || (embed ? '' : stored) || '');
  const t = (en, cn) => (zh ? cn : en);
  const here = (file) => new URL(file, boot.src).href;
  root.classList.add('loading');
  if (zh) root.lang = 'zh-CN';

  // The Chinese UI text (docs/sizes.md, session 8): the first-frame module does not carry it
  // (web/src/i18n.rs). A Chinese page fetches this data file (post-build.mjs writes its hashed
  // name as `data-zh`) with the wasm and hands it to the module before it starts
  // (`window.podlifeZhText`), so its first frame is already Chinese; an English page fetches it
  // only when the reader switches to Chinese (`window.podlifeZh()`: a promise of the text,
  // rejected with the HTTP status or the fetch's error). Short: an embed poster's bytes count
  // this script.
  const getZh = () => fetch(boot.dataset.zh).then((r) => (r.ok ? r.text() : Promise.reject(r.status)));
  window.podlifeZh = getZh;

  const bodyReady = new Promise((resolve) => {
    if (document.readyState !== 'loading') resolve();
    else document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
  });

  if (embed) {
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
    bodyReady.then(() => {
      if (typeof ResizeObserver === 'function') new ResizeObserver(post).observe(document.body);
      post();
    });
  }

  // The progress bar and its words (index.html's #boot-progress).
  function progress(fraction, words) {
    const bar = document.getElementById('boot-bar');
    const label = document.getElementById('boot-label');
    if (bar && fraction !== null) bar.value = Math.round(fraction * 100);
    if (label && words) label.textContent = words;
  }
  bodyReady.then(() => progress(null, t('Loading podlife…', '正在加载 podlife…')));

  // The split sizes the app remembers (web/src/layout.rs, `podlife.layout`, e.g.
  // `editor=0.400;timeline=0.600`): the skeleton's panes take them, so nothing moves when the
  // app replaces it. Embeds keep the default layout, as the app does.
  bodyReady.then(() => {
    const skeleton = document.getElementById('boot-skeleton');
    let sizes = null;
    try {
      sizes = embed ? null : localStorage.getItem('podlife.layout');
    } catch (_) {
      // Storage blocked: the default sizes.
    }
    for (const part of (sizes || '').split(';')) {
      const [key, value] = part.split('=');
      const share = Number(value);
      if (skeleton && (key === 'editor' || key === 'timeline') && share > 0.05 && share < 0.95) {
        skeleton.style.setProperty(`--${key}-share`, `${(share * 100).toFixed(2)}%`);
      }
    }
  });

  // The wasm, read through a stream that counts the bytes for the progress bar; still a
  // streaming compile (the glue instantiates the Response as it arrives).
  function fetchWasm() {
    const total = Number(boot.dataset.wasmBytes) || 0;
    return fetch(boot.dataset.wasm).then((res) => {
      if (!res.ok || !res.body || !total || typeof TransformStream !== 'function') return res;
      let got = 0;
      const count = new TransformStream({
        transform(chunk, out) {
          got += chunk.byteLength;
          progress(Math.min(got / total, 1) * 0.9, t(
            `Loading the simulator… ${Math.round(got / 1024)} of ${Math.round(total / 1024)} KB`,
            `正在加载模拟器… ${Math.round(got / 1024)} / ${Math.round(total / 1024)} KB`,
          ));
          out.enqueue(chunk);
        },
      });
      return new Response(res.body.pipeThrough(count), {
        status: res.status,
        headers: { 'content-type': 'application/wasm' },
      });
    });
  }

  // Resolves once the app's root element is in the page; the skeleton is removed in the same
  // task (a MutationObserver callback runs before the next paint).
  function appShown() {
    return new Promise((resolve) => {
      const done = () => {
        if (!document.getElementById('app-ready')) return false;
        document.getElementById('boot-skeleton')?.remove();
        root.classList.remove('loading');
        resolve();
        return true;
      };
      if (done()) return;
      const watch = new MutationObserver(() => {
        if (done()) watch.disconnect();
      });
      watch.observe(document.body, { childList: true, subtree: true });
    });
  }

  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));

  async function main() {
    if (embed && query.get('load') !== 'eager') {
      root.classList.add('poster');
      // The click-to-load poster (embed-poster.js: plain DOM, no engine), in its own file so
      // that a page that is not an embed does not load it.
      const { poster } = await import(here('embed-poster.js'));
      const shown = await poster({ query, t, here, bodyReady });
      shown.remove();
      root.classList.remove('poster');
    }
    // The wasm download starts with the glue's, not after it (no preload tags in the page);
    // a Chinese page's text with them.
    const wasm = fetchWasm();
    const zhText = zh && getZh().catch(() => null);
    const [glue, lite] = await Promise.all([
      import(boot.dataset.js),
      import(here('lite.js')).catch(() => null),
    ]);
    let editorLoad = null;
    const loadEditor = () => {
      editorLoad ??= import(here('editor.js')).then((editor) => {
        lite?.upgrade(editor);
        window.podlifeEditor = editor;
        return editor;
      }, () => null);
      return editorLoad;
    };
    if (lite) {
      lite.onFirstUse(loadEditor);
      window.podlifeEditor = lite;
    }
    await bodyReady;
    const shown = appShown();
    // Without it (offline before its first download), the module starts in English and says so.
    if (zh) window.podlifeZhText = await zhText;
    await glue.default({ module_or_path: wasm });
    progress(1, t('Starting…', '正在启动…'));
    await shown;
    // After the first animated frame: the first frame drawn, then the next one, which moves
    // the playhead when the scenario plays (what `cargo xtask bench` times).
    await frame();
    await frame();
    await new Promise((r) => setTimeout(r, 0));
    await loadEditor();
    if (!embed && 'serviceWorker' in navigator) {
      navigator.serviceWorker.register(here('sw.js')).catch(() => {});
      // The worker caches the Chinese text when it is fetched through it (a lazy file): on a
      // first visit it was fetched before the worker existed, so once more when the worker
      // takes the page over (just after installing online), for the next visit offline.
      if (zh) navigator.serviceWorker.oncontrollerchange = getZh;
    }
  }

  main().catch((e) => {
    progress(null, t('podlife could not start: ', 'podlife 无法启动：') + e);
    throw e;
  });
})();
