// The workbench of issue 13 in headless Chromium, used as a user would: one screen at
// 1366×768 and 1920×1080, a phone layout at 390×844, the truthful termination countdown,
// keyboard and focus, "why" for every timeline item, kubectl events, zh-CN, and nothing
// moving while the simulation plays. Screenshots under target/e2e/ (workbench-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDistAndBrowser, shot, openApp, editorText, shownTime, jumpTo, pasteInEditor, typeInEditor, setLang, assertNoMissingText } from './support.mjs';

const env = useDistAndBrowser();

/** The preStop example: grace 10 s, a preStop hook sleeping 20 s, deleted at 20 s. */
const PRESTOP = `apiVersion: v1
kind: Pod
metadata:
  name: prestop
spec:
  terminationGracePeriodSeconds: 10
  containers:
  - name: app
    image: busybox
    command: [sleep, "3600"]
    lifecycle:
      preStop:
        exec:
          command: [sleep, "20"]
---
apiVersion: podlife/v1
kind: Scenario
spec:
  actions:
  - at: 20s
    delete: {}
`;

async function pause(page) {
  if ((await page.getByTestId('play').getAttribute('aria-pressed')) === 'true') {
    await page.getByTestId('play').click();
  }
}

/** Whether the element's whole box is inside the viewport. */
function inViewport(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5;
  });
}

/** The smallest text size drawn in the timeline (font size times the SVG's scale), in px. */
function smallestTimelineText(frame) {
  return frame.evaluate(() => Math.min(...[...document.querySelectorAll('.timeline-svg text')]
    .filter((t) => t.getBoundingClientRect().width > 0)
    .map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1))));
}

async function viewport(page, width, height) {
  await page.setViewportSize({ width, height });
  // The layout follows media-query change events; give it a frame or two.
  await page.waitForTimeout(250);
}

test('one screen: editor, timeline and kubectl get in view at 1366×768 and 1920×1080; the transport stays in view', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  for (const [w, h] of [[1366, 768], [1920, 1080]]) {
    await viewport(page, w, h);
    await pause(page);
    await jumpTo(page, 47);
    for (const [what, locator] of [
      ['editor', page.locator('.cm-editor')],
      ['timeline', page.locator('.timeline-scroll')],
      ['kubectl get', page.getByTestId('kubectl-get')],
      ['transport', page.getByTestId('transport')],
      ['countdown', page.getByTestId('countdown')],
      ['legend', page.getByTestId('legend')],
    ]) {
      assert.ok(await inViewport(locator), `${what} in the ${w}×${h} viewport`);
    }
    // The whole chart of the default example fits its pane at the default split.
    const fits = await page.locator('.timeline-scroll').evaluate((s) => s.scrollHeight <= s.clientHeight + 1);
    assert.ok(fits, `the chart fits its pane at ${w}×${h}`);
    await shot(page, `workbench-${w}x${h}-en`);
    // The page scrolls (the footer is below the workbench); the transport bar stays.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    assert.ok((await page.evaluate(() => window.scrollY)) > 0, 'the page scrolled');
    assert.ok(await inViewport(page.getByTestId('transport')), 'transport in view after scrolling');
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  await setLang(page, 'zh-CN');
  await assertNoMissingText(page);
  for (const [w, h] of [[1366, 768], [1920, 1080]]) {
    await viewport(page, w, h);
    await shot(page, `workbench-${w}x${h}-zh`);
  }
  await page.getByTestId('lang').selectOption('en');
  assert.deepEqual(problems, []);
});

