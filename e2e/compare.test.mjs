// Issue 16 in headless Chromium, keyboard only: Compare (B forked from A, both timelines on one
// axis with one playhead, kubectl side by side, the differences with the first divergence
// highlighted, the comparison in links and embeds), expectations (spec.expect) pass/fail on the
// timeline and in a list, and Export (SVG, PNG, trace JSON, -o yaml at the playhead) as
// downloads; at 1366×768, 1920×1080 and 390×844, in English and zh-CN. Screenshots under
// target/e2e/ (compare-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useDistAndBrowser, shot, openApp, openPage, editorText, pasteInEditor, ARTIFACTS, setLang, assertNoMissingText } from './support.mjs';

const env = useDistAndBrowser();

async function viewport(page, width, height) {
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(250);
}

async function pause(page) {
  if ((await page.getByTestId('play').getAttribute('aria-pressed')) === 'true') {
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false');
  }
}

/** Presses Tab (then Shift+Tab) until the focused element matches `selector` (keyboard only). */
async function tabTo(page, selector) {
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < 120; i++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press(key);
    }
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** Tab to it, then Enter. */
async function activate(page, selector) {
  await tabTo(page, selector);
  await page.keyboard.press('Enter');
}

/** Nothing wider than the viewport (no sideways page scroll). */
async function noOverflow(page) {
  const { sw, iw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: innerWidth }));
  assert.ok(sw <= iw + 1, `page ${sw}px wide in a ${iw}px viewport`);
}

/** A's and B's charts are wholly inside the timeline pane: no scrolling inside it. */
async function bothInPane(page, where) {
  const m = await page.evaluate(() => {
    const pane = document.querySelector('.timeline-scroll');
    const p = pane.getBoundingClientRect();
    const charts = [...pane.querySelectorAll('.timeline-svg')].map((s) => s.getBoundingClientRect());
    return { scroll: pane.scrollHeight, client: pane.clientHeight, inside: charts.every((c) => c.top >= p.top - 0.5 && c.bottom <= p.bottom + 0.5), bottom: Math.max(...charts.map((c) => c.bottom)) - p.top, pane: p.height, widths: charts.map((c) => c.width), paneWidth: pane.clientWidth };
  });
  console.log(`# compare ${where}: charts ${Math.round(m.bottom)} px in a ${Math.round(m.pane)} px pane`);
  assert.ok(m.scroll <= m.client + 1 && m.inside, `A and B in the pane at ${where}: ${JSON.stringify(m)}`);
  // Each chart as wide as the pane (it once stayed at its 320 px minimum: the width was measured
  // on the single chart's scroller, not Compare's).
  assert.ok(m.widths.length === 2 && m.widths.every((w) => Math.abs(w - m.paneWidth) <= 2), `charts as wide as the pane at ${where}: ${JSON.stringify(m)}`);
}

/** Compare on the default example (liveness-exec) with failureThreshold: 1 typed into B. */
async function compareFailureThreshold(page) {
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  await pause(page);
  await activate(page, '[data-testid=compare]');
  // The page hands over to the full module first (web/src/handover.rs): Compare turns on once
  // it has loaded.
  await page.locator('[data-testid=compare][aria-pressed=true]').waitFor({ timeout: 15000 });
  assert.equal(await page.getByTestId('compare').getAttribute('aria-pressed'), 'true');
  // The editor now shows B (a copy of A).
  await page.locator('[data-testid=compare-strip] [data-side=b][aria-selected=true]').waitFor();
  const a = await editorText(page);
  // Into the editor by Tab, to the end of the text, one more probe field.
  await tabTo(page, '.cm-content');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('      failureThreshold: 1\n');
  await page.waitForFunction(() => window.podlifeEditor.text().includes('failureThreshold: 1'));
  await page.keyboard.press('Escape');
  // B runs (debounced): the differences appear.
  await page.locator('[data-testid=differences] li.first').waitFor({ timeout: 5000 });
  return a;
}

