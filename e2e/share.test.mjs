// Share links and embeds (issue 7 items 3–6) in the built playground, headless Chromium: links made
// by the app reopen the same scenario at the same time and view; bad links are refused and the
// draft stays restorable; embeds load on click (a plain iframe and embed.js on the example docs
// page) and report their height. Screenshots under target/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useDistAndBrowser, shot, openApp, openPage, editorText, shownTime, jumpTo, pasteInEditor, ARTIFACTS, setLang, assertNoMissingText } from './support.mjs';

const env = useDistAndBrowser();

// The biggest seed (4 KB, mostly Chinese comments): format 2 links it to its gallery copy.
const BIG = 'nginx-annotated';

async function pause(page) {
  if ((await page.getByTestId('play').getAttribute('aria-pressed')) === 'true') {
    await page.getByTestId('play').click();
  }
}

/**
 * Waits until the address holds a fragment other than `prev` and has stopped changing. The app
 * writes it 400 ms after the last change (URL_DEBOUNCE_MS); "stopped" means unchanged for three
 * times that, so a loaded machine's late timer is not taken for a settled address (with 600 ms,
 * a tab click's update could still be pending and the link missed the tab).
 */
async function settledHref(page, prev) {
  await page.waitForFunction((p) => location.hash.length > 1 && location.href !== p, prev, { timeout: 5000 });
  let href = await page.evaluate(() => location.href);
  for (;;) {
    await page.waitForTimeout(1200);
    const now = await page.evaluate(() => location.href);
    if (now === href) return href;
    href = now;
  }
}

/** What a link must reproduce: the scenario, the instant, the kubectl view and the tab. */
async function snapshot(page) {
  return {
    text: await editorText(page),
    time: await shownTime(page),
    // Examples the front end rejects show diagnostics instead of a run.
    get: (await page.getByTestId('kubectl-get').count())
      ? await page.getByTestId('kubectl-get').textContent()
      : await page.getByTestId('diagnostics').textContent(),
    tab: (await page.locator('[role=tab][aria-selected=true]').count())
      ? await page.locator('[role=tab][aria-selected=true]').textContent()
      : null,
    lang: await page.evaluate(() => document.documentElement.lang),
  };
}

/**
 * Asserts that `page` shows `want` (a `snapshot`). The reopened page writes its kubectl panels
 * after its first frame (in chunks), so the snapshot is retaken until it matches or 10 s pass;
 * the assertion is on the last one.
 */
async function assertShows(page, want, message) {
  let got = await snapshot(page);
  for (const until = Date.now() + 10000; Date.now() < until;) {
    try {
      assert.deepEqual(got, want);
      return;
    } catch (_) {
      await page.waitForTimeout(200);
      got = await snapshot(page);
    }
  }
  assert.deepEqual(got, want, message);
}

async function openLink(page, href) {
  await page.goto('about:blank');
  await page.goto(href);
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  await page.locator('.cm-content[data-testid=editor]').waitFor({ timeout: 10000 });
}

