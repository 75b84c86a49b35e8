// The Kubernetes version of a run in the page (issue 15 item 5), used as a user would: the
// picker in the transport bar (keyboard, visible label, 1.33-1.37, default the newest), the
// version in the header, a re-run on switching, the version kept in the link; an opened link
// replayed with its own profile (minor and rules version) until edited; the "what differs"
// note, whose rule links and the why cards' open the rules document served from the app's own
// origin (rules.html). Screenshots under target/e2e/ (versions-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { useDistAndBrowser, shot, openApp, openPage, pasteInEditor, jumpTo, DIST, ARTIFACTS, setLang } from './support.mjs';

const env = useDistAndBrowser();

// embed.js's encoder (the same fragment `podlife share` writes), run in Node.
vm.runInThisContext(fs.readFileSync(path.join(DIST, 'embed.js'), 'utf8'));
const { encodeFragment } = globalThis.podlifeEmbed;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: versions
spec:
  containers:
  - name: app
    image: busybox
    command: [sleep, "3600"]
`;

async function viewport(page, width, height) {
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(250);
}

async function pause(page) {
  if ((await page.getByTestId('play').getAttribute('aria-pressed')) === 'true') {
    await page.getByTestId('play').click();
  }
}

async function describeText(page) {
  await page.locator('[data-tab=describe]').click();
  return page.getByTestId('kubectl-describe').textContent();
}

/** Presses Tab until `testid` has focus (at most `limit` presses). */
async function tabTo(page, testid, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((id) => document.activeElement?.dataset?.testid === id, testid)) return;
  }
  throw new Error(`Tab never reached ${testid}`);
}

/** Whether an element's text sits on one line (its height is one line box). */
function oneLine(locator) {
  return locator.evaluate((el) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    const lines = new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top)));
    return lines.size <= 1;
  });
}

test('the picker: labelled, keyboard only, re-runs the scenario, shown in the header and kept in the link', async () => {
  const { page, problems, offOrigin } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 1366, 768);
  await pasteInEditor(page, POD);
  await page.waitForFunction(() => document.querySelector('[data-testid=kubectl-get]')?.textContent.includes('versions'));
  await pause(page);
  await jumpTo(page, 20);
  const picker = page.getByTestId('kube-version');
  assert.equal(await picker.inputValue(), '37', 'the newest minor by default');
  assert.deepEqual(await picker.locator('option').allTextContents(), ['1.37', '1.36', '1.35', '1.34', '1.33']);
  // A visible label, and the control's accessible name says what it is.
  const label = page.locator('.kube-field .kube-label');
  assert.ok(await label.isVisible(), 'the picker has a visible label');
  assert.equal(await label.textContent(), 'Kubernetes');
  assert.match(await picker.getAttribute('aria-label'), /Kubernetes/);
  assert.equal(await page.getByTestId('kube-shown').first().textContent(), 'Kubernetes 1.37');
  assert.match(await describeText(page), /Container created/);

  // Keyboard only: Tab to the picker, arrows choose (each choice re-runs).
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await tabTo(page, 'kube-version');
  const ring = await picker.evaluate((el) => getComputedStyle(el).outlineStyle !== 'none' || getComputedStyle(el).boxShadow !== 'none');
  assert.ok(ring, 'the focused picker shows a focus ring');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('[data-testid=kube-shown]')?.textContent === 'Kubernetes 1.34');
  assert.equal(await picker.inputValue(), '34');
  assert.equal(await page.getByTestId('time').inputValue(), '20.0', 'the playhead stays where it was');
  const describe34 = await describeText(page);
  assert.match(describe34, /Created container: app/);
  assert.doesNotMatch(describe34, /Container created/);
  await shot(page, 'versions-1366x768-picked-1.34');

  // The link carries 1.34: a new reader sees the same version and texts.
  await page.waitForFunction(() => location.hash.length > 1);
  await page.waitForTimeout(800);
  const href = page.url();
  const reader = await openPage(env.browser.context, env.server.url);
  await reader.page.goto(href);
  await reader.page.waitForSelector('#app-ready');
  await reader.page.locator('.cm-content[data-testid=editor]').waitFor();
  assert.equal(await reader.page.getByTestId('kube-version').inputValue(), '34');
  assert.equal(await reader.page.getByTestId('kube-shown').first().textContent(), 'Kubernetes 1.34');
  assert.match(await describeText(reader.page), /Created container: app/);
  await reader.page.close();

  // The picker is remembered for the next visit (a draft without a link).
  await page.goto(env.server.url);
  await page.waitForSelector('#app-ready');
  assert.equal(await page.getByTestId('kube-version').inputValue(), '34');
  await page.getByTestId('kube-version').selectOption('37');
  assert.deepEqual(problems, []);
  assert.deepEqual(offOrigin, []);
});

test('a Scenario that names its version: the picker shows it and picking edits the YAML value', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 1366, 768);
  const text = `${POD}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: "1.35"  # the cluster\n  until: 2m\n`;
  await pasteInEditor(page, text);
  await page.waitForFunction(() => document.querySelector('[data-testid=kube-shown]')?.textContent === 'Kubernetes 1.35');
  assert.equal(await page.getByTestId('kube-version').inputValue(), '35');
  await page.getByTestId('kube-version').selectOption('33');
  await page.waitForFunction(() => document.querySelector('[data-testid=kube-shown]')?.textContent === 'Kubernetes 1.33');
  const now = await page.evaluate(() => window.podlifeEditor.text());
  assert.ok(now.includes('kubernetesVersion: "1.33"  # the cluster'), now);
  assert.deepEqual(problems, []);
});

