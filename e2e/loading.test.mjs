// Loading and offline (issue 13 items 5 and 6), as a user meets them: the page on Slow 4G (skeleton and
// progress bar first, then the app), CodeMirror arriving after the first frame without losing
// what was typed into the light editor, a reload without network, embeds without the service
// worker, and the precompressed files. Each test has its own browser profile (no service worker
// or cache from another test). Screenshots in target/e2e/loading-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST, openPage, shot, editorText, pasteInEditor, withFreshBrowser, assertNoMissingText } from './support.mjs';

// Chromium's Slow 4G as issue 13 states it (the bench uses the same).
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

// Records the end of the first animated frame (the playhead moved from where it was first
// drawn), as e2e/bench/bench.mjs does.
const PROBE = `(() => {
  const B = (window.__load = { firstAnimated: null, head0: null });
  const step = () => {
    const l = document.querySelector('svg.playhead line');
    const h = l ? l.getAttribute('x1') : null;
    if (h !== null && B.head0 === null) B.head0 = h;
    else if (h !== null && h !== B.head0) { B.firstAnimated = performance.now(); return; }
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})();`;

const throttle = async (context, page) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  return cdp;
};

for (const [width, height] of [[1366, 768], [1920, 1080], [390, 844]]) {
  test(`Slow 4G at ${width}×${height}: the skeleton and a progress bar paint first, then the app`, () => withFreshBrowser(async ({ browser, server }) => {
    const { page, offOrigin, problems } = await openPage(browser.context, server.url);
    await page.setViewportSize({ width, height });
    await page.addInitScript(PROBE);
    await throttle(browser.context, page);
    await page.goto(server.url, { waitUntil: 'commit' });
    // The page's own HTML shows the layout and the progress before any script has run.
    await page.locator('#boot-skeleton').waitFor({ state: 'visible' });
    await page.waitForFunction(() => Number(document.getElementById('boot-bar')?.value) > 0, null, { timeout: 20000 });
    await shot(page, `loading-slow4g-skeleton-${width}`);
    // The workbench's boxes under `root` (no eval in the page: its CSP forbids it).
    const boxes = (root) => page.evaluate((r) => Object.fromEntries(['.wb-header', '.wb-transport', '.wb-editor', '.wb-timeline', '.wb-inspect']
      .map((c) => [c, document.querySelector(`${r} ${c}`)?.getBoundingClientRect()])
      .filter(([, b]) => b && b.height > 0)
      .map(([c, b]) => [c, [b.x, b.y, b.width, b.height].map(Math.round)])), root);
    const skeleton = await page.evaluate(() => ({
      label: document.getElementById('boot-label')?.textContent,
      scroll: document.documentElement.scrollWidth,
    }));
    skeleton.boxes = await boxes('#boot-skeleton');
    const panes = Object.keys(skeleton.boxes).filter((c) => /editor|timeline|inspect/.test(c)).length;
    assert.ok(panes >= (width <= 480 ? 1 : 3), `the skeleton shows the layout's panes: ${JSON.stringify(skeleton)}`);
    assert.match(skeleton.label, /Loading|加载/);
    assert.ok(skeleton.scroll <= width, `no horizontal scroll (${skeleton.scroll} px)`);
    await page.waitForSelector('#app-ready', { timeout: 60000 });
    assert.equal(await page.locator('#boot-skeleton').count(), 0, 'the skeleton is gone once the app is there');
    // The app's boxes are where the skeleton's were: nothing moves when it takes over.
    const app = await boxes('#app-ready');
    for (const [c, r] of Object.entries(skeleton.boxes)) {
      if (!app[c]) continue;
      // x, y, width, height; on a phone the stacked panes' heights follow their content.
      const n = width <= 480 ? 3 : 4;
      assert.ok(r.slice(0, n).every((v, i) => Math.abs(v - app[c][i]) <= 2), `${c}: skeleton ${r}, app ${app[c]}`);
    }
    await page.waitForFunction(() => window.__load.firstAnimated !== null, null, { timeout: 30000 });
    const t = await page.evaluate(() => {
      const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime;
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      return { fcp, wasmEnd: wasm?.responseEnd, firstAnimated: window.__load.firstAnimated };
    });
    // Timings are the bench's to report (cargo xtask bench: Slow 4G rows); here the order.
    console.log(`# Slow 4G ${width}×${height}: first contentful paint ${t.fcp?.toFixed(0)} ms, wasm received ${t.wasmEnd?.toFixed(0)} ms, first animated frame ${t.firstAnimated?.toFixed(0)} ms`);
    assert.ok(t.fcp < t.wasmEnd, `the skeleton painted (${t.fcp} ms) before the wasm arrived (${t.wasmEnd} ms)`);
    await shot(page, `loading-slow4g-app-${width}`);
    assert.deepEqual(offOrigin, []);
    assert.deepEqual(problems, []);
  }));
}