test('every gallery example: its link is short and reopens the same scenario, time and view', async () => {
  const { page, offOrigin, problems } = await openApp(env.browser.context, env.server.url);
  const reader = await openPage(env.browser.context, env.server.url.slice(0, -1));
  const ids = await page.getByTestId('gallery').locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(ids.length >= 38, `gallery has ${ids.length} examples`);
  const lengths = {};
  const tabs = ['-o yaml', 'logs', 'Events', 'describe'];
  let prev = await page.evaluate(() => location.href);
  for (const [i, id] of ids.entries()) {
    await page.getByTestId('gallery').selectOption(id);
    await pause(page);
    await jumpTo(page, 17.3 + i * 3);
    const tab = page.getByRole('tab', { name: tabs[i % tabs.length], exact: true });
    if (await tab.count()) {
      await tab.click();
      // By name, not by element: the -o yaml tab hands the page over to the full module
      // (web/src/handover.rs), whose tab is a new element.
      await page.waitForFunction((name) => [...document.querySelectorAll('[role=tab]')]
        .some((t) => t.textContent === name && t.getAttribute('aria-selected') === 'true'), tabs[i % tabs.length]);
    }
    const href = await settledHref(page, prev);
    prev = href;
    lengths[id] = href.length;
    assert.ok(href.length <= 1000, `${id}: link is ${href.length} characters (limit 1000)`);
    await openLink(reader.page, href);
    if (await page.getByTestId('stale').count()) {
      // An example with errors: the writer still shows the previous run (stale); the reader has
      // none. The scenario and its diagnostics are what the link carries.
      assert.equal(await editorText(reader.page), await editorText(page), id);
      assert.equal(await reader.page.getByTestId('diagnostics').textContent(), await page.getByTestId('diagnostics').textContent(), id);
    } else {
      await assertShows(reader.page, await snapshot(page), `${id}: the link reopens what was shown`);
    }
    // Opening a link neither plays nor rewrites it: the address is still the link.
    assert.equal(await reader.page.getByTestId('play').getAttribute('aria-pressed'), 'false');
  }
  fs.writeFileSync(path.join(ARTIFACTS, 'share-link-lengths.json'), JSON.stringify(lengths, null, 1));
  const small = Object.entries(lengths).filter(([id]) => id !== BIG).map(([, n]) => n);
  console.log(`# link lengths: ${Math.min(...small)}-${Math.max(...small)} characters; ${BIG}: ${lengths[BIG]}`);
  await shot(reader.page, 'share-link-opened');
  assert.deepEqual(offOrigin, [], 'requests outside 127.0.0.1');
  assert.deepEqual(reader.offOrigin, [], 'requests outside 127.0.0.1');
  assert.deepEqual(problems, []);
  assert.deepEqual(reader.problems, []);
  await reader.page.close();
  await page.close();
});

test('the link carries language, speed and the selected container', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url, '?example=job-with-sidecar');
  await pause(page);
  await jumpTo(page, 12);
  await setLang(page, 'zh-CN');
  await page.getByTestId('speed').selectOption('2');
  await page.getByRole('tab', { name: 'logs', exact: true }).click();
  const select = page.getByTestId('kubectl-logs').locator('xpath=..').locator('select');
  const names = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(names.length >= 2, `containers: ${names}`);
  const other = names[names.length - 1];
  await select.selectOption(other);
  const href = await settledHref(page, '');
  const reader = await openPage(env.browser.context, env.server.url.slice(0, -1));
  await openLink(reader.page, href);
  assert.equal(await reader.page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await reader.page.getByTestId('speed').inputValue(), '2');
  assert.equal(await shownTime(reader.page), 12);
  assert.match(await reader.page.getByTestId('kubectl-logs').textContent(), new RegExp(`-c ${other}\\b`));
  assert.deepEqual(problems, []);
  assert.deepEqual(reader.problems, []);
  await reader.page.close();
  await page.close();
});

