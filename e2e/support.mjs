// Shared helpers for the browser end-to-end tests: a static server for dist/ on 127.0.0.1 and a
// headless Debian Chromium driven by playwright-core (never a downloaded browser).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serveStatic } from './static-server.mjs';

export const DIST = path.resolve(process.env.PODLIFE_DIST ?? '../dist');
export const ARTIFACTS = path.resolve(process.env.PODLIFE_ARTIFACTS ?? '../target/e2e');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Serves DIST on 127.0.0.1 at a free port, with its precompressed files (static-server.mjs).
 *  Resolves to { url, close, log, stop }. */
export function serveDist(options) {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: build the app first (cargo xtask test does)`);
  }
  return serveStatic(DIST, options);
}

/** Headless Chromium with a fresh profile and no background networking. */
export async function launch() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(ARTIFACTS, 'profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a page that records (and blocks) every request outside the test server's origin, every
 * uncaught page error and every console error (CSP violations are reported there).
 */
export async function openPage(context, origin) {
  const page = await context.newPage();
  const offOrigin = [];
  const problems = [];
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:')) {
      route.continue();
    } else {
      offOrigin.push(u);
      route.abort();
    }
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  return { page, offOrigin, problems };
}

/** Opens the app with an empty localStorage (the persistent profile is shared by tests). */
export async function openApp(context, origin, query = '') {
  const opened = await openPage(context, origin);
  const { page } = opened;
  await page.goto(origin);
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  await page.evaluate(() => localStorage.clear());
  await page.goto(origin + query);
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  await page.locator('.cm-content[data-testid=editor]').waitFor({ timeout: 10000 });
  return opened;
}

/** The editor's whole text (CodeMirror keeps it in its state, not only in the DOM). */
export function editorText(page) {
  return page.evaluate(() => window.podlifeEditor.text());
}

/** The simulated time the app shows, in seconds. */
export async function shownTime(page) {
  return Number(await page.getByTestId('time').inputValue());
}

/** Types seconds into the time field and presses Enter. */
export async function jumpTo(page, secs) {
  const time = page.getByTestId('time');
  await time.fill(String(secs));
  await time.press('Enter');
}

/** Replaces the editor's text as a user pasting it does: select all, then a paste event. */
export async function pasteInEditor(page, text) {
  const editor = page.getByTestId('editor');
  await editor.click();
  await page.keyboard.press('Control+A');
  await editor.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Replaces the editor's text by typing it key by key (Enter goes through the editor's keymap). */
export async function typeInEditor(page, text) {
  const editor = page.getByTestId('editor');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** Serves dist/ and launches Chromium for the test file that calls it (before/after hooks);
 *  the returned object's `server` and `browser` are set once the hooks have run. */
export function useDistAndBrowser() {
  const ctx = { server: null, browser: null };
  before(async () => {
    ctx.server = await serveDist();
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}

/** A fresh server of dist/ and a fresh browser for one test (no cache, no service worker left
 *  by another test); `run({ browser, server })`, then both are closed. */
export async function withFreshBrowser(run, serverOptions) {
  const server = await serveDist(serverOptions);
  const browser = await launch();
  try {
    await run({ browser, server });
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Picks the page's language with its select; on a phone the select is in the header's "more"
 *  panel, which is opened for it and closed again. Waits until the page is in it: the
 *  first-frame module downloads its Chinese text first (web/src/i18n.rs). */
export async function setLang(page, lang) {
  const more = page.getByTestId('more');
  const phone = (await more.isVisible()) && !(await page.getByTestId('menu').isVisible());
  if (phone) await more.click();
  await page.getByTestId('lang').selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 10000 });
  if (phone) await page.keyboard.press('Escape');
}

/** No text of the page is the first-frame module's mark of a Chinese text it could not find
 *  (web/src/i18n.rs MISSING): asserted on every zh-CN surface the tests touch. */
export async function assertNoMissingText(page) {
  const html = await page.content();
  assert.ok(!html.includes('[zh?]'), `a Chinese text is missing: ${html.slice(Math.max(0, html.indexOf('[zh?]') - 200), html.indexOf('[zh?]') + 50)}`);
}

/** A full-page screenshot under ARTIFACTS. */
export const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