test('CodeMirror arrives after the first animated frame; what was typed before is kept', () => withFreshBrowser(async ({ browser, server }) => {
  const { page, offOrigin, problems } = await openPage(browser.context, server.url);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.addInitScript(PROBE);
  // Hold the editor bundle until the test lets it through.
  let release;
  const gate = new Promise((r) => { release = r; });
  let requestedAt = null;
  await page.route('**/editor.js', async (route) => {
    requestedAt = await page.evaluate(() => performance.now()).catch(() => null);
    await gate;
    await route.fallback();
  });
  await page.goto(server.url);
  await page.waitForSelector('#app-ready');
  await page.waitForFunction(() => window.__load.firstAnimated !== null, null, { timeout: 15000 });
  const lite = page.locator('.lite-editor textarea[data-testid=editor]');
  await lite.waitFor();
  assert.equal(await page.locator('.cm-content').count(), 0, 'CodeMirror is held back');
  // The static view is the YAML, highlighted as CodeMirror highlights it.
  assert.ok(await page.locator('.lite-code .tok-propertyName').count() > 10);
  assert.match(await page.evaluate(() => window.podlifeEditor.text()), /name: liveness-exec/);
  await shot(page, 'loading-editor-before-codemirror');
  const firstAnimated = await page.evaluate(() => window.__load.firstAnimated);
  assert.ok(requestedAt !== null && requestedAt >= firstAnimated,
    `editor.js requested at ${requestedAt} ms, after the first animated frame (${firstAnimated} ms)`);

  // Where line 4 (`  name: liveness-exec`) is drawn now, to compare with CodeMirror's.
  const lineBox = (selector) => page.locator(selector).nth(3).evaluate((e) => {
    const r = document.createRange();
    r.selectNodeContents(e);
    const b = r.getBoundingClientRect();
    return { x: b.x, y: b.y };
  });
  const before = await lineBox('.lite-code .cm-line');

  // Click at the end of the pod's name and type; the app follows the light editor.
  const line = page.locator('.lite-code .cm-line').nth(3);
  const box = await line.boundingBox();
  await page.mouse.click(box.x + 60, box.y + box.height / 2);
  await page.keyboard.press('End');
  await page.keyboard.type('-typed', { delay: 20 });
  await page.getByTestId('kubectl-get').getByText('liveness-exec-typed').waitFor({ timeout: 5000 });
  // Keep typing while CodeMirror arrives: not a key is lost, nothing lands elsewhere.
  const typing = page.keyboard.type('-abcdefghijklmnop', { delay: 40 });
  await page.waitForTimeout(250);
  release();
  await typing;
  await page.locator('.cm-content[data-testid=editor]').waitFor({ timeout: 10000 });
  assert.equal(await page.locator('.lite-editor').count(), 0, 'the light editor is gone');
  await page.keyboard.type('-zz');
  const text = await editorText(page);
  assert.match(text, /^ {2}name: liveness-exec-typed-abcdefghijklmnop-zz$/m, text.split('\n').slice(0, 5).join('\n'));
  assert.equal(text.match(/typed/g).length, 1);
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('.cm-editor')), 'CodeMirror has the focus');
  await page.getByTestId('kubectl-get').getByText('liveness-exec-typed-abcdefghijklmnop-zz').waitFor({ timeout: 5000 });
  // CodeMirror draws the text where the light editor drew it (no jump when it takes over).
  const after = await lineBox('.cm-content .cm-line');
  assert.ok(Math.abs(after.x - before.x) <= 1 && Math.abs(after.y - before.y) <= 1,
    `line 4 at ${JSON.stringify(before)} in the light editor, ${JSON.stringify(after)} in CodeMirror`);
  await shot(page, 'loading-editor-after-codemirror');
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(problems, []);
}));

