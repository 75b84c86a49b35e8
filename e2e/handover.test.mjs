// The first-frame module and the full one (docs/sizes.md, session 6; web/src/handover.rs): the
// default page loads only the first-frame module; what it leaves out (Compare, the -o yaml tab,
// Export, a draft that runs awk, a Scenario with expectations) loads the full module on first
// use, which takes the page over with the draft, the playhead, the tab and the keyboard focus
// kept, and then works offline.
// Screenshots in target/e2e/handover-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot, editorText, pasteInEditor, shownTime, jumpTo, withFreshBrowser } from './support.mjs';

const FULL = /\/podlife-full-[0-9a-f]+(_bg\.wasm|\.js)$/;
const LITE = /\/podlife-web-[0-9a-f]+_bg\.wasm$/;

/** The default page, its editor and service worker ready, nothing more requested. */
async function defaultPage(browser, server, width = 1366, height = 768) {
  const opened = await openPage(browser.context, server.url);
  await opened.page.setViewportSize({ width, height });
  await opened.page.goto(server.url);
  await opened.page.waitForSelector('#app-ready', { timeout: 15000 });
  await opened.page.locator('.cm-content[data-testid=editor]').waitFor({ timeout: 15000 });
  await opened.page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
  });
  return opened;
}

const paths = (server) => server.log.map((r) => r.path);

/** Stops the default example's autoplay. */
async function pause(page) {
  if ((await page.getByTestId('play').getAttribute('aria-pressed')) === 'true') {
    await page.getByTestId('play').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false');
  }
}

test('the default page loads only the first-frame module; Compare hands over to the full one, keeping draft, playhead and focus', () => withFreshBrowser(async ({ browser, server }) => {
  const { page, problems, offOrigin } = await defaultPage(browser, server);
  assert.ok(paths(server).some((p) => LITE.test(p)), `the first-frame module: ${paths(server)}`);
  assert.ok(!paths(server).some((p) => FULL.test(p)), `no full module on a default visit: ${paths(server)}`);
  const caches0 = await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))).flat());
  assert.ok(!caches0.some((u) => FULL.test(u.split('?')[0])), 'the service worker does not fetch the full module at install');

  // A draft of the user's own, a playhead, paused.
  const draft = (await editorText(page)).replace(/name: liveness-exec\b/, 'name: my-draft');
  await pasteInEditor(page, draft);
  await page.getByTestId('kubectl-get').getByText('my-draft').waitFor({ timeout: 5000 });
  await pause(page);
  await jumpTo(page, 25);
  assert.equal(await shownTime(page), 25);

  // Compare, by keyboard: the status line shows while the full module loads.
  await page.getByTestId('compare').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=compare][aria-pressed=true]').waitFor({ timeout: 15000 });
  assert.ok(paths(server).some((p) => FULL.test(p)), 'the full module was fetched');
  await page.locator('[data-testid=compare-strip]').waitFor();
  assert.equal(await page.locator('#app-ready').count(), 1, 'one app on the page');
  assert.equal(await shownTime(page), 25, 'the playhead stayed');
  assert.match(await editorText(page), /name: my-draft/, 'the draft went over (B is a copy of it)');
  await page.getByTestId('kubectl-get').getByText('my-draft').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'compare', 'focus stays on Compare');
  assert.equal(await page.getByTestId('handover').count(), 0, 'the status line is gone');
  await shot(page, 'handover-compare');

  // Compare off and on again: no second download.
  const n = paths(server).length;
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=compare][aria-pressed=true]').waitFor();
  assert.ok(!paths(server).slice(n).some((p) => FULL.test(p)));

  // Once used, the full module is in the offline cache: a reload without network, then the
  // -o yaml tab, work.
  await page.waitForFunction(async () => (await Promise.all((await caches.keys()).map(async (c) => (await (await caches.open(c)).keys()).map((r) => r.url))))
    .flat().filter((u) => /podlife-full-/.test(u)).length === 2, null, { timeout: 10000 });
  await browser.context.setOffline(true);
  await server.stop();
  await page.reload();
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  await page.locator('.cm-content[data-testid=editor]').waitFor({ timeout: 15000 });
  await page.locator('[data-tab="-o yaml"]').click();
  // (The link reopened the comparison: A's and B's panels.)
  await page.getByTestId('kubectl-yaml').first().getByText('kind: Pod').waitFor({ timeout: 15000 });
  await browser.context.setOffline(false);
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)), []);
}));