test('an opened link replays with its own profile until it is edited', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 1366, 768);
  // Made with Kubernetes 1.35 and podlife's rules v1 (before the 1.35 event texts were keyed).
  const frag = encodeFragment(POD, { kubeMinor: 35, rulesVersion: 1, timeMs: 20000 });
  await page.goto(`${env.server.url}#${frag}`);
  await page.waitForSelector('#app-ready');
  await page.locator('.cm-content[data-testid=editor]').waitFor();
  await pause(page);
  assert.equal(await page.getByTestId('kube-version').inputValue(), '35');
  assert.equal(await page.getByTestId('kube-shown').first().textContent(), 'Kubernetes 1.35');
  const notes = (await page.getByTestId('link-note').allTextContents()).join('\n');
  assert.match(notes, /rules v1/);
  assert.match(await describeText(page), /Created container: app/, 'rules v1: the 1.35 texts of then');
  await shot(page, 'versions-1366x768-link-rules-v1');
  // An edit makes it the user's: today's rules for the same minor.
  await page.getByTestId('editor').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# edited\n');
  await page.waitForFunction(async () => document.querySelector('[data-testid=kubectl-describe]')?.textContent.includes('Container created'), null, { timeout: 5000 });
  assert.equal(await page.getByTestId('kube-version').inputValue(), '35');
  assert.deepEqual(problems, []);
});

test('an embed keeps its version and shows it in its bar', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await page.setViewportSize({ width: 750, height: 520 });
  const frag = encodeFragment(POD, { kubeMinor: 34 });
  await page.goto(`${env.server.url}?embed=1&load=eager&t=20#${frag}`);
  await page.waitForSelector('#app-ready');
  assert.equal(await page.getByTestId('kube-shown').first().textContent(), 'Kubernetes 1.34');
  assert.equal(await page.getByTestId('kube-version').count(), 0, 'an embed shows the version, it does not pick it');
  await shot(page, 'versions-embed-1.34');
  assert.deepEqual(problems, []);
});