test('Compare: failureThreshold 1 in B — two timelines on one axis, the first differing Killing event, the link reopens it', async () => {
  const { page, problems, offOrigin } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 1366, 768);
  const a = await compareFailureThreshold(page);
  // Two timelines, one above the other, the same axis width; one playhead across both.
  const charts = page.locator('.cmp-charts .timeline-svg');
  assert.equal(await charts.count(), 2);
  const boxes = await charts.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; }));
  assert.equal(boxes[0].x, boxes[1].x, 'same left edge');
  assert.equal(boxes[0].w, boxes[1].w, 'same axis');
  assert.ok(boxes[1].y >= boxes[0].y + boxes[0].h - 1, 'B below A');
  assert.equal(await page.locator('.cmp-charts > .playhead').count(), 1, 'one playhead');
  // Both runs' lanes in the timeline pane together, without scrolling inside it.
  await bothInPane(page, '1366×768');
  const playheadH = await page.locator('.cmp-charts > .playhead').evaluate((e) => e.getBoundingClientRect().height);
  assert.ok(playheadH >= boxes[0].h + boxes[1].h, 'the playhead spans both charts');
  // The differences: the Killing event that happens earlier in B is listed, the first one highlighted.
  const diff = page.getByTestId('differences');
  const items = diff.locator('li');
  const texts = await items.allTextContents();
  assert.ok(texts.length >= 1, 'differences listed');
  const killing = texts.findIndex((t) => /Killing/.test(t));
  assert.ok(killing >= 0, `a Killing difference: ${texts.join(' | ')}`);
  assert.match(await diff.locator('li.first').textContent(), /first divergence/);
  // The first divergence is marked on the charts too.
  assert.equal(await page.locator('.cmp-marks .cmp-first').count(), 1);
  // A difference by keyboard: Enter moves the playhead to its instant.
  const item = items.nth(killing).locator('button');
  const at = Number(await item.getAttribute('data-time')) / 1000;
  await item.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => Math.abs(Number(document.querySelector('[data-testid=time]').value) - t) < 0.05, at);
  // kubectl side by side: A's and B's get pods; B's pod has restarted at least once by then.
  assert.equal(await page.getByTestId('kubectl-get-b').count(), 1);
  await activate(page, '[data-tab=describe]');
  assert.equal(await page.locator('.cmp-cols.fill [data-testid=kubectl-describe]').count(), 2);
  await shot(page, 'compare-1366');
  await activate(page, '[data-tab=diff]');

  // The link reopens the same comparison (A, B, the differences).
  await activate(page, '[data-testid=share]');
  const link = await page.getByTestId('share-link').inputValue();
  assert.match(link, /#3/, 'a comparison link is format 3');
  // Its embed snippet shows the comparison (view=compare) unless another view is picked.
  assert.match(await page.getByTestId('share-embed').inputValue(), /\?embed=1&amp;view=compare#3/);
  const b = await page.evaluate(() => window.podlifeEditor.text());
  const firstText = await diff.locator('li.first').textContent();
  const again = await openPage(env.browser.context, env.server.url);
  await again.page.goto(link);
  await again.page.locator('[data-testid=differences] li.first').waitFor({ timeout: 15000 });
  assert.equal(await again.page.locator('.cmp-charts .timeline-svg').count(), 2);
  assert.equal(await again.page.locator('[data-testid=differences] li.first').textContent(), firstText);
  assert.equal(await editorText(again.page), a, 'the editor opens on A');
  await again.page.locator('[data-side=b]').focus();
  await again.page.keyboard.press('Enter');
  await again.page.waitForFunction(() => window.podlifeEditor.text().includes('failureThreshold: 1'));
  assert.equal(await editorText(again.page), b);
  assert.deepEqual(again.problems, []);
  assert.deepEqual(again.offOrigin, []);
  await again.page.close();

  // Compare off: one timeline again, the one-run link.
  await page.keyboard.press('Escape');
  await activate(page, '[data-testid=compare]');
  assert.equal(await page.locator('.cmp-charts').count(), 0);
  assert.equal(await page.locator('.timeline-svg').count(), 1);
  assert.equal(await editorText(page), a, 'the editor shows A again');
  assert.deepEqual(problems, []);
  assert.deepEqual(offOrigin, []);
  await page.close();
});