test('offline: after a first visit, a reload without network opens the last scenario', () => withFreshBrowser(async ({ browser, server }) => {
  const { page, offOrigin, problems } = await openPage(browser.context, server.url);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(server.url);
  await page.waitForSelector('#app-ready');
  await page.locator('.cm-content[data-testid=editor]').waitFor({ timeout: 15000 });
  const yaml = fs.readFileSync(new URL('../examples/seeds/liveness-exec.yaml', import.meta.url), 'utf8')
    .replace(/name: liveness-exec\b/, 'name: offline-pod');
  await pasteInEditor(page, yaml);
  await page.getByTestId('kubectl-get').getByText('offline-pod').waitFor({ timeout: 5000 });
  // The service worker is registered after the editor, installs the app's files and takes over.
  const sw = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
    const names = await caches.keys();
    const keys = (await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))).flat();
    return { scope: reg.scope, controlled: !!navigator.serviceWorker.controller, names, keys };
  });
  assert.equal(sw.scope, server.url);
  assert.ok(sw.controlled, 'the page is controlled by the service worker');
  assert.equal(sw.names.length, 1, `one cache: ${sw.names}`);
  for (const f of ['boot.js', 'editor.js', 'lite.js', '_bg.wasm', '.css']) {
    assert.ok(sw.keys.some((k) => k.split('?')[0].endsWith(f)), `${f} is cached: ${sw.keys.join(' ')}`);
  }
  // search.js (loaded on a first search key) is cached when first used, not at install; so is
  // the Chinese text, which an English page never downloads.
  assert.ok(!sw.keys.some((k) => k.includes('search.js')), 'search.js is not downloaded at install');
  assert.ok(!sw.keys.some((k) => k.includes('/zh-CN-')), 'the Chinese text is not downloaded at install');
  assert.ok(!server.log.some((r) => r.path.startsWith('/zh-CN-')), 'an English page does not fetch the Chinese text');
  assert.ok(sw.keys.every((k) => k.startsWith(server.url)), 'only this origin');
  assert.ok(!sw.keys.some((k) => /embed\.js|poster\.js|examples\//.test(k)), 'embeds\' files are not cached');

  // Online, the page and its unhashed files come from the network (never stale); the hashed
  // wasm from the cache (the same name is the same bytes).
  server.log.length = 0;
  await page.reload();
  await page.waitForSelector('#app-ready');
  await page.locator('.cm-content[data-testid=editor]').waitFor({ timeout: 15000 });
  const served = server.log.map((r) => r.path);
  assert.ok(served.includes('/') && served.includes('/boot.js'), `online reload fetched ${served}`);
  assert.ok(!served.some((p) => p.endsWith('.wasm')), `the wasm came from the cache: ${served}`);

  await page.getByTestId('editor').click();
  await page.keyboard.press('Control+F');
  await page.locator('.cm-search').waitFor({ timeout: 5000 });
  await page.keyboard.press('Escape');
  await page.waitForFunction(async () => (await Promise.all((await caches.keys()).map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url))))
    .flat().some((u) => u.includes('search.js')), null, { timeout: 5000 });

  // Switching to Chinese without network before the Chinese text was ever downloaded: the page
  // stays in English and says so, in both languages (a note that can be dismissed).
  await browser.context.setOffline(true);
  await page.getByTestId('lang').selectOption('zh-CN');
  const note = page.getByTestId('link-note');
  await note.waitFor({ timeout: 10000 });
  assert.match(await note.textContent(), /^The Chinese text could not be downloaded .*: the page stays in English\. 中文界面文字未能下载/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.getByTestId('lang').inputValue(), 'en');
  await shot(page, 'loading-offline-zh-failed');
  await page.locator('.banners .dismiss').click();
  assert.equal(await note.count(), 0);
  await browser.context.setOffline(false);

  // A Chinese page once online: its text is cached (for the offline visit below).
  await page.goto(`${server.url}?lang=zh-CN`);
  await page.waitForSelector('#app-ready');
  await page.getByText('Kubernetes Pod 的一生').waitFor({ timeout: 10000 });
  await page.waitForFunction(async () => (await Promise.all((await caches.keys()).map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url))))
    .flat().some((u) => u.includes('/zh-CN-')), null, { timeout: 5000 });
  await page.goto(server.url);
  await page.waitForSelector('#app-ready');

  // No network at all: the browser offline and the server gone.
  await browser.context.setOffline(true);
  await server.stop();
  await page.reload();
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  await page.locator('.cm-content[data-testid=editor]').waitFor({ timeout: 15000 });
  assert.match(await editorText(page), /name: offline-pod/);
  await page.getByTestId('kubectl-get').getByText('offline-pod').waitFor({ timeout: 5000 });
  await shot(page, 'loading-offline-reload');
  // Search, used once online, works offline.
  await page.getByTestId('editor').click();
  await page.keyboard.press('Control+F');
  await page.locator('.cm-search').waitFor({ timeout: 5000 });
  await page.keyboard.press('Escape');
  // A query (the language) and a share link open offline too.
  await page.goto(`${server.url}?lang=zh-CN`);
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  // In Chinese from its first frame, with the text the worker cached.
  await page.getByText('Kubernetes Pod 的一生').waitFor({ timeout: 5000 });
  assert.equal(await page.getByTestId('link-note').count(), 0);
  await assertNoMissingText(page);
  await shot(page, 'loading-offline-zh');
  await page.getByTestId('share').click();
  const link = await page.locator('#share-url, [data-testid=share-url]').first().inputValue().catch(() => null);
  if (link) {
    await page.goto(link.replace(/^.*#/, `${server.url}#`));
    await page.waitForSelector('#app-ready', { timeout: 15000 });
    assert.match(await page.evaluate(() => window.podlifeEditor.text()), /name: offline-pod/);
  }
  await browser.context.setOffline(false);
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|ERR_FAILED|Failed to fetch/.test(p)), []);
}));

