// The editor's edit path in headless Chromium: a pasted manifest becomes the smallest change
// (unchanged lines keep their DOM and their lint marks), and the lint gutter stays on the marked
// lines, including when the diagnostics update is skipped because nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useDistAndBrowser, openApp, editorText, pasteInEditor } from './support.mjs';

const env = useDistAndBrowser();
const KITCHEN = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench/kitchen-sink.yaml'), 'utf8');

async function showsPod(page, name) {
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid=kubectl-get]');
    return el && el.textContent.includes(n);
  }, name, { timeout: 10000 });
}

/** Line numbers of the lines with a lint gutter marker and of the lines with a lint mark (the
 *  line-number gutter element at the same height names the line). */
function lintLines(page) {
  return page.evaluate(() => {
    const top = (el) => Math.round(el.getBoundingClientRect().top);
    const numbers = new Map([...document.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
      .map((g) => [top(g), Number(g.textContent)]));
    const line = (el) => numbers.get(top(el)) ?? `?${top(el)}`;
    const markers = [...document.querySelectorAll('.cm-gutter-lint .cm-gutterElement')]
      .filter((g) => g.querySelector('.cm-lint-marker')).map(line);
    const marked = [...new Set([...document.querySelectorAll('.cm-lintRange')].map((r) => line(r.closest('.cm-line'))))];
    return { markers: markers.sort((a, b) => a - b), marked: marked.sort((a, b) => a - b) };
  });
}

test('editor: pasting a manifest that differs in one line changes only that line; undo restores', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await page.getByTestId('play').click(); // pause
  const first = KITCHEN.replace('name: kitchen-sink', 'name: paste-one');
  await pasteInEditor(page, first);
  await showsPod(page, 'paste-one');
  await page.locator('.cm-lint-marker').first().waitFor({ timeout: 5000 });
  const before = await lintLines(page);
  assert.ok(before.markers.length >= 2, `the kitchen sink has hints (${before.markers.length} markers)`);
  assert.deepEqual(before.markers, before.marked, 'gutter markers on the marked lines');
  // Tag the DOM nodes of the first and last lines (a property, not an attribute, which the
  // editor would see as a DOM change): a minimal change leaves these nodes in place.
  const kept = () => page.evaluate(() => {
    const lines = document.querySelectorAll('.cm-line');
    return [lines[0].podlifeKept === true, lines[lines.length - 1].podlifeKept === true];
  });
  await page.evaluate(() => {
    const lines = document.querySelectorAll('.cm-line');
    lines[0].podlifeKept = true;
    lines[lines.length - 1].podlifeKept = true;
  });
  assert.deepEqual(await kept(), [true, true]);
  const second = KITCHEN.replace('name: kitchen-sink', 'name: paste-two');
  await pasteInEditor(page, second);
  assert.equal(await editorText(page), second, 'the editor holds exactly the pasted text');
  assert.deepEqual(await kept(), [true, true], 'unchanged lines were not redrawn');
  // The marks survive the paste (mapped), and the new run leaves them where they belong.
  await showsPod(page, 'paste-two');
  const after = await lintLines(page);
  assert.deepEqual(after, before, 'same diagnostics on the same lines');
  await page.keyboard.press('Control+z');
  assert.equal(await editorText(page), first, 'one undo restores the previous text');
  assert.deepEqual(problems, []);
});

test('editor: a line break pasted before a marked line moves its gutter marker with it', async () => {
  const { page, problems } = await openApp(env.browser.context, env.server.url);
  await page.getByTestId('play').click(); // pause
  await pasteInEditor(page, KITCHEN.replace('name: kitchen-sink', 'name: enter-before'));
  await showsPod(page, 'enter-before');
  await page.locator('.cm-lint-marker').first().waitFor({ timeout: 5000 });
  const diag = page.getByTestId('diagnostics');
  const firstLine = async () => Number((await diag.textContent()).match(/pod\.yaml:(\d+):/)[1]);
  const line = await firstLine();
  // The same text again with a line break before the first marked line: the smallest change
  // inserts it at the very start of that line, where the gutter marker (mapped apart from the
  // marks) stays on the new empty line while the mark moves down with its text. The next
  // analysis must put every gutter marker back on its marked line.
  const lines = KITCHEN.replace('name: kitchen-sink', 'name: enter-before').split('\n');
  lines.splice(line - 1, 0, '');
  await pasteInEditor(page, lines.join('\n'));
  await page.waitForFunction((l) => {
    const m = document.querySelector('[data-testid=diagnostics]')?.textContent.match(/pod\.yaml:(\d+):/);
    return m && Number(m[1]) === l + 1;
  }, line, { timeout: 5000 });
  await page.waitForTimeout(100);
  const now = await lintLines(page);
  assert.ok(now.markers.length >= 2, JSON.stringify(now) + await diag.textContent());
  assert.deepEqual(now.markers, now.marked, 'gutter markers on the marked lines');
  assert.deepEqual(problems, []);
});