test('splits resize by dragging and by keys, and the sizes are remembered', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 1366, 768);
  const editorWidth = () => page.locator('.wb-editor').evaluate((e) => e.getBoundingClientRect().width);
  const before = await editorWidth();
  const split = page.locator('.wb-split-v');
  const box = await split.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 200, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const wider = await editorWidth();
  assert.ok(wider > before + 150, `editor ${before} -> ${wider} px`);
  const timelineHeight = () => page.locator('.wb-timeline').evaluate((e) => e.getBoundingClientRect().height);
  const tBefore = await timelineHeight();
  await page.locator('.wb-split-h').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.ok((await timelineHeight()) > tBefore + 10, 'arrow keys move the split');
  await page.reload();
  await page.waitForSelector('#app-ready');
  assert.ok(Math.abs((await editorWidth()) - wider) < 3, 'the editor width is remembered');
  await page.evaluate(() => localStorage.removeItem('podlife.layout'));
  assert.deepEqual(problems, []);
});

test('the countdown tells the truth: preStop eats the grace period, then SIGTERM with the 2 s minimum, SIGKILL at 32 s', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 1366, 768);
  await pasteInEditor(page, PRESTOP);
  await page.getByTestId('kubectl-get').getByText('prestop').waitFor({ timeout: 5000 });
  await pause(page);
  const countdown = page.getByTestId('countdown');
  await jumpTo(page, 15);
  assert.match(await countdown.textContent(), /no container is stopping now/);
  await jumpTo(page, 20);
  assert.match(await countdown.textContent(), /Pod deleted at 20\.0 s · grace period 10 s/);
  assert.match(await countdown.textContent(), /preStop hook · 10\.0 s left of the grace period/);
  await jumpTo(page, 25);
  assert.match(await countdown.textContent(), /preStop hook · 5\.0 s left of the grace period/);
  await shot(page, 'workbench-countdown-prestop');
  await jumpTo(page, 29.9);
  assert.match(await countdown.textContent(), /0\.1 s left of the grace period/);
  await jumpTo(page, 30);
  assert.match(await countdown.textContent(), /SIGTERM · grace period used up · 2\.0 s left of the 2 s minimum/);
  await jumpTo(page, 31);
  assert.match(await countdown.textContent(), /1\.0 s left of the 2 s minimum/);
  await jumpTo(page, 32);
  assert.match(await countdown.textContent(), /SIGKILL at 32\.0 s · stopped \(exit code 137\)/);
  await shot(page, 'workbench-countdown-sigkill');
  // The hook has its own colour and legend entry (not "on hold"'s).
  const legend = page.getByTestId('legend');
  assert.match(await legend.textContent(), /postStart \/ preStop hook/);
  const colour = (cls) => page.locator(`.legend .swatch.${cls}`).evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.notEqual(await colour('span-hook'), await colour('pr-hold'));
  const hookBar = await page.locator('.timeline-svg rect.span-hook').first().evaluate((e) => getComputedStyle(e).fill);
  assert.equal(hookBar, await colour('span-hook'));
  // The Killing event's explanation tells the same story from the trace.
  await page.getByRole('tab', { name: 'events' }).click();
  await page.getByTestId('events').locator('button', { hasText: 'Killing' }).click();
  assert.match(await page.getByTestId('why').textContent(), /preStop hook runs first, 20\.0–30\.0 s.*SIGTERM at 30\.0 s.*2 s minimum.*SIGKILL at 32\.0 s/);
  assert.deepEqual(problems, []);
});