test('the -o yaml tab and a draft that runs awk load the full module; the run shown is the full one', () => withFreshBrowser(async ({ browser, server }) => {
  const { page, problems, offOrigin } = await defaultPage(browser, server);
  await pause(page);
  await jumpTo(page, 12);
  await page.locator('[data-tab="-o yaml"]').click();
  const yaml = page.getByTestId('kubectl-yaml');
  await yaml.getByText('terminationMessagePath: /dev/termination-log').first().waitFor({ timeout: 15000 });
  assert.ok(paths(server).some((p) => FULL.test(p)));
  assert.equal(await shownTime(page), 12);
  assert.match(await yaml.textContent(), /kubectl get pod liveness-exec -o yaml/);
  await shot(page, 'handover-yaml');

  // In a fresh page: a pod whose command runs awk — the first-frame module never shows it.
  const second = await defaultPage(browser, server);
  const awk = [
    'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: awk-pod', 'spec:', '  containers:',
    '  - name: c', '    image: busybox:1.36',
    '    command: ["sh", "-c", "echo 3 4 | awk \'{print $1 * $2}\'; sleep 3600"]', '',
  ].join('\n');
  await pasteInEditor(second.page, awk);
  await second.page.getByTestId('kubectl-get').getByText('awk-pod').waitFor({ timeout: 15000 });
  // (From the service worker's cache: this profile used the full module above.)
  assert.ok(await second.page.evaluate(() => performance.getEntriesByType('resource').some((e) => /podlife-full-[0-9a-f]+_bg\.wasm$/.test(e.name))),
    'awk loads the full module');
  await pause(second.page);
  await jumpTo(second.page, 30);
  await second.page.locator('[data-tab=logs]').click();
  // awk ran (3 * 4): its output is the container's log.
  await second.page.waitForFunction(() => /(^|\n)12(\n|$)/.test(document.querySelector('.inspect-main')?.textContent ?? ''), null, { timeout: 5000 });
  await shot(second.page, 'handover-awk');
  assert.deepEqual([...offOrigin, ...second.offOrigin], []);
  assert.deepEqual([...problems, ...second.problems], []);
}));

test('a Scenario with an expectation that has an error: the full module reports it, the last valid run stays on screen', () => withFreshBrowser(async ({ browser, server }) => {
  const { page, problems, offOrigin } = await defaultPage(browser, server);
  await pause(page);
  // The first-frame module does not check expectations: valid or not, the full module does.
  const draft = [
    'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', 'spec:', '  containers:',
    '  - name: app', '    image: nginx:1.27', '---', 'apiVersion: podlife/v1', 'kind: Scenario',
    'spec:', '  until: 2m', '  expect:', '  - eventually: {phase: Runing}', '',
  ].join('\n');
  await pasteInEditor(page, draft);
  const error = page.getByTestId('diagnostics').getByText(/spec\.expect\[0\]\.eventually\.phase: Unsupported value: "Runing"/);
  await error.waitFor({ timeout: 15000 });
  assert.ok(paths(server).some((p) => FULL.test(p)), 'the full module reports on expectations');
  assert.equal(await editorText(page), draft);
  // The default example's run (the last valid one) is still shown, marked as such.
  await page.getByTestId('kubectl-get').getByText('liveness-exec').first().waitFor({ timeout: 5000 });
  assert.match(await page.locator('body').textContent(), /showing the last valid run/);
  await shot(page, 'handover-expect-error');
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(problems, []);
}));

test('when the full module cannot be downloaded, the first-frame module keeps the page working and says so; asking again loads it', () => {
  let failing = true;
  return withFreshBrowser(async ({ browser, server }) => {
    const { page, problems, offOrigin } = await defaultPage(browser, server);
    await pause(page);
    await jumpTo(page, 12);
    await page.locator('[data-tab="-o yaml"]').click();
    const note = page.getByTestId('link-note');
    await note.waitFor({ timeout: 15000 });
    assert.match(await note.textContent(), /could not be downloaded/);
    assert.equal(await page.getByTestId('handover').count(), 0, 'no status line left behind');
    await shot(page, 'handover-failed');
    // The page goes on: playback, the first-frame module's own tabs.
    await page.getByTestId('play').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=time]')?.value) > 12.5, null, { timeout: 5000 });
    await pause(page);
    await page.locator('[data-tab=events]').click();
    await page.getByTestId('events').waitFor();
    // Once the server has it again, the same tab loads the full module.
    failing = false;
    await page.locator('[data-tab="-o yaml"]').click();
    await page.getByTestId('kubectl-yaml').getByText('kind: Pod').first().waitFor({ timeout: 15000 });
    assert.equal(await page.locator('#app-ready').count(), 1, 'one app on the page');
    assert.deepEqual(offOrigin, []);
    // The failed downloads themselves are the only console errors.
    assert.deepEqual(problems.filter((p) => !/503|Failed to fetch|dynamically imported module/.test(p)), []);
  }, { fail: (p) => (failing && FULL.test(p) ? 503 : null) });
});