test('a link pasted into the address bar of an open playground opens there', async () => {
  const maker = await openApp(env.browser.context, env.server.url, '?example=nodeselector');
  await pause(maker.page);
  await jumpTo(maker.page, 7);
  const href = await settledHref(maker.page, '');
  const want = await snapshot(maker.page);
  await maker.page.close();
  const { page, problems } = await openApp(env.browser.context, env.server.url, '?example=liveness-exec');
  await page.evaluate((h) => { location.hash = h; }, href.split('#')[1]);
  await page.waitForFunction(() => window.podlifeEditor.text().includes('nodeSelector'), null, { timeout: 5000 });
  await assertShows(page, want);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Share dialog: link, iframe snippet, Markdown; a long link warns and offers a download', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url, '?example=liveness-exec');
  await pause(page);
  await jumpTo(page, 42);
  await page.getByTestId('share').click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.waitFor();
  const link = await page.getByTestId('share-link').inputValue();
  assert.match(link, new RegExp(`^${env.server.url.replace(/[.?]/g, '\\$&')}#[12][A-Za-z0-9_-]+$`));
  const embed = await page.getByTestId('share-embed').inputValue();
  // The embed carries format 1 (self-contained), so its poster can preview the YAML.
  const m = /^<iframe src="([^"]+)" title="podlife: liveness-exec" width="100%" height="480" loading="lazy" style="border:1px solid #ccc;border-radius:6px"><\/iframe>$/.exec(embed);
  assert.ok(m, embed);
  assert.match(m[1], new RegExp(`^${env.server.url.replace(/[.?]/g, '\\$&')}\\?embed=1&amp;view=timeline#1[A-Za-z0-9_-]+$`));
  await page.getByTestId('embed-view').selectOption('split');
  assert.match(await page.getByTestId('share-embed').inputValue(), /\?embed=1&amp;view=split#1/);
  assert.equal(await page.getByTestId('share-markdown').inputValue(), `[podlife: liveness-exec](${await page.getByTestId('share-link').inputValue()})`);
  assert.equal(await page.getByTestId('share-warning').count(), 0);
  await page.getByTestId('copy-embed').click();
  await shot(page, 'share-dialog');
  await page.getByTestId('share').click(); // close

  // A scenario too big for chat apps: incompressible comment lines.
  let big = await editorText(page);
  let seed = 12345;
  for (let i = 0; i < 60; i++) {
    let line = '# ';
    for (let j = 0; j < 40; j++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      line += 'abcdefghijklmnopqrstuvwxyz0123456789'[seed % 36];
    }
    big += line + '\n';
  }
  await pasteInEditor(page, big);
  await page.waitForTimeout(500);
  await page.getByTestId('share').click();
  await page.getByTestId('share-warning').waitFor();
  assert.match(await page.getByTestId('share-warning').textContent(), /This link is \d,?\d+ characters long; chat apps cut links longer than 2000 characters/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-scenario').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'liveness-exec.yaml');
  const file = path.join(ARTIFACTS, 'downloaded-scenario.yaml');
  await download.saveAs(file);
  assert.equal(fs.readFileSync(file, 'utf8'), big);
  await shot(page, 'share-dialog-long');
  assert.deepEqual(problems, []);
  await page.close();
});

