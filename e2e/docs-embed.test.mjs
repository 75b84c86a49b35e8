// A podlife embed in a page made by a real documentation generator: Hugo (Debian's package,
// installed by the test command) builds e2e/docs-site/hugo, whose theme has a 700 px column and
// its own loud button style; the page is served from another origin than the playground, as a
// docs site would be. One click on "Run this Pod" loads and plays; the timeline's text stays
// ≥ 11 px in the narrow iframe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useDistAndBrowser, shot } from './support.mjs';
import { serveStatic } from './static-server.mjs';

const env = useDistAndBrowser();
const SITE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'docs-site/hugo');
const HUGO = process.env.HUGO ?? 'hugo';

/** Builds a copy of the Hugo site (Hugo writes lock files into its source) for `podlife`. */
function buildSite(podlife) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'podlife-hugo-'));
  const src = path.join(work, 'src');
  fs.cpSync(SITE, src, { recursive: true });
  execFileSync(HUGO, ['--source', src, '--destination', path.join(work, 'public'), '--quiet'], {
    env: { ...process.env, HUGO_PARAMS_PODLIFE: podlife },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { root: path.join(work, 'public'), remove: () => fs.rmSync(work, { recursive: true, force: true }) };
}

test('Hugo docs page: the embed looks like podlife in a foreign theme, plays after one click, timeline text ≥ 11 px', async () => {
  const site = buildSite(env.server.url);
  const docs = await serveStatic(site.root);
  const page = await env.browser.context.newPage();
  const problems = [];
  const offOrigin = [];
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(env.server.url) || u.startsWith(docs.url) || u.startsWith('data:') || u.startsWith('blob:')) route.continue();
    else {
      offOrigin.push(u);
      route.abort();
    }
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  try {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${docs.url}prestop/`);
    const box = page.getByTestId('podlife-embed');
    await box.waitFor();
    const run = box.getByRole('button', { name: /Run this Pod/ });
    // podlife's look, not the theme's dashed yellow italic uppercase buttons.
    const look = await run.evaluate((b) => {
      const s = getComputedStyle(b);
      return { bg: s.backgroundColor, color: s.color, transform: s.textTransform, style: s.fontStyle, border: s.borderStyle };
    });
    assert.deepEqual(look, { bg: 'rgb(50, 108, 229)', color: 'rgb(255, 255, 255)', transform: 'none', style: 'normal', border: 'solid' });
    const column = await page.locator('article').evaluate((a) => a.getBoundingClientRect().width);
    assert.ok(column <= 700, `the docs column is ${column} px`);
    await box.scrollIntoViewIfNeeded();
    await shot(page, 'docs-hugo-before-click');
    await run.click();
    const frame = page.frameLocator('[data-testid=podlife-embed-frame]');
    await frame.locator('#app-ready').waitFor({ timeout: 15000 });
    // One click: no poster inside, and it plays from the page's t=18.
    assert.equal(await frame.getByTestId('embed-poster').count(), 0);
    // Hugo's data-lang="yaml" on the code is not taken for the page language.
    assert.equal(await frame.getByTestId('link-note').count(), 0, 'no ignored-parameter notice');
    await frame.getByTestId('play').and(frame.locator('[aria-pressed=true]')).waitFor({ timeout: 5000 });
    await page.waitForTimeout(1200);
    assert.ok(Number(await frame.getByTestId('time').inputValue()) > 18);
    const smallest = await frame.locator('body').evaluate(() => Math.min(...[...document.querySelectorAll('.timeline-svg text')]
      .filter((t) => t.getBoundingClientRect().width > 0)
      .map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1))));
    assert.ok(smallest >= 11, `timeline text ${smallest} px in the embed`);
    const sideways = await frame.locator('body').evaluate(() => document.documentElement.scrollWidth > innerWidth);
    assert.equal(sideways, false, 'the embed does not scroll sideways');
    // The countdown plays inside the docs page too.
    await frame.getByTestId('countdown').getByText(/preStop hook|SIGTERM|SIGKILL/).waitFor({ timeout: 10000 });
    await page.locator('[data-testid=podlife-embed-frame]').scrollIntoViewIfNeeded();
    await shot(page, 'docs-hugo-after-click');
    assert.deepEqual(offOrigin, []);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
    // stop(): the browser keeps connections to the docs server open.
    await docs.stop();
    site.remove();
  }
});
