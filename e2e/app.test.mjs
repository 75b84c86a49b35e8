// The built playground (dist/) in headless Chromium: each state of issue 6 item 10, with a
// screenshot of each under target/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDistAndBrowser, shot, openApp, editorText, shownTime, jumpTo, typeInEditor, pasteInEditor, setLang, assertNoMissingText } from './support.mjs';

const env = useDistAndBrowser();

test('the app loads, the default example animates, and nothing is requested off-origin', async () => {
  const { page, offOrigin, problems } = await openApp(env.browser.context, env.server.url);
  assert.match(await editorText(page), /name: liveness-exec/);
  // The editor is CodeMirror (line numbers, lint gutter), not a bare textarea.
  await page.locator('.cm-lineNumbers').waitFor();
  await page.locator('.cm-gutter-lint').waitFor();
  const t0 = await shownTime(page);
  await page.waitForTimeout(700);
  const t1 = await shownTime(page);
  assert.ok(t1 > t0, `time should advance while playing (${t0} -> ${t1})`);
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'true');
  await page.getByTestId('timeline').locator('svg.timeline-svg').waitFor();
  assert.match(await page.getByTestId('kubectl-get').textContent(), /liveness-exec\s+\d\/1\s+/);
  await shot(page, 'app');
  assert.deepEqual(offOrigin, [], 'requests outside 127.0.0.1');
  assert.deepEqual(problems, [], 'page errors or console errors (e.g. CSP violations)');
});

test('broken YAML shows an error located at line:column, and the last good run stays (stale)', async () => {
  const { page, offOrigin, problems } = await openApp(env.browser.context, env.server.url);
  await page.getByTestId('play').click(); // pause
  await jumpTo(page, 40);
  const before = await page.getByTestId('kubectl-get').textContent();
  await typeInEditor(page, 'apiVersion: v1\nkind: Pod\nmetadata: [\n');
  const diag = page.getByTestId('diagnostics');
  await diag.getByText(/pod\.yaml:\d+:\d+: error: /).first().waitFor({ timeout: 5000 });
  const text = await diag.textContent();
  const m = text.match(/pod\.yaml:(\d+):(\d+): error: /);
  assert.ok(Number(m[1]) >= 3, `error line ${m[1]} should point at or after the open [`);
  await page.getByTestId('stale').waitFor();
  assert.equal(await page.getByTestId('kubectl-get').textContent(), before, 'the old run stays visible');
  // The lint gutter marks the line.
  await page.locator('.cm-lint-marker-error').first().waitFor({ timeout: 5000 });
  await shot(page, 'diagnostic');
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(problems, []);
});

test('every gallery example opens; the crash loop reaches CrashLoopBackOff', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  const ids = await page.getByTestId('gallery').locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(ids.length >= 38, `gallery has ${ids.length} examples`);
  for (const id of ids) {
    await page.getByTestId('gallery').selectOption(id);
    await page.waitForTimeout(30);
    const shown = (await page.getByTestId('kubectl-get').count()) + (await page.getByTestId('diagnostics').count());
    assert.ok(shown > 0, id);
  }
  await page.getByTestId('gallery').selectOption('busybox-crash-loop');
  assert.match(await editorText(page), /name: crash-loop/);
  await page.getByTestId('play').click(); // pause
  await jumpTo(page, 60);
  assert.match(await page.getByTestId('kubectl-get').textContent(), /crash-loop\s+0\/1\s+(CrashLoopBackOff|Error)\s+\d/);
  // kubectl logs shows the last instance's stdout and stderr; --previous too while it backs off.
  await page.getByRole('tab', { name: 'logs' }).click();
  assert.match(await page.getByTestId('kubectl-logs').textContent(), /starting\noops\n$/);
  await page.getByTestId('kubectl-logs').locator('xpath=..').getByRole('checkbox').check();
  assert.match(await page.getByTestId('kubectl-logs').textContent(), /--previous\nstarting\noops\n$/);
  await shot(page, 'gallery-crash-loop');
  assert.deepEqual(problems, []);
});

test('?example=<id> opens that example', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url, '?example=job-with-sidecar');
  assert.match(await editorText(page), /kind: Job/);
  await shot(page, 'example-param');
  assert.deepEqual(problems, []);
});