test('bad links are refused with the codec message; the draft stays and stays restorable', async () => {
  const { page, offOrigin, problems } = await openApp(env.browser.context, env.server.url);
  const draft = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: my-draft\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
  await pasteInEditor(page, draft);
  await page.waitForTimeout(600);
  assert.equal(await editorText(page), draft);
  // A valid link made from another example, then damaged in several ways.
  const maker = await openApp(env.browser.context, env.server.url, '?example=busybox-crash-loop');
  await pause(maker.page);
  await jumpTo(maker.page, 33);
  const good = await settledHref(maker.page, '');
  await maker.page.close();
  // openApp cleared localStorage: put the user's draft back, as it was before.
  await page.evaluate((d) => localStorage.setItem('podlife.draft', d), draft);
  const frag = good.split('#')[1];
  const cases = [
    ['garbage', '1%%%not-a-link', /damaged: character \d+/],
    ['not podlife', 'hello', /not a podlife share link/],
    ['truncated', frag.slice(0, Math.floor(frag.length / 2)), /(incomplete: it was probably cut off|damaged)/],
    ['newer format', '9' + frag.slice(1), /newer podlife \(format v9\)/],
    ['oversized', '1' + 'A'.repeat(140000), /too long to be a podlife link \(140001 characters/],
  ];
  for (const [name, f, message] of cases) {
    await openLink(page, env.server.url + '#' + f);
    const err = page.getByTestId('link-error');
    await err.waitFor({ timeout: 5000 });
    assert.match(await err.textContent(), message, name);
    assert.match(await err.textContent(), /Nothing was loaded; your draft is unchanged\./, name);
    assert.equal(await editorText(page), draft, `${name}: the draft is still in the editor`);
    assert.equal(await page.evaluate(() => localStorage.getItem('podlife.draft')), draft, name);
    if (name === 'garbage') await shot(page, 'share-bad-link');
  }
  // A good link replaces the editor's text but keeps the draft restorable.
  await openLink(page, good);
  assert.match(await editorText(page), /name: crash-loop/);
  assert.equal(await shownTime(page), 33);
  await page.getByTestId('link-opened').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('podlife.draft.previous')), draft);
  await shot(page, 'share-restore-banner');
  await page.getByTestId('restore-draft').click();
  assert.equal(await editorText(page), draft);
  assert.equal(await page.evaluate(() => localStorage.getItem('podlife.draft')), draft);
  // The address follows the restored draft.
  const after = await settledHref(page, good);
  assert.notEqual(after, good);
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a plain iframe embed: poster without wasm until the click, then the run at the linked time', async () => {
  const maker = await openApp(env.browser.context, env.server.url, '?example=memory-limit-exceeded');
  await pause(maker.page);
  await jumpTo(maker.page, 25);
  const href = await settledHref(maker.page, '');
  const want = await snapshot(maker.page);
  // What a docs author pastes: the Share dialog's iframe snippet (format 1).
  await maker.page.getByTestId('share').click();
  const snippet = await maker.page.getByTestId('share-embed').inputValue();
  await maker.page.close();
  const frag = /#([^"]+)"/.exec(snippet)[1];
  assert.equal(frag[0], '1', snippet);
  const { page, offOrigin, problems } = await openPage(env.browser.context, env.server.url.slice(0, -1));
  // The page's own link (format 2, based on a gallery example) also embeds: the poster then
  // has no preview (poster.js reads format 1 only), the run is the same after the click.
  await page.goto(`${env.server.url}?embed=1&view=split#${href.split('#')[1]}`);
  await page.getByTestId('embed-poster').waitFor();
  assert.equal(await page.getByTestId('embed-preview').count(), 0);
  await page.getByTestId('embed-load').click();
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  // The reader asked for the run: it plays from the linked time.
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'true');
  assert.ok((await shownTime(page)) >= want.time);
  await pause(page);
  await jumpTo(page, want.time);
  assert.equal(await page.getByTestId('kubectl-get').textContent(), want.get);
  await page.goto('about:blank');
  const fetched = [];
  page.on('response', async (r) => {
    try {
      fetched.push({ url: r.url(), bytes: (await r.body()).length });
    } catch {
      /* redirects and aborted requests have no body */
    }
  });
  // The embed page on its own, as a fixed-height iframe would load it.
  await page.goto(`${env.server.url}?embed=1&view=split#${frag}`);
  await page.getByTestId('embed-poster').waitFor();
  await page.getByTestId('embed-preview').waitFor();
  await page.waitForTimeout(800);
  const before = fetched.slice();
  assert.ok(!before.some((f) => /\.wasm$|editor\.js$|podlife-web-/.test(f.url)), `fetched before the click: ${before.map((f) => f.url)}`);
  const bytes = before.reduce((n, f) => n + f.bytes, 0);
  fs.writeFileSync(path.join(ARTIFACTS, 'embed-bytes-before-click.json'), JSON.stringify({ bytes, files: before }, null, 1));
  console.log(`# embed poster: ${bytes} bytes before the click (${before.map((f) => path.basename(new URL(f.url).pathname) || 'index.html').join(', ')})`);
  assert.ok(bytes < 40000, `${bytes} bytes before the click`);
  // The poster previews the scenario (inflated in JS, no engine): the pod's name and its YAML.
  const preview = await page.getByTestId('embed-preview').textContent();
  assert.ok(want.text.startsWith(preview.replace(/\n…$/, '')), preview);
  assert.equal(preview.split('\n').length, 13, 'twelve lines and an ellipsis');
  assert.equal(await page.locator('.embed-poster .brand').textContent(), `podlife · ${want.get.split('\n')[2].split(/\s+/)[0]}`);
  await shot(page, 'embed-poster');
  await page.getByTestId('embed-load').click();
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  assert.equal(await page.getByTestId('embed-poster').count(), 0);
  assert.equal(await page.locator('.wb-header').count(), 0, 'no full-app header in an embed');
  await page.getByTestId('embed-bar').waitFor();
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'true', 'plays after one click');
  await pause(page);
  await jumpTo(page, want.time);
  assert.equal(await page.getByTestId('kubectl-get').textContent(), want.get);
  assert.ok(await page.getByTestId('timeline').isVisible());
  assert.equal(await page.locator('.wb-editor').count(), 1);
  assert.ok(!(await page.locator('.wb-editor').isVisible()), 'split view hides the editor');
  await shot(page, 'embed-split');
  // An embed never touches the reader's own draft.
  assert.equal(await page.evaluate(() => localStorage.getItem('podlife.draft')), null);
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('embed parameters: kubectl view, dark theme, no controls, read-only, zh-CN, autoplay', async () => {
  const maker = await openApp(env.browser.context, env.server.url, '?example=liveness-http');
  await pause(maker.page);
  await jumpTo(maker.page, 1);
  const href = await settledHref(maker.page, '');
  await maker.page.close();
  const frag = href.split('#')[1];
  const { page, problems } = await openPage(env.browser.context, env.server.url.slice(0, -1));
  await page.goto(`${env.server.url}?embed=1&load=eager&view=kubectl&theme=dark&controls=0&readonly=1&lang=zh-CN&t=20#${frag}`);
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(22, 24, 28)');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await page.locator('.wb-transport').count(), 1);
  assert.ok(!(await page.locator('.wb-transport').isVisible()), 'controls=0');
  assert.ok(!(await page.getByTestId('timeline').isVisible()), 'kubectl view hides the timeline');
  assert.ok(await page.getByTestId('kubectl-get').isVisible());
  assert.equal(await page.locator('.actions').isVisible(), false, 'readonly hides actions');
  assert.equal(await shownTime(page), 20);
  assert.match(await page.getByTestId('kubectl-get').textContent(), /liveness-http\s+\d\/1\s+/);
  await assertNoMissingText(page);
  await shot(page, 'embed-kubectl-dark');
  // A bad parameter value is ignored with a notice; the rest still applies.
  await page.goto(`${env.server.url}?embed=1&load=eager&view=grid&t=20#${frag}`);
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  assert.equal(
    await page.getByTestId('link-note').textContent(),
    'Address parameter: ignored view="grid": expected timeline, kubectl, split, editor or compare',
  );
  assert.equal(await shownTime(page), 20);
  // readonly=1 in the editor view: the editor shows the scenario and refuses typing.
  await page.goto(`${env.server.url}?embed=1&load=eager&view=editor&readonly=1#${frag}`);
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  const editor = page.locator('.cm-content[data-testid=editor]');
  await editor.waitFor();
  assert.equal(await editor.getAttribute('contenteditable'), 'false');
  const text = await editorText(page);
  await editor.click();
  await page.keyboard.type('xyz');
  assert.equal(await editorText(page), text);
  assert.ok(!(await page.getByTestId('timeline').isVisible()), 'editor view: editor and kubectl');
  assert.ok(await page.getByTestId('kubectl-get').isVisible());
  await shot(page, 'embed-editor-readonly');
  // autoplay=1 plays from t.
  await page.goto(`${env.server.url}?embed=1&load=eager&autoplay=1&t=5#${frag}`);
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  await page.waitForTimeout(600);
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'true');
  assert.ok((await shownTime(page)) > 5);
  assert.deepEqual(problems, []);
  await page.close();
});