test('keyboard: Tab goes through the whole page without changing the manifest; ? opens the shortcuts; Esc closes dialogs and panels', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 1366, 768);
  await pause(page);
  const before = await editorText(page);
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  // Twice around the page: every stop, and how many Tabs in a row stay in the editor.
  let run = 0;
  let longest = 0;
  let visits = 0;
  const seen = new Set();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const a = document.activeElement;
      return { editor: !!a.closest('.cm-editor'), id: a.getAttribute('data-testid') ?? a.className ?? a.tagName };
    });
    seen.add(where.id);
    if (where.editor) {
      if (run === 0) visits++;
      run++;
      longest = Math.max(longest, run);
      // The editor shows it has focus, and says how to leave.
      // CodeMirror marks its focus (cm-focused) on its next update.
      await page.waitForFunction(() => getComputedStyle(document.activeElement.closest('.cm-editor')).outlineStyle === 'solid', null, { timeout: 2000 });
      assert.ok(await page.locator('.hint-focus').isVisible(), 'the hint says Tab moves on');
    } else {
      run = 0;
    }
  }
  assert.ok(visits >= 2, `the editor is one stop of the page's Tab order (${visits} visits)`);
  assert.equal(longest, 1, 'one Tab enters the editor, the next one leaves it');
  assert.ok(seen.has('share') && seen.has('play') && seen.has('speed'), [...seen].join(', '));
  assert.equal(await editorText(page), before, 'tabbing never changes the manifest');
  // Once editing (typing), Tab indents; Esc then Tab leaves.
  await page.locator('.cm-content').focus();
  await page.keyboard.press('End');
  await page.keyboard.type('x');
  await page.keyboard.press('Backspace');
  assert.ok(await page.locator('.hint-editing').isVisible());
  await page.keyboard.press('Tab');
  assert.notEqual(await editorText(page), before, 'Tab indents while editing');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.ok(!(await page.evaluate(() => !!document.activeElement.closest('.cm-editor'))), 'Esc then Tab leaves');
  // ? opens the shortcut sheet; Esc closes it and focus comes back.
  await page.keyboard.press('?');
  const help = page.getByTestId('help');
  await help.waitFor();
  assert.equal(await help.getAttribute('role'), 'dialog');
  assert.match(await help.textContent(), /Esc/);
  await shot(page, 'workbench-help');
  await page.keyboard.press('Escape');
  assert.equal(await help.count(), 0);
  // Esc closes the Share dialog and the why panel too.
  await page.getByTestId('share').click();
  await page.getByTestId('share-dialog').waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('share-dialog').count(), 0);
  await page.locator('.timeline-svg rect.ev').first().click();
  await page.getByTestId('why').waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('why').count(), 0);
  assert.deepEqual(problems, []);
});

test('nothing moves by more than 2 px while the liveness-exec example plays', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url, '?example=liveness-exec');
  await viewport(page, 1366, 768);
  await pause(page);
  await jumpTo(page, 0);
  await page.evaluate(() => {
    const watched = [...document.querySelectorAll('[data-testid], .wb-main > *, .wb-run > *, .tablist, .who, .legend, .wb-countdown, .wb-header, .editor-hint, .diag-box')]
      .filter((e) => !e.closest('.out, .timeline-svg, .cm-editor') || e.matches('.out'));
    const first = watched.map((e) => e.getBoundingClientRect());
    window.__moved = watched.map(() => 0);
    window.__names = watched.map((e) => e.getAttribute('data-testid') ?? e.className);
    window.__shift = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__shift += e.value; }).observe({ type: 'layout-shift' });
    const sample = () => {
      watched.forEach((e, i) => {
        const r = e.getBoundingClientRect();
        const d = Math.max(Math.abs(r.left - first[i].left), Math.abs(r.top - first[i].top),
          Math.abs(r.width - first[i].width), Math.abs(r.height - first[i].height));
        if (d > window.__moved[i]) window.__moved[i] = d;
      });
      if (!window.__stop) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('play').click();
  await page.waitForTimeout(6500); // 65 s simulated: the first liveness kill and its countdown
  assert.ok((await shownTime(page)) >= 60, `played to ${await shownTime(page)} s`);
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('play').and(page.locator('[aria-pressed=false]')).waitFor({ timeout: 15000 });
  const { moved, names, shift } = await page.evaluate(() => {
    window.__stop = true;
    return { moved: window.__moved, names: window.__names, shift: window.__shift };
  });
  const worst = moved.map((d, i) => [d, names[i]]).sort((a, b) => b[0] - a[0]).slice(0, 5);
  console.log(`# layout: largest element move ${worst[0][0].toFixed(2)} px (${worst[0][1]}), cumulative layout shift ${shift.toFixed(4)}`);
  assert.ok(worst[0][0] <= 2, `elements moved: ${JSON.stringify(worst)}`);
  assert.deepEqual(problems, []);
});

