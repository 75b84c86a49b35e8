// Browser smoke test of web/embed.js on examples/embed/index.html, in headless Chromium via
// playwright-core from e2e/node_modules (run `npm ci` in e2e/ first). Not part of `node --test`
// (it needs a browser); run: node crates/share/tests/js/browser-smoke.mjs
//
// Serves on 127.0.0.1: /embed.js, /examples/embed/*, and a stub playground at / that posts
// heights like the real embed does (one normal, one hostile). Exits non-zero on any failure.
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, normalize } from 'node:path';
import assert from 'node:assert/strict';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const { chromium } = await import(join(repo, 'e2e/node_modules/playwright-core/index.mjs'));

const stubHtml = '<!doctype html><p id="where"></p><script src="/stub.js"></script>';
const stubJs = `document.getElementById('where').textContent = location.search + location.hash;
parent.postMessage({ type: 'podlife:height', height: 777 }, '*');
setTimeout(() => parent.postMessage({ type: 'podlife:height', height: 1e9 }, '*'), 300);`;
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  let body = null;
  if (path === '/') body = stubHtml;
  else if (path === '/stub.js') body = stubJs;
  else if (path === '/embed.js') body = readFileSync(join(repo, 'web/embed.js'));
  else if (path.startsWith('/examples/embed/')) {
    const f = normalize(join(repo, path));
    if (f.startsWith(join(repo, 'examples/embed')) && existsSync(f)) body = readFileSync(f);
  }
  if (body === null) { res.writeHead(404); res.end(); return; }
  const ext = path === '/' ? '.html' : path.slice(path.lastIndexOf('.'));
  res.writeHead(200, { 'content-type': types[ext] || 'application/octet-stream' });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/examples/embed/index.html`);
  await page.waitForSelector('[data-testid=podlife-embed]');

  // Every marked block (and only those) became an embed of exactly the Rust-encoded fragment.
  const blocks = await page.evaluate(() =>
    [...document.querySelectorAll('pre[data-expect]')].map((pre) => {
      const anchor = pre.closest('.podlife, div.highlight, [class*="codeBlockContainer"]') || pre;
      const box = anchor.nextElementSibling;
      return {
        expect: pre.getAttribute('data-expect'),
        got: box && box.getAttribute('data-podlife-fragment'),
      };
    }),
  );
  assert.equal(blocks.length, 5);
  for (const b of blocks) assert.equal(b.got, b.expect);
  assert.equal(await page.locator('[data-testid=podlife-embed]').count(), 5);

  // Click-to-load: no iframe before the click; after it, the playground URL with the fragment.
  assert.equal(await page.locator('[data-testid=podlife-embed-frame]').count(), 0);
  await page.click('[data-testid=block-plain] + [data-testid=podlife-embed] button');
  const frame = page.locator('[data-testid=podlife-embed-frame]');
  assert.equal(
    await frame.getAttribute('src'),
    `${origin}/?embed=1&view=timeline#${blocks[0].expect}`,
  );
  // Auto-height: 777 accepted, the hostile 1e9 clamped to 4000, a message from elsewhere ignored.
  await page.waitForFunction(() => document.querySelector('[data-testid=podlife-embed-frame]').style.height === '777px');
  await page.waitForFunction(() => document.querySelector('[data-testid=podlife-embed-frame]').style.height === '4000px');
  await page.evaluate(() => window.postMessage({ type: 'podlife:height', height: 200 }, '*'));
  await page.waitForTimeout(200);
  assert.equal(await frame.evaluate((e) => e.style.height), '4000px');

  // Blocks added later (single-page docs) are picked up; a javascript: data-src is refused.
  await page.evaluate(() => {
    const pre = document.createElement('pre');
    pre.className = 'podlife';
    pre.id = 'late';
    pre.setAttribute('data-src', 'javascript:alert(1)');
    pre.textContent = 'kind: Pod\n';
    document.querySelector('main').appendChild(pre);
  });
  await page.waitForSelector('#late + [data-testid=podlife-embed]');
  const href = await page.evaluate(() => document.querySelector('#late + .podlife-embed a').href);
  assert.ok(href.startsWith(`${origin}/#1`), href);
  assert.deepEqual(errors, []);
  console.log('browser smoke: ok');
} finally {
  await browser.close();
  server.close();
}