test('embed.js on the example docs page: click-to-load embeds of each block, auto-height', async () => {
  const { page, offOrigin, problems } = await openPage(env.browser.context, env.server.url.slice(0, -1));
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`${env.server.url}examples/embed/index.html`);
  const boxes = page.getByTestId('podlife-embed');
  await boxes.first().waitFor();
  assert.equal(await boxes.count(), 5, 'five podlife blocks; the ordinary YAML block is left alone');
  // The in-page encoder makes the same fragments as the Rust codec (recorded in data-expect).
  for (const id of ['block-plain', 'block-hugo', 'block-hugo-hook', 'block-docusaurus', 'block-mdbook']) {
    const expect = await page.locator(`[data-testid=${id}] [data-expect], [data-testid=${id}][data-expect]`).first().getAttribute('data-expect');
    const all = await boxes.evaluateAll((bs) => bs.map((b) => b.getAttribute('data-podlife-fragment')));
    assert.ok(all.includes(expect), `${id}: ${expect} in ${all}`);
  }
  // Only the fixed iframe (its own poster) loaded anything of the app: no wasm anywhere yet.
  await page.waitForTimeout(800);
  assert.ok(!requested.some((u) => /\.wasm$|editor\.js$/.test(u)), `before any click: ${requested}`);
  await shot(page, 'embedjs-before-click');

  // The fixed-height iframe (no script needed): click its poster, the app renders at t=30.
  await page.getByTestId('fixed-iframe').scrollIntoViewIfNeeded();
  const fixed = page.frameLocator('[data-testid=fixed-iframe]');
  await fixed.getByTestId('embed-load').click();
  await fixed.locator('#app-ready').waitFor({ timeout: 15000 });
  // One click: it plays from the linked 30 s.
  assert.equal(await fixed.getByTestId('play').getAttribute('aria-pressed'), 'true');
  assert.ok(Number(await fixed.getByTestId('time').inputValue()) >= 30);
  assert.match(await fixed.getByTestId('kubectl-get').textContent(), /NAME\s+READY\s+STATUS/);
  // embed.js also adopts the Share dialog's iframe snippet on its page: it grows to its content.
  await page.waitForFunction(() => document.querySelector('[data-testid=fixed-iframe]').clientHeight > 480, null, { timeout: 5000 });

  // embed.js: the first block's Run button makes an iframe that loads at once and grows to fit.
  await boxes.first().getByRole('button').click();
  const frame = page.getByTestId('podlife-embed-frame');
  await frame.waitFor();
  const inner = page.frameLocator('[data-testid=podlife-embed-frame]');
  await inner.locator('#app-ready').waitFor({ timeout: 15000 });
  assert.equal(await inner.getByTestId('embed-poster').count(), 0, 'no second click inside');
  await inner.getByTestId('play').and(inner.locator('[aria-pressed=true]')).waitFor({ timeout: 5000 });
  assert.match(await inner.getByTestId('kubectl-get').textContent(), /liveness-exec/);
  await page.waitForFunction(() => {
    const f = document.querySelector('[data-testid=podlife-embed-frame]');
    return f && f.style.height !== '480px';
  }, null, { timeout: 5000 });
  const sizes = await frame.evaluate((f) => ({
    frame: Math.round(f.getBoundingClientRect().height),
    content: Math.ceil(f.contentDocument.body.getBoundingClientRect().height),
  }));
  assert.ok(Math.abs(sizes.frame - Math.min(4000, Math.max(120, sizes.content))) <= 2, `iframe ${sizes.frame} px, content ${sizes.content} px`);
  await frame.scrollIntoViewIfNeeded();
  await shot(page, 'embedjs-after-click');
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the iframe snippet on a page without any script: fixed height, poster, then the run', async () => {
  const { page, offOrigin, problems } = await openPage(env.browser.context, env.server.url.slice(0, -1));
  await page.goto(`${env.server.url}examples/embed/plain.html`);
  const iframe = page.getByTestId('fixed-iframe');
  await iframe.scrollIntoViewIfNeeded();
  const inner = page.frameLocator('[data-testid=fixed-iframe]');
  await inner.getByTestId('embed-poster').waitFor({ timeout: 10000 });
  await shot(page, 'iframe-plain-poster');
  await inner.getByTestId('embed-load').click();
  await inner.locator('#app-ready').waitFor({ timeout: 15000 });
  assert.equal(await inner.getByTestId('play').getAttribute('aria-pressed'), 'true', 'plays after one click');
  assert.ok(Number(await inner.getByTestId('time').inputValue()) >= 30);
  assert.match(await inner.getByTestId('kubectl-get').textContent(), /NAME\s+READY\s+STATUS/);
  await page.waitForTimeout(500);
  assert.equal(await iframe.evaluate((f) => f.clientHeight), 480, 'no host script: the height stays as written');
  await shot(page, 'iframe-plain-loaded');
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(problems, []);
  await page.close();
});