test('phone (390×844): its own layout, tabs for editor / timeline / kubectl, no sideways scroll, timeline text ≥ 11 px, touch scrubbing', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await viewport(page, 390, 844);
  await pause(page);
  await jumpTo(page, 47);
  const tabs = page.locator('.wb-phone-tabs [role=tab]');
  assert.equal(await tabs.count(), 3);
  const noSideways = () => page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
  const more = page.getByTestId('more');
  for (const lang of ['en', 'zh-CN']) {
    // The language is in the header's "more" panel on a phone.
    await more.click();
    await page.getByTestId('lang').selectOption(lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await page.keyboard.press('Escape');
    assert.ok(!(await page.getByTestId('menu').isVisible()), 'Esc closes the "more" panel');
    // The Examples menu names the loaded example legibly: it has the header's room.
    const gallery = await page.getByTestId('gallery').boundingBox();
    assert.ok(gallery.width >= 240, `Examples select ${gallery.width} px wide at 390 px (${lang})`);
    const header = await page.locator('.wb-header').boundingBox();
    assert.ok(header.height <= 44, `header on one line (${header.height} px)`);
    console.log(`# 390 px header (${lang}): Examples select ${Math.round(gallery.width)} px`);
    for (const pane of ['editor', 'timeline', 'kubectl']) {
      await page.locator(`[data-pane-tab=${pane}]`).click();
      assert.ok(await noSideways(), `no sideways scroll (${pane}, ${lang})`);
      // Labels never wrap: each transport and header label is one line high.
      const wrapped = await page.evaluate(() => [...document.querySelectorAll('.wb-header button, .wb-header select, .wb-transport button, .wb-transport select, .wb-phone-tabs .tab')]
        .filter((e) => e.getBoundingClientRect().height > 44).map((e) => e.textContent));
      assert.deepEqual(wrapped, [], 'labels on one line');
      await assertNoMissingText(page);
      await shot(page, `workbench-390x844-${pane}-${lang === 'en' ? 'en' : 'zh'}`);
    }
  }
  // Keyboard only: the "more" button opens its panel on its first control; the language,
  // Compare, Share and Export are there, the version picker in the bar.
  await more.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('menu').waitFor();
  assert.equal(await more.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'lang', 'focus on the first control');
  for (const id of ['compare', 'menu-export', 'lang', 'share', 'kube-version']) {
    assert.ok(await page.getByTestId(id).isVisible(), `${id} reachable on a phone`);
  }
  assert.ok(await noSideways(), 'the open panel adds no sideways scroll');
  await shot(page, 'workbench-390x844-menu-zh');
  await page.keyboard.press('Escape');
  assert.ok(!(await page.getByTestId('menu').isVisible()));
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'more', 'focus back on the button');
  // Export from the panel: the Share dialog on its Export section; Esc, focus back on "more".
  await page.keyboard.press('Enter');
  await page.getByTestId('menu-export').click();
  await page.getByTestId('share-dialog').waitFor();
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'export-svg');
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('share-dialog').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'more');
  // A tap outside the panel closes it too.
  await more.click();
  await page.getByTestId('menu').waitFor();
  await page.mouse.click(40, 400);
  assert.ok(!(await page.getByTestId('menu').isVisible()));
  await more.click();
  await page.getByTestId('lang').selectOption('en');
  await page.keyboard.press('Escape');
  await more.click();
  await shot(page, 'workbench-390x844-menu-en');
  await page.keyboard.press('Escape');
  await page.locator('[data-pane-tab=timeline]').click();
  assert.ok(await page.getByTestId('timeline').isVisible());
  assert.ok(!(await page.locator('.cm-editor').isVisible()), 'one pane at a time');
  const smallest = await smallestTimelineText(page);
  assert.ok(smallest >= 11, `timeline text ${smallest} px`);
  // Touch: a horizontal finger drag on the chart scrubs.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  const box = await page.getByTestId('timeline').boundingBox();
  const y = box.y + 30;
  const x0 = box.x + 96 + 20;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] });
  for (let i = 1; i <= 6; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 + i * 25, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  const t = await shownTime(page);
  assert.ok(t > 5 && t !== 47, `touch scrubbed to ${t} s`);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
  await viewport(page, 1280, 900);
  assert.deepEqual(problems, []);
});

