// The built playground (dist/) in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serveDist, launch, openPage, ARTIFACTS } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the app loads, renders the default example, and requests nothing off-origin', async () => {
  const { page, offOrigin, problems } = await openPage(browser.context, server.url);
  await page.goto(server.url);
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  const editor = page.getByTestId('editor');
  assert.match(await editor.inputValue(), /name: liveness-exec/);
  await page.getByTestId('diagnostics').waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'app.png'), fullPage: true });
  assert.deepEqual(offOrigin, [], 'requests outside 127.0.0.1');
  assert.deepEqual(problems, [], 'page errors or console errors (e.g. CSP violations)');
});

test('broken YAML shows an error located at line:column', async () => {
  const { page, offOrigin, problems } = await openPage(browser.context, server.url);
  await page.goto(server.url);
  await page.waitForSelector('#app-ready', { timeout: 15000 });
  await page.getByTestId('editor').fill('apiVersion: v1\nkind: Pod\nmetadata: [\n');
  const diag = page.getByTestId('diagnostics');
  await assert.doesNotReject(
    diag.getByText(/pod\.yaml:\d+:\d+: error: /).first().waitFor({ timeout: 5000 }),
  );
  await page.screenshot({ path: path.join(ARTIFACTS, 'diagnostic.png'), fullPage: true });
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(problems, []);
});