test('embeds never register the service worker', () => withFreshBrowser(async ({ browser, server }) => {
  const { page, problems } = await openPage(browser.context, server.url);
  await page.goto(`${server.url}?embed=1&load=eager&view=split`);
  await page.waitForSelector('#app-ready');
  await page.locator('.cm-content[data-testid=editor]').waitFor({ state: 'attached', timeout: 15000 });
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.ok(!server.log.some((r) => r.path === '/sw.js'), 'sw.js was not even fetched');
  assert.deepEqual(problems, []);
}));

test('dist/ holds a .br and a .gz of every file, and the server sends them', () => withFreshBrowser(async ({ browser, server }) => {
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? walk(p) : /\.(br|gz)$/.test(e.name) ? [] : [p];
  });
  const files = walk(DIST);
  assert.ok(files.length >= 8);
  for (const f of files) {
    const body = fs.readFileSync(f);
    assert.ok(zlib.brotliDecompressSync(fs.readFileSync(f + '.br')).equals(body), `${f}.br`);
    assert.ok(zlib.gunzipSync(fs.readFileSync(f + '.gz')).equals(body), `${f}.gz`);
  }
  const { page, problems } = await openPage(browser.context, server.url);
  const encodings = [];
  page.on('response', (r) => encodings.push([new URL(r.url()).pathname, r.headers()['content-encoding'] ?? 'identity']));
  await page.goto(server.url);
  await page.waitForSelector('#app-ready');
  await page.locator('.cm-content[data-testid=editor]').waitFor({ timeout: 15000 });
  const notBrotli = encodings.filter(([, e]) => e !== 'br');
  assert.deepEqual(notBrotli, [], 'every response of the page is sent as brotli');
  assert.ok(encodings.some(([p]) => p.endsWith('.wasm')));
  assert.deepEqual(problems, []);
}));