test('why for everything: event, probe tick, lane and condition set the playhead to their own time and explain, without scrolling the page', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url, '?example=liveness-exec');
  await viewport(page, 1366, 768);
  await pause(page);
  await jumpTo(page, 60);
  const why = page.getByTestId('why');
  const scrollY = () => page.evaluate(() => window.scrollY);
  // An event mark: the playhead goes to the event's own instant, not the click position.
  const mark = page.locator('.timeline-svg rect.ev', { has: page.locator('title', { hasText: /^35\.000s Warning Unhealthy/ }) });
  await mark.click({ position: { x: 4, y: 7 } });
  assert.equal(await shownTime(page), 35);
  assert.match(await why.textContent(), /failureThreshold 3, periodSeconds 5/);
  assert.equal(await scrollY(), 0, 'the page did not scroll');
  assert.ok(await inViewport(page.locator('.timeline-scroll')), 'the timeline stays in view');
  const highlighted = page.locator('.cm-why').first();
  await highlighted.waitFor();
  assert.ok(await inViewport(highlighted), 'the YAML lines are shown inside the editor');
  const rule = await page.getByTestId('why-rule').getAttribute('href');
  assert.match(rule, /^rules\.html#5\.8$/, 'the rules document served beside the app');
  assert.match(await page.getByTestId('why-concept').getAttribute('href'), /^https:\/\/kubernetes\.io\/docs\/concepts\/configuration\/liveness-readiness-startup-probes\//);
  await shot(page, 'workbench-why-event');
  // A failed probe tick: which probe, the result, the counter, what happens next.
  const ticks = page.locator('.timeline-svg path.tick.pr-fail').first();
  const tb = await ticks.boundingBox();
  await page.mouse.click(tb.x + 1, tb.y + tb.height / 2);
  const tick = await why.textContent();
  assert.match(tick, /liveness .*livenessProbe: failure/);
  assert.match(tick, /Failure, in a row: 1\/3 \(failureThreshold 3, periodSeconds 5, timeoutSeconds 1\)\. 2 more failures in a row and the kubelet kills the container/);
  assert.match(tick, /Output: cat: can't open '\/tmp\/healthy'/);
  assert.equal(await shownTime(page), 35);
  await shot(page, 'workbench-why-probe');
  // A lane segment: the playhead goes to where that state began.
  const seg = page.locator('.lane[data-container=liveness] rect.seg').nth(1);
  const title = await seg.locator('title').textContent();
  const start = Number(title.split('s –')[0]);
  await seg.click({ position: { x: 2, y: 5 } });
  assert.equal(await shownTime(page), Math.floor(start * 10) / 10);
  assert.match(await why.textContent(), /container liveness/);
  // A condition row's label explains its value now.
  await page.locator('.timeline-svg text.row-label', { hasText: /^Ready$/ }).click();
  assert.match(await why.textContent(), /^Ready=/);
  assert.equal(await scrollY(), 0);
  assert.deepEqual(problems, []);
});

test('kubectl events: one row per Event with (xN over T); the occurrences stay on the timeline', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url, '?example=busybox-crash-loop');
  await pause(page);
  await jumpTo(page, 300);
  await page.getByRole('tab', { name: 'events' }).click();
  const events = page.getByTestId('events');
  const text = await events.textContent();
  assert.match(text, /\$ kubectl events --for pod\/crash-loop\nLAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
  const backoff = events.locator('button', { hasText: 'BackOff' });
  assert.equal(await backoff.count(), 1, 'one BackOff row');
  assert.match(await backoff.textContent(), /^\S+ \(x\d+ over \S+\)\s+Warning\s+BackOff\s+Pod\/crash-loop\s+Back-off restarting failed container/);
  await page.getByTestId('zoom').selectOption('all');
  const marks = await page.locator('.timeline-svg rect.ev-warn', { has: page.locator('title', { hasText: 'BackOff' }) }).count();
  assert.ok(marks > 1, `${marks} BackOff marks on the timeline`);
  await backoff.click();
  await page.getByTestId('why').waitFor();
  await shot(page, 'workbench-events');
  assert.deepEqual(problems, []);
});