test('Compare at 1920×1080 and on a phone (390×844), in zh-CN; the embed view=compare', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url, '?lang=zh-CN');
  await viewport(page, 1920, 1080);
  await compareFailureThreshold(page).catch(async (e) => { await shot(page, 'compare-fail'); throw e; });
  assert.match(await page.getByTestId('compare').textContent(), /对比/);
  assert.match(await page.getByTestId('differences').textContent(), /首个分歧/);
  await noOverflow(page);
  await bothInPane(page, '1920×1080');
  await assertNoMissingText(page);
  await shot(page, 'compare-1920-zh');
  await viewport(page, 390, 844);
  await noOverflow(page);
  // The phone's panes: the timeline pane shows both charts; the kubectl pane the differences.
  await activate(page, '[data-pane-tab=timeline]');
  assert.equal(await page.locator('.cmp-charts .timeline-svg').count(), 2);
  assert.ok(await page.locator('.cmp-charts').isVisible());
  await shot(page, 'compare-390-timeline');
  await activate(page, '[data-pane-tab=kubectl]');
  assert.ok(await page.getByTestId('differences').isVisible());
  await noOverflow(page);
  await shot(page, 'compare-390-kubectl');

  // The embed of the comparison: no editor, both timelines, the differences.
  await viewport(page, 1366, 768);
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const frag = link.split('#')[1];
  // The embed's poster (before the click) previews run A's text (link format 3 = "3" + format 1).
  const snippet = /#(3[A-Za-z0-9_-]+)"/.exec(await page.getByTestId('share-embed').inputValue())[1];
  assert.equal(snippet[1], '1', 'the iframe snippet carries format 1 inside format 3');
  const poster = await openPage(env.browser.context, env.server.url);
  await poster.page.goto(`${env.server.url}?embed=1&view=compare#${snippet}`);
  await poster.page.getByTestId('embed-preview').waitFor({ timeout: 10000 });
  assert.match(await poster.page.getByTestId('embed-preview').textContent(), /^apiVersion: v1\nkind: Pod\n/);
  const a = await poster.page.evaluate(async (f) => (await import('/poster.js')).scenarioText(f), snippet);
  assert.ok(a.startsWith('apiVersion: v1') && !a.includes('failureThreshold'), a);
  assert.deepEqual(poster.problems, []);
  await poster.page.close();
  const embed = await openPage(env.browser.context, env.server.url);
  await embed.page.setViewportSize({ width: 900, height: 900 });
  await embed.page.goto(`${env.server.url}?embed=1&load=eager&view=compare#${frag}`);
  await embed.page.locator('.cmp-charts').waitFor({ timeout: 15000 });
  assert.equal(await embed.page.locator('.cmp-charts .timeline-svg').count(), 2);
  assert.ok(!(await embed.page.locator('.wb-editor').isVisible()));
  assert.ok(await embed.page.getByTestId('differences').isVisible());
  await shot(embed.page, 'compare-embed');
  assert.deepEqual(embed.problems, []);
  await embed.page.close();
  assert.deepEqual(problems, []);
  await page.close();
});

test('Compare 1.34 vs 1.37: the version picker sets the version of the text the editor shows (B)', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 1366, 768);
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  await pause(page);
  await activate(page, '[data-testid=compare]');
  await page.locator('[data-testid=compare-strip] [data-side=b][aria-selected=true]').waitFor();
  assert.match(await page.getByTestId('differences').textContent(), /No differences/);
  await tabTo(page, '[data-testid=kube-version]');
  await page.getByTestId('kube-version').selectOption('34');
  await page.locator('.cmp-b', { hasText: 'Kubernetes 1.34' }).waitFor({ timeout: 5000 });
  assert.match(await page.locator('.cmp-a').textContent(), /Kubernetes 1\.37/);
  // 1.34's kubelet words its Created/Started events differently (docs/kubelet-rules.md).
  await page.locator('[data-testid=differences] li.first').waitFor();
  assert.match(await page.getByTestId('differences').textContent(), /Created/);
  // The picker follows the editor's tab: A is still 1.37.
  await activate(page, '[data-testid=compare-strip] [data-side=a]');
  assert.equal(await page.getByTestId('kube-version').inputValue(), '37');
  await activate(page, '[data-testid=compare-strip] [data-side=b]');
  assert.equal(await page.getByTestId('kube-version').inputValue(), '34');
  await shot(page, 'compare-minors');
  assert.deepEqual(problems, []);
  await page.close();
});

const EXPECT = `apiVersion: v1
kind: Pod
metadata:
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox
    args: [/bin/sh, -c, "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    livenessProbe:
      exec:
        command: [cat, /tmp/healthy]
      initialDelaySeconds: 5
      periodSeconds: 5
---
apiVersion: podlife/v1
kind: Scenario
spec:
  until: 2m
  expect:
  - at: 20s
    kubectl: {ready: "1/1", status: Running, restarts: 0}
  - within: [0s, 2m]
    event: {reason: Killing, count: ">= 5"}
`;

test('expectations: pass/fail at their time on the timeline and in a list (keyboard, zh-CN); also in embeds', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 1366, 768);
  await pasteInEditor(page, EXPECT);
  await page.keyboard.press('Escape');
  await page.locator('.expect-row .exp-pass').waitFor({ timeout: 5000 });
  assert.equal(await editorText(page), EXPECT);
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  assert.equal(await page.locator('.expect-row .exp-pass').count(), 1);
  assert.equal(await page.locator('.expect-row .exp-fail').count(), 1);
  const tab = page.locator('[data-tab=expect]');
  assert.match(await tab.textContent(), /✓1 ✗1/);
  await pause(page);
  await activate(page, '[data-tab=expect]');
  const list = page.getByTestId('expectations');
  assert.match(await list.textContent(), /1 passed, 1 failed/);
  const failed = list.locator('[data-passed=false]');
  assert.match(await failed.textContent(), /Killing/);
  // Enter on the failed one: the playhead goes to its instant.
  await failed.focus();
  await page.keyboard.press('Enter');
  await page.locator('.exp-list li.selected').waitFor();
  await shot(page, 'compare-expect-1366');
  // zh-CN: the page's own words are Chinese (kubectl values stay as kubectl writes them).
  await setLang(page, 'zh-CN');
  await page.locator('[data-tab=expect]').waitFor();
  assert.match(await page.locator('[data-tab=expect]').textContent(), /预期/);
  assert.match(await list.textContent(), /1 项通过，1 项未通过/);
  assert.match(await page.locator('.expect-row .row-label').textContent(), /预期/);
  await shot(page, 'compare-expect-zh');
  await viewport(page, 390, 844);
  await noOverflow(page);
  await shot(page, 'compare-expect-390');
  // The same verdicts in an embed.
  await viewport(page, 1366, 768);
  await page.getByTestId('share').click();
  const frag = (await page.getByTestId('share-link').inputValue()).split('#')[1];
  const embed = await openPage(env.browser.context, env.server.url);
  await embed.page.goto(`${env.server.url}?embed=1&load=eager&view=split#${frag}`);
  await embed.page.locator('.expect-row .exp-fail').waitFor({ timeout: 15000 });
  assert.equal(await embed.page.locator('.expect-row .exp-pass').count(), 1);
  assert.deepEqual(embed.problems, []);
  await embed.page.close();
  assert.deepEqual(problems, []);
  await page.close();
});