test('jumping to a time shows the expected kubectl get row', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await page.getByTestId('play').click();
  await jumpTo(page, 10);
  assert.equal(await shownTime(page), 10);
  assert.match(await page.getByTestId('kubectl-get').textContent(), /liveness-exec\s+1\/1\s+Running\s+0\s+10s/);
  // ←/→ step between events.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  assert.ok((await shownTime(page)) > 10);
  await page.keyboard.press('ArrowLeft');
  assert.ok((await shownTime(page)) <= 10);
  // Describe and -o yaml follow the playhead.
  await page.getByRole('tab', { name: '-o yaml' }).click();
  // The tab hands the page over to the full module (web/handover.js): wait for its text, not
  // only for the element (CI once read the describe text the element held a moment before).
  await page.waitForFunction(() => document.querySelector('[data-testid="kubectl-yaml"]')?.textContent.startsWith('$ kubectl get pod '), null, { timeout: 15000 });
  // The whole object as kubectl get pod -o yaml prints it: metadata, spec, status.
  const yaml = await page.getByTestId('kubectl-yaml').textContent();
  assert.match(yaml, /^\$ kubectl get pod liveness-exec -o yaml\napiVersion: v1\nkind: Pod\nmetadata:\n/);
  assert.match(yaml, /\n  uid: [0-9a-f-]{36}\n/);
  assert.match(yaml, /\nspec:\n  containers:\n/);
  assert.match(yaml, /\n  serviceAccountName: default\n/);
  assert.match(yaml, /\nstatus:\n  conditions:\n/);
  assert.match(yaml, /\n  phase: Running\n/);
  await shot(page, 'yaml');
  await page.getByRole('tab', { name: 'logs' }).click();
  await page.getByTestId('kubectl-logs').waitFor();
  await shot(page, 'jump');
  // Zoom: a one-minute page of the timeline around the playhead.
  await page.getByTestId('zoom').selectOption('60');
  const axis = await page.getByTestId('timeline').locator('.axis-label').allTextContents();
  assert.equal(axis[0], '0s');
  assert.equal(axis.at(-1), '1m0s', axis.join(' '));
  await shot(page, 'zoom');
  // Dragging on the chart scrubs: the chart is drawn one unit per pixel, the plot spans from
  // the 150 px label column to 12 px before the right edge.
  const box = await page.getByTestId('timeline').boundingBox();
  const at = (secs) => box.x + 150 + ((box.width - 162) * secs) / 60;
  await page.mouse.move(at(20), box.y + 40);
  await page.mouse.down();
  await page.mouse.move(at(25), box.y + 40, { steps: 3 });
  await page.mouse.move(at(30), box.y + 40, { steps: 3 });
  await page.mouse.up();
  const scrubbed = await shownTime(page);
  assert.ok(scrubbed > 29 && scrubbed < 31, `scrubbed to ${scrubbed}`);
  assert.deepEqual(problems, []);
});

test('delete: the action lands in the Scenario and the countdown runs to SIGKILL', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await page.getByTestId('play').click();
  await jumpTo(page, 20);
  await page.getByRole('tab', { name: 'Actions' }).click();
  await page.getByTestId('action-delete').click();
  assert.match(await editorText(page), /kind: Scenario[\s\S]*- at: 20s\n\s+delete:\n\s+gracePeriodSeconds: 30/);
  await page.getByTestId('countdown').waitFor({ timeout: 5000 });
  await shot(page, 'delete-countdown');
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('countdown').getByText(/SIGKILL/).waitFor({ timeout: 15000 });
  await shot(page, 'delete-sigkill');
  assert.deepEqual(problems, []);
});

test('exec: the command is added at the current time and shows its output and exit code', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await page.getByTestId('play').click();
  await jumpTo(page, 40); // the example removed /tmp/healthy at ~33 s
  await page.getByRole('tab', { name: 'Actions' }).click();
  await page.getByRole('button', { name: 'cat /tmp/healthy' }).click();
  await page.getByTestId('action-exec').click();
  assert.match(await editorText(page), /- at: 40s\n\s+exec:\n\s+container: "liveness"\n\s+command: \["cat", "\/tmp\/healthy"\]/);
  await page.getByTestId('play').click(); // the action resumed playback: pause
  await jumpTo(page, 41);
  const out = await page.getByTestId('exec-output').textContent();
  assert.match(out, /\$ kubectl exec liveness-exec -c liveness -- cat \/tmp\/healthy/);
  assert.match(out, /No such file or directory/);
  assert.match(out, /command terminated with exit code 1/);
  await shot(page, 'exec');
  assert.deepEqual(problems, []);
});

test('clicking an event explains why and highlights the YAML lines', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await page.getByTestId('play').click();
  await jumpTo(page, 60);
  await page.getByRole('tab', { name: 'Events' }).click();
  await page.getByTestId('events').getByText(/Unhealthy/).first().click();
  const why = page.getByTestId('why');
  await why.waitFor();
  assert.match(await why.textContent(), /failureThreshold 3, periodSeconds 5/);
  await page.locator('.cm-why').first().waitFor();
  await shot(page, 'why');
  // A condition row explains itself too: readiness probe failures of a never-ready pod.
  await page.getByTestId('gallery').selectOption('readiness-httpget-myapp');
  await page.getByTestId('play').click();
  await jumpTo(page, 30);
  await page.getByTestId('timeline').locator('text.row-label', { hasText: /^Ready$/ }).click();
  assert.match(await why.textContent(), /Ready=False .*readinessProbe failed \d+ times in a row \(failureThreshold 3, periodSeconds 3\)/);
  await shot(page, 'why-condition');
  assert.deepEqual(problems, []);
});