test('editing: "did you mean", the Examples menu names what is loaded, no console errors from select-all + typing', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  const gallery = page.getByTestId('gallery');
  const shownExample = () => gallery.evaluate((s) => s.options[s.selectedIndex].textContent);
  assert.equal(await shownExample(), 'Liveness probe (exec): the upstream example');
  await gallery.selectOption('busybox-crash-loop');
  assert.equal(await shownExample(), 'Classic: bare busybox crash loop');
  await page.locator('.cm-line').first().click();
  await page.keyboard.press('End');
  await page.keyboard.type(' # edited');
  await page.waitForTimeout(100);
  assert.equal(await shownExample(), 'Classic: bare busybox crash loop · edited');
  // Select all, then type a whole manifest key by key.
  await typeInEditor(page, 'apiVersion: v1\nkind: Pod\nmetadata:\nname: p\n');
  await page.waitForTimeout(400);
  assert.equal(await shownExample(), 'Classic: bare busybox crash loop · edited');
  // A draft of one's own (kept in the browser) is "your manifest" after a reload.
  await page.reload();
  await page.waitForSelector('#app-ready');
  await page.locator('.cm-content').waitFor();
  assert.equal(await shownExample(), 'Your manifest');
  await pasteInEditor(page, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  contaienrs:\n  - name: c\n    image: busybox\n');
  const diag = page.getByTestId('diagnostics');
  await diag.getByText('did you mean "containers"?').waitFor({ timeout: 5000 });
  assert.match(await diag.textContent(), /pod\.yaml:6:3: error: unknown field "spec\.contaienrs"/);
  await shot(page, 'workbench-did-you-mean');
  assert.deepEqual(problems, [], 'no console errors while editing');
});

test('zh-CN: no English words of the app itself (kubectl output and Kubernetes names stay English)', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url, '?example=liveness-exec');
  await viewport(page, 1366, 768);
  await setLang(page, 'zh-CN');
  await pause(page);
  await jumpTo(page, 50); // a liveness kill under way: the countdown has content
  await assertNoMissingText(page);
  // Kubernetes and kubectl names, units, product names and the manifest's own names.
  const allowed = new Set(`podlife kubectl API server etcd kubelet Pod Kubernetes YAML Markdown English
    Waiting Running Completed Error OOMKilled SIGTERM SIGKILL preStop postStart initialDelay
    PodScheduled PodReadyToStartContainers Initialized ContainersReady Ready Pending Succeeded Failed
    Terminating Terminated deleted Liveness Readiness Startup liveness readiness startup exec
    describe o yaml logs events get w restartCount ready CrashLoopBackOff Service Esc Tab Space
    Enter Ctrl F Z kubernetes io terminationGracePeriodSeconds pods`.split(/\s+/));
  const words = await page.evaluate(() => {
    const skip = '.cm-editor, pre, .out, [data-testid=diagnostics], [data-testid=events], .timeline-svg title, .cd-name, [data-testid=narration], option';
    const out = [];
    const walk = document.createTreeWalker(document.querySelector('#app-ready'), NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement;
      if (el.closest(skip)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      out.push(...(n.data.match(/[A-Za-z][A-Za-z-]+/g) ?? []));
    }
    for (const el of document.querySelectorAll('[aria-label], [title]')) {
      if (el.closest('.cm-editor, .timeline-svg')) continue;
      for (const a of ['aria-label', 'title']) out.push(...((el.getAttribute(a) ?? '').match(/[A-Za-z][A-Za-z-]+/g) ?? []));
    }
    return out;
  });
  // A name cut to fit its column ("PodReadyToStartContai…") is still that name.
  const known = (w) => allowed.has(w) || allowed.has(w.replace(/-/g, '')) || (w.length >= 8 && [...allowed].some((a) => a.startsWith(w)));
  const english = [...new Set(words.filter((w) => !known(w)))];
  assert.deepEqual(english, [], `English UI words in zh-CN: ${english.join(', ')}`);
  await shot(page, 'workbench-zh');
  await page.getByTestId('lang').selectOption('en');
  assert.deepEqual(problems, []);
});