/** Presses Enter on an export button and saves the download under ARTIFACTS. */
async function download(page, testid) {
  await page.getByTestId(testid).focus();
  const [d] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const file = path.join(ARTIFACTS, `export-${d.suggestedFilename()}`);
  await d.saveAs(file);
  return { name: d.suggestedFilename(), file };
}

test('Export: SVG and PNG of the timeline on screen, trace JSON, -o yaml at the playhead (en and zh-CN), no request outside the origin', async () => {
  const { page, problems, offOrigin } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 1366, 768);
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  await pause(page);
  const time = page.getByTestId('time');
  await time.fill('42');
  await time.press('Enter');
  await activate(page, '[data-testid=share]');
  await page.getByTestId('export').waitFor();
  assert.match(await page.getByTestId('export-cli').textContent(), /^podlife run liveness-exec\.yaml --output svg --at 42s --window 0s\.\.\S+$/);
  await shot(page, 'compare-export-dialog');

  assert.deepEqual(problems, [], "before the downloads");
  const svg = await download(page, 'export-svg');
  assert.equal(svg.name, 'liveness-exec-timeline.svg');
  const text = fs.readFileSync(svg.file, 'utf8');
  // Valid XML (the browser's own parser, in a blank page: the app's CSP rightly refuses the
  // SVG's <style> in a document parsed inside the app), with the pod name, the minor and the
  // time in its title; then the file drawn as an image, to look at.
  const view = await openPage(env.browser.context, env.server.url);
  const parsed = await view.page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.nodeName };
  }, text);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, 'svg');
  assert.match(text, /liveness-exec/);
  assert.match(text, /1\.37/);
  assert.match(text, /42/);
  await view.page.setContent(`<img src="data:image/svg+xml;base64,${Buffer.from(text).toString('base64')}">`);
  await view.page.screenshot({ path: path.join(ARTIFACTS, 'compare-export-svg.png'), fullPage: true });
  await view.page.close();
  assert.deepEqual(problems, [], 'after the SVG');

  const png = await download(page, 'export-png');
  assert.equal(png.name, 'liveness-exec-timeline.png');
  const bytes = fs.readFileSync(png.file);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.ok(bytes.length > 5000, `PNG of ${bytes.length} bytes`);

  const json = await download(page, 'export-json');
  assert.equal(json.name, 'liveness-exec-trace.json');
  const trace = JSON.parse(fs.readFileSync(json.file, 'utf8'));
  assert.ok(Array.isArray(trace.events) && trace.events.length > 0);

  const yaml = await download(page, 'export-yaml');
  assert.equal(yaml.name, 'liveness-exec-42s.yaml');
  const y = fs.readFileSync(yaml.file, 'utf8');
  assert.match(y, /^apiVersion: v1\nkind: Pod\n/);
  assert.match(y, /\nstatus:\n/);
  assert.match(y, /restartCount: 0/);
  assert.match(y, /lastTransitionTime: "2025-01-01T00:00:3[5-9]Z"|ready: false|ready: true/);

  // zh-CN: the SVG's own words are Chinese.
  await page.keyboard.press('Escape');
  await setLang(page, 'zh-CN');
  await page.getByTestId('share').click();
  assert.match(await page.getByTestId('export').textContent(), /导出/);
  const zh = await download(page, 'export-svg');
  assert.match(fs.readFileSync(zh.file, 'utf8'), /[\u4e00-\u9fff]/);
  await viewport(page, 390, 844);
  await noOverflow(page);
  await shot(page, 'compare-export-390');
  assert.deepEqual(problems, []);
  assert.deepEqual(offOrigin, []);
  await page.close();
});