test('what differs: the rules this scenario meets, each linking to its rule in rules.html on the same origin', async () => {
  const { page, problems, offOrigin } = await openApp(env.browser.context, env.server.url);
  const rules = fs.readFileSync(path.join(DIST, 'rules.html'), 'utf8');
  const anchors = new Set([...rules.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  await viewport(page, 1366, 768);
  await pasteInEditor(page, POD);
  await page.waitForFunction(() => document.querySelector('[data-testid=kubectl-get]')?.textContent.includes('versions'));
  await pause(page);
  await jumpTo(page, 20);
  for (const [w, h] of [[1366, 768], [1920, 1080], [390, 844]]) {
    await viewport(page, w, h);
    // Picker and its label on one line each, in both languages.
    for (const lang of ['en', 'zh-CN']) {
      await setLang(page, lang);
      await page.getByTestId('kube-differs').scrollIntoViewIfNeeded();
      assert.ok(await page.getByTestId('kube-version').isVisible(), `picker visible at ${w}px`);
      assert.ok(await oneLine(page.getByTestId('kube-differs')), `"what differs" on one line at ${w}px, ${lang}`);
      if (await page.locator('.kube-field .kube-label').isVisible()) {
        assert.ok(await oneLine(page.locator('.kube-field .kube-label')), `label on one line at ${w}px`);
      }
    }
    await setLang(page, 'en');
    await page.getByTestId('kube-differs').click();
    const panel = page.getByTestId('differs');
    await panel.waitFor();
    assert.ok(await panel.isVisible(), `the note is shown at ${w}px`);
    const listed = await panel.locator('li.differ').evaluateAll((lis) => lis.map((li) => li.dataset.rule));
    // This pod has Created/Started events, container events in describe and a status: those
    // rules, and nothing about scheduling failures, restart rules or terminating probes.
    for (const rule of ['14.1', '14.3', '14.4']) assert.ok(listed.includes(rule), `${rule} listed: ${listed}`);
    for (const rule of ['14.5', '14.6', '14.7', '14.8', '14.11']) assert.ok(!listed.includes(rule), `${rule} not listed: ${listed}`);
    await shot(page, `versions-${w}x${h}-differs`);
  }
  await viewport(page, 1366, 768);
  await setLang(page, 'zh-CN');
  await shot(page, 'versions-1366x768-differs-zh');
  await setLang(page, 'en');

  // Every rule link on the page (the note's, a why card's, the footer's) names an anchor of the
  // rendered rules page.
  await page.locator('.timeline-svg .ev-mark, .timeline-svg [data-kind=event]').first().click().catch(() => {});
  const hrefs = await page.locator('a[href*="rules.html"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length >= 4, hrefs.join(' '));
  for (const href of hrefs) {
    assert.match(href, /^rules\.html#/, 'same origin, relative');
    const id = href.split('#')[1];
    assert.ok(anchors.has(id), `rules.html has #${id}`);
  }
  // The document itself: served beside the app, its own CSP, no request elsewhere.
  const doc = await openPage(env.browser.context, env.server.url);
  await doc.page.setViewportSize({ width: 1366, height: 768 });
  await doc.page.goto(new URL("rules.html#14.1", env.server.url).href);
  const target = doc.page.locator('[id="14.1"]');
  assert.equal(await target.count(), 1);
  assert.ok(await target.evaluate((el) => { const r = el.parentElement.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }), 'the rule is scrolled into view');
  assert.match(await doc.page.title(), /Kubelet rules/);
  await doc.page.screenshot({ path: path.join(ARTIFACTS, 'versions-rules-page.png') });
  assert.deepEqual(doc.problems, []);
  assert.deepEqual(doc.offOrigin, []);
  assert.deepEqual(problems, []);
  assert.deepEqual(offOrigin, []);
});

test('zh-CN: podlife\'s own hints and the runtime model\'s sentence are Chinese; the API server\'s errors stay English', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 1366, 768);
  await setLang(page, 'zh-CN');
  await pasteInEditor(page, POD.replace('  containers:', '  contaienrs:'));
  const diag = page.getByTestId('diagnostics');
  await diag.getByText('是否想写 "containers"？').waitFor({ timeout: 5000 });
  const text = await diag.textContent();
  assert.match(text, /pod\.yaml:6:3: 错误: unknown field "spec\.contaienrs"/, 'the API server\'s text as it writes it');
  assert.doesNotMatch(text, /did you mean/);
  await shot(page, 'versions-1366x768-hints-zh');

  await pasteInEditor(page, POD.replace('command: [sleep, "3600"]', 'command: [sh, -c, "touch /tmp/ready; sleep 3600"]'));
  await page.waitForFunction(() => document.querySelector('[data-testid=kubectl-get]')?.textContent.includes('versions'));
  await pause(page);
  const hints = await diag.textContent();
  assert.match(hints, /提示: spec\.containers\[0\]: 没有探针：/);
  assert.match(hints, /镜像 "busybox" 没有标签/);
  assert.doesNotMatch(hints, /no probes|has no tag|resources\.limits: the/);
  // A container's lane: the runtime model's sentence about it.
  await page.locator('.lane[data-container=app] rect.seg').last().click({ position: { x: 2, y: 5 } });
  const why = page.locator('.why').first();
  await why.waitFor();
  const said = await why.textContent();
  assert.match(said, /进程的行为：运行 `touch \/tmp\/ready; sleep 3600`：创建 \/tmp\/ready，然后休眠 3600 s；.*作为 PID 1 忽略 SIGTERM/, said);
  assert.doesNotMatch(said, /\b(runs|creates|sleeps|ignores)\b/);
  await shot(page, 'versions-1366x768-summary-zh');
  for (const [w, h] of [[390, 844]]) {
    await viewport(page, w, h);
    await shot(page, `versions-${w}x${h}-summary-zh`);
  }
  await setLang(page, 'en');
  assert.deepEqual(problems, []);
});