test('smaller items: the last axis label is whole, exec suggestions fit the container, narration only names what the pod has', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url, '?example=liveness-exec');
  await viewport(page, 1366, 768);
  await pause(page);
  await page.getByTestId('zoom').selectOption('all');
  const cut = await page.evaluate(() => {
    const svg = document.querySelector('.timeline-svg').getBoundingClientRect();
    return [...document.querySelectorAll('.axis-label')].filter((t) => t.getBoundingClientRect().right > svg.right + 0.5).map((t) => t.textContent);
  });
  assert.deepEqual(cut, [], 'axis labels inside the chart');
  // No two axis labels run into each other (the right-aligned last one met the one before it:
  // "1m45s2m0s" at 1280 px), at each zoom and at two widths.
  for (const width of [1366, 1280]) {
    await viewport(page, width, 768);
    for (const zoom of ['all', '300', '120', '60', '30']) {
      await page.getByTestId('zoom').selectOption(zoom);
      const touching = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll('.axis-label')].map((t) => [t.textContent, t.getBoundingClientRect()])
          .sort((a, b) => a[1].left - b[1].left);
        return boxes.slice(1).map(([t, r], i) => [`${boxes[i][0]}|${t}`, r.left < boxes[i][1].right + 2])
          .filter(([, meets]) => meets).map(([pair]) => pair);
      });
      assert.deepEqual(touching, [], `axis labels apart at ${width} px, zoom ${zoom}`);
    }
  }
  await viewport(page, 1366, 768);
  await page.getByRole('tab', { name: 'Actions' }).click();
  const chips = await page.locator('.ready .chip').allTextContents();
  assert.ok(chips.includes('cat /tmp/healthy'), chips.join(' | '));
  assert.ok(!chips.some((c) => /nginx/.test(c)), `busybox gets no nginx commands: ${chips.join(' | ')}`);
  // At the liveness kill the caption names SIGTERM, not a preStop hook the pod does not have.
  await jumpTo(page, 45);
  const caption = await page.locator('.who-caption').textContent();
  assert.match(caption, /SIGTERM/);
  assert.doesNotMatch(caption, /preStop/);
  assert.deepEqual(problems, []);
});