test('language switch to 简体中文 is applied and remembered', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  // The first-frame module downloads its Chinese text on the switch (web/src/i18n.rs; an
  // English page without network: loading.test.mjs).
  const zhFile = await page.evaluate(() => document.getElementById('podlife-boot').dataset.zh);
  assert.match(zhFile, /^zh-CN-[0-9a-f]{16}\.txt$/);
  await setLang(page, 'zh-CN');
  await page.getByText('Kubernetes Pod 的一生').waitFor();
  await assertNoMissingText(page);
  await page.reload();
  await page.waitForSelector('#app-ready');
  await page.getByText('Kubernetes Pod 的一生').waitFor();
  await assertNoMissingText(page);
  await shot(page, 'lang-zh');
  await setLang(page, 'en');
  assert.deepEqual(problems, []);
});

test('the draft survives a reload; markup in user text stays text', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "<img src=x onerror=alert(1)>"\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: ["sh", "-c", "echo \'<b>bold</b><script>alert(2)</script>\'; sleep 3600"]\n';
  await pasteInEditor(page, yaml);
  await page.getByTestId('diagnostics').getByText(/<img src=x/).first().waitFor({ timeout: 5000 });
  await page.waitForTimeout(300);
  await page.reload();
  await page.waitForSelector('#app-ready');
  await page.locator('.cm-content').waitFor();
  assert.match(await editorText(page), /<b>bold<\/b>/);
  assert.equal(await page.locator('img').count(), 0, 'no markup from user text became elements');
  assert.equal(await page.locator('b').count(), 0);
  assert.deepEqual(problems, []);
});

test('keyboard: Space plays and pauses', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const play = page.getByTestId('play');
  assert.equal(await play.getAttribute('aria-pressed'), 'true');
  await page.keyboard.press('Space');
  assert.equal(await play.getAttribute('aria-pressed'), 'false');
  await page.keyboard.press('Space');
  assert.equal(await play.getAttribute('aria-pressed'), 'true');
  assert.deepEqual(problems, []);
});

test('usable at 360 px wide', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await page.setViewportSize({ width: 360, height: 780 });
  await page.waitForTimeout(200);
  await shot(page, 'narrow-360');
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > 362 && !e.closest('.timeline-scroll, .out, .cm-editor'))
    .map((e) => `${e.tagName}.${e.className}`).slice(0, 5));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 362, `page is ${width}px wide at a 360px viewport: ${wide.join(', ')}`);
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(problems, []);
});

test('dark scheme follows the system; reduced motion does not autoplay', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await page.reload();
  await page.waitForSelector('#app-ready');
  await page.locator('.cm-content').waitFor();
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'false');
  const t0 = await shownTime(page);
  await page.waitForTimeout(300);
  assert.equal(await shownTime(page), t0, 'no animation without a click on Play');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(22, 24, 28)');
  await jumpTo(page, 90);
  await shot(page, 'dark');
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  assert.deepEqual(problems, []);
});

test('editor: Tab inserts two spaces, Ctrl+Z undoes, Ctrl+F opens search', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await page.getByTestId('play').click();
  const before = await editorText(page);
  await page.locator('.cm-line').first().click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  assert.equal(await editorText(page), `  ${before}`);
  await page.keyboard.press('Control+z');
  assert.equal(await editorText(page), before);
  await page.keyboard.press('Control+f');
  await page.locator('.cm-search').waitFor({ timeout: 3000 });
  await shot(page, 'editor-search');
  assert.deepEqual(problems, []);
});

test('hovering a probe tick shows its time, result and threshold counter', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await page.getByTestId('play').click(); // pause
  await jumpTo(page, 60);
  // One path draws every tick of a probe row with the same result; its tooltip follows the
  // pointer to the nearest tick.
  const ticks = page.getByTestId('timeline').locator('g.probes path.tick');
  assert.ok((await ticks.count()) > 0, 'probe tick paths');
  const first = ticks.first();
  const box = await first.boundingBox();
  await page.mouse.move(box.x + 0.8, box.y + box.height / 2);
  await page.mouse.move(box.x + 1.0, box.y + box.height / 2);
  const tip = await first.locator('title').textContent();
  assert.match(tip, /^\d[\d.]*s liveness [a-z-]+ \(x\d+ in a row\)/);
  // The path's right end is its last tick (a tick is ~2 px wide here): a later tick's tip.
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
  const later = await first.locator('title').textContent();
  assert.notEqual(later, tip);
  assert.deepEqual(problems, []);
});