test('timeline by keyboard: one Tab stop, a ring moved by the arrows, Home/End, Enter explains; ←/→ elsewhere still step the playhead (en, zh-CN)', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url, '?example=liveness-exec');
  await viewport(page, 1366, 768);
  await pause(page);
  await jumpTo(page, 60);
  const timeline = page.getByTestId('timeline');
  /** The item the ring is on: its aria-label (through the chart's aria-activedescendant). */
  const current = () => page.evaluate(() => {
    const chart = document.activeElement;
    const id = chart?.getAttribute('aria-activedescendant');
    const ring = id && document.getElementById(id);
    if (!ring) return null;
    const r = ring.getBoundingClientRect();
    return { label: ring.getAttribute('aria-label'), visible: getComputedStyle(ring).visibility === 'visible' && r.width > 0, x: r.x, y: r.y };
  });
  const secondsOf = (label) => Number(/(\d+(?:\.\d+)?)s/.exec(label)[1]);
  // From the editor's divider, one Tab lands on the chart (one stop for all its items).
  await page.locator('.wb-split-v').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'timeline');
  let at = await current();
  assert.ok(at?.visible, 'a visible ring on an item');
  assert.match(at.label, /^Event \d/, `starts on the event nearest the playhead: ${at.label}`);
  const outline = await timeline.evaluate((e) => getComputedStyle(e).outlineStyle);
  assert.equal(outline, 'solid', 'the chart shows its focus');
  await shot(page, 'workbench-timeline-keyboard');
  // ← / → move along the row in time order and leave the playhead alone.
  const before = secondsOf(at.label);
  await page.keyboard.press('ArrowRight');
  const next = await current();
  assert.ok(secondsOf(next.label) >= before && next.label !== at.label, `${at.label} -> ${next.label}`);
  assert.ok(next.x >= at.x, 'the ring moved right (or stayed: events at the same instant)');
  assert.equal(await shownTime(page), 60, 'arrows on the chart do not step the playhead');
  await page.keyboard.press('Home');
  const first = await current();
  assert.ok(secondsOf(first.label) <= before, `Home: ${first.label}`);
  await page.keyboard.press('End');
  assert.ok(secondsOf((await current()).label) >= secondsOf(next.label));
  // ↑: the probe row above the events, the tick nearest in time.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const event = await current();
  await page.keyboard.press('ArrowUp');
  const tick = await current();
  assert.match(tick.label, /^liveness · \d+\.\d+s liveness \w+ \(x\d+ in a row\)/, tick.label);
  assert.ok(tick.y < event.y, 'the ring went up a row');
  await page.keyboard.press('ArrowUp');
  assert.match((await current()).label, /^Container liveness: /);
  await page.keyboard.press('ArrowDown');
  // Enter: what a click does — the playhead on the tick's time, its explanation.
  const tickAt = await current();
  await page.keyboard.press('Enter');
  const why = page.getByTestId('why');
  await why.waitFor();
  assert.equal(await shownTime(page), Math.floor(secondsOf(tickAt.label) * 10) / 10);
  assert.match(await why.textContent(), /liveness/);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'timeline', 'focus stays on the chart');
  // Space too, on an event.
  await page.keyboard.press('ArrowDown');
  const ev = await current();
  await page.keyboard.press(' ');
  await page.waitForFunction((t) => Math.abs(Number(document.querySelector('[data-testid=time]').value) - t) < 0.11, secondsOf(ev.label));
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'false', 'Space on the chart is its click, not play');
  await shot(page, 'workbench-timeline-keyboard-enter');
  // Elsewhere ←/→ still step the playhead between events.
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  const t0 = await shownTime(page);
  await page.keyboard.press('ArrowRight');
  assert.ok((await shownTime(page)) > t0, '→ steps the playhead when the chart has no focus');
  // A click on the chart is a mouse's: no ring, and ←/→ are the page's shortcuts again.
  await page.locator('.timeline-svg rect.ev').first().click();
  assert.equal(await timeline.getAttribute('aria-activedescendant'), null);
  // The shortcut sheet lists the chart's keys, in both languages.
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  await page.keyboard.press('?');
  assert.match(await page.getByTestId('help').textContent(), /On the timeline.*Home/);
  await page.keyboard.press('Escape');
  await setLang(page, 'zh-CN');
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  await page.keyboard.press('?');
  assert.match(await page.getByTestId('help').textContent(), /在时间线上/);
  await page.keyboard.press('Escape');
  await page.locator('.wb-split-v').focus();
  await page.keyboard.press('Tab');
  assert.match((await current()).label, /^事件 \d/);
  assert.match(await timeline.getAttribute('aria-label'), /时间线：方向键/);
  await page.keyboard.press('ArrowUp');
  assert.match((await current()).label, /连续第 \d+ 次/);
  await assertNoMissingText(page);
  await shot(page, 'workbench-timeline-keyboard-zh');
  assert.deepEqual(problems, []);
});
