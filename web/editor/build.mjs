// Bundles editor.src.js (CodeMirror 6 from the pinned npm packages) into dist/editor.js.
// Run by Trunk's pre_build hook (Trunk.toml); `npm ci` here first (cargo xtask does it).
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
if (!fs.existsSync(path.join(here, 'node_modules/esbuild'))) {
  console.error('web/editor/node_modules is missing: run `npm ci` in web/editor (cargo xtask serve/test/dist do)');
  process.exit(1);
}
const esbuild = await import('esbuild');
const { minify: terser } = await import('terser');
const out = path.join(here, 'dist/editor.js');

// esbuild bundles; terser minifies (two compress passes: ~3 KB gzip less than esbuild's own
// minifier on editor.js, docs/sizes.md). Export names are kept (search.js imports `cm`).
async function bundle(options) {
  const r = await esbuild.build({ ...options, bundle: true, minify: false, format: 'esm', target: 'es2020', legalComments: 'none', write: false, logLevel: 'warning' });
  const code = (await terser(r.outputFiles[0].text, { module: true, ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false } })).code;
  fs.mkdirSync(path.dirname(options.outfile), { recursive: true });
  fs.writeFileSync(options.outfile, code);
}

// style-mod (CodeMirror's style injector) uses a <style> element for documents, which the
// page's CSP (style-src 'self', no 'unsafe-inline') blocks; constructed stylesheets adopted by
// the document are allowed. It already does that for shadow roots: extend it to documents.
const STYLE_MOD_FROM = '!root.head && root.adoptedStyleSheets && win.CSSStyleSheet';
const STYLE_MOD_TO = 'root.adoptedStyleSheets && win.CSSStyleSheet';
const cspStyles = {
  name: 'csp-adopted-styles',
  setup(build) {
    build.onLoad({ filter: /style-mod[\\/]src[\\/]style-mod\.js$/ }, async (args) => {
      const src = await fs.promises.readFile(args.path, 'utf8');
      if (!src.includes(STYLE_MOD_FROM)) {
        throw new Error(`style-mod changed: cannot find "${STYLE_MOD_FROM}" in ${args.path}`);
      }
      return { contents: src.replace(STYLE_MOD_FROM, STYLE_MOD_TO), loader: 'js' };
    });
  },
};
// The YAML tokenizer (yaml-tokens.js, the legacy mode, CodeMirror's StringStream) is in
// lite.js, which the page always loads first: editor.js takes it from there (one copy).
const fromLite = {
  name: 'tokenizer-from-lite',
  setup(build) {
    build.onResolve({ filter: /^(@codemirror\/streamparser|\.\/yaml-tokens\.js)$/ }, () => ({ path: 'lite', namespace: 'lite' }));
    build.onResolve({ filter: /^\.\/lite\.js$/ }, () => ({ path: './lite.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lite' }, () => ({
      contents: "export { StringStream, token, startState, tokenClasses } from './lite.js';\n",
      loader: 'js',
    }));
  },
};
await bundle({
  entryPoints: [path.join(here, 'editor.src.js')],
  outfile: out,
  plugins: [cspStyles, fromLite],
});
console.log(`editor bundle: ${fs.statSync(out).size} bytes -> ${path.relative(process.cwd(), out)}`);

// dist/search.js: @codemirror/search, loaded by the editor on the first search key (not part of
// the first load). Its imports of @codemirror/state and @codemirror/view become the `cm` object
// that editor.js exports, so both bundles use the same module instances.
const searchSrc = path.join(here, 'node_modules/@codemirror/search/dist/index.js');
const wanted = [...fs.readFileSync(searchSrc, 'utf8').matchAll(/^import \{([^}]*)\} from '@codemirror\/(?:state|view)';$/gm)]
  .flatMap((m) => m[1].split(',').map((n) => n.trim()).filter(Boolean));
const exported = /export const cm = \{([^}]*)\}/.exec(fs.readFileSync(path.join(here, 'editor.src.js'), 'utf8'));
const have = new Set((exported ? exported[1] : '').split(',').map((n) => n.trim()).filter(Boolean));
const missing = wanted.filter((n) => !have.has(n));
if (!wanted.length || missing.length) {
  throw new Error(`editor.src.js must export cm = { ... } with what @codemirror/search imports; missing: ${missing.join(', ') || '(no imports found)'}`);
}
const shared = {
  name: 'shared-codemirror',
  setup(build) {
    build.onResolve({ filter: /^@codemirror\/(state|view)$/ }, () => ({ path: 'cm', namespace: 'shared' }));
    build.onResolve({ filter: /^\.\/editor\.js$/ }, () => ({ path: './editor.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'shared' }, () => ({
      contents: `import { cm } from './editor.js';\nexport const { ${wanted.join(', ')} } = cm;\n`,
      loader: 'js',
    }));
  },
};
// The YAML mode replaced @codemirror/lang-yaml: check that it still gives the classes and the
// Enter indentation lang-yaml gave (expected values recorded from lang-yaml 6.1.3), so that an
// update of the legacy mode or of @codemirror/language cannot change them unnoticed.
let harnessUrl;
let doc;
{
  const harness = await esbuild.build({
    stdin: {
      contents: `
        import { EditorState, EditorSelection } from '@codemirror/state';
        import { insertNewlineAndIndent } from '@codemirror/commands';
        import { indentUnit, ensureSyntaxTree } from '@codemirror/language';
        import { classHighlighter, highlightTree } from '@lezer/highlight';
        import { yamlLanguage } from './yaml-mode.js';
        const make = (doc) => EditorState.create({ doc, extensions: [yamlLanguage, indentUnit.of('  '), EditorState.tabSize.of(2)] });
        export function classes(doc) {
          const st = make(doc);
          const out = [];
          highlightTree(ensureSyntaxTree(st, doc.length, 5000), classHighlighter, (from, to, c) => out.push([doc.slice(from, to).trim(), c]));
          return out.filter(([t]) => t);
        }
        export function enter(doc, pos) {
          let out = null;
          insertNewlineAndIndent({ state: make(doc).update({ selection: EditorSelection.cursor(pos) }).state, dispatch: (tr) => { out = tr.state; } });
          const l = out.doc.lineAt(out.selection.main.head);
          return out.selection.main.head - l.from;
        }`,
      resolveDir: here,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'warning',
  });
  harnessUrl = 'data:text/javascript;base64,' + Buffer.from(harness.outputFiles[0].contents).toString('base64');
  const { classes, enter } = await import(harnessUrl);
  doc = [
    '# a pod',
    'apiVersion: v1',
    'metadata:',
    '  name: "web"',
    '  labels: {app: web}',
    'spec:',
    '  containers:',
    '  - name: app',
    '    image: busybox:1.28',
    '    command: [\'sh\', "-c"]',
    '    args:',
    '    - echo "hi" # say it',
    '    x: &a 1',
    '---',
    'y: *a',
  ].join('\n');
  // Compared character by character (spans of one class may or may not include the spaces
  // between them).
  const perChar = (spans) => spans.flatMap(([t, c]) => [...t.replace(/\s/g, '')].map((ch) => `${ch}:${c}`));
  const got = JSON.stringify(perChar(classes(doc)));
  const want = JSON.stringify(perChar([
    ['# a pod', 'tok-comment'], ['apiVersion', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'],
    ['metadata', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'],
    ['name', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'], ['"web"', 'tok-string'],
    ['labels', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'], ['{', 'tok-punctuation'],
    ['app', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'], ['}', 'tok-punctuation'],
    ['spec', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'],
    ['containers', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'], ['-', 'tok-punctuation'],
    ['name', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'],
    ['image', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'],
    ['command', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'], ['[', 'tok-punctuation'],
    ["'sh'", 'tok-string'], [',', 'tok-punctuation'], ['"-c"', 'tok-string'], [']', 'tok-punctuation'],
    ['args', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'], ['-', 'tok-punctuation'],
    ['# say it', 'tok-comment'],
    ['x', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'], ['&a', 'tok-labelName'],
    ['---', 'tok-meta'], ['y', 'tok-propertyName tok-definition'], [':', 'tok-punctuation'], ['*a', 'tok-labelName'],
  ]));
  // Enter at the end of these lines: the new line's indentation under lang-yaml.
  const lines = doc.split('\n');
  const indents = [2, 3, 6, 7, 8, 10].map((i) => enter(doc, lines.slice(0, i + 1).join('\n').length));
  const wantIndents = [0, 2, 2, 4, 4, 4];
  if (got !== want || JSON.stringify(indents) !== JSON.stringify(wantIndents)) {
    throw new Error(`yaml-mode.js no longer matches lang-yaml:\nclasses ${got}\nwanted  ${want}\nEnter indents ${JSON.stringify(indents)}, wanted ${JSON.stringify(wantIndents)}`);
  }
}

// dist/lite.js: the editor shown until CodeMirror has loaded (lite.js). Its highlighting must be
// CodeMirror's, character for character: checked on the doc above and on every example file.
{
  const { classes } = await import(harnessUrl);
  const liteHarness = await esbuild.build({
    entryPoints: [path.join(here, 'lite.js')], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'warning',
  });
  const { tokenize } = await import('data:text/javascript;base64,' + Buffer.from(liteHarness.outputFiles[0].contents).toString('base64'));
  const root = path.join(here, '../..');
  const docs = [['(the doc above)', doc]];
  for (const d of ['examples/seeds', 'web/examples']) {
    for (const f of fs.readdirSync(path.join(root, d)).filter((f) => f.endsWith('.yaml')).sort()) {
      docs.push([`${d}/${f}`, fs.readFileSync(path.join(root, d, f), 'utf8')]);
    }
  }
  // Per character: CodeMirror's classes (a span may or may not cover the spaces next to it).
  const cmChars = (text) => classes(text).flatMap(([t, c]) => [...t.replace(/\s/g, '')].map((ch) => `${ch}:${c}`));
  const liteChars = (text) => tokenize(text).flatMap((runs) => runs.filter(([, c]) => c)
    .flatMap(([t, c]) => [...t.replace(/\s/g, '')].map((ch) => `${ch}:${c}`)));
  for (const [name, text] of docs) {
    const a = JSON.stringify(cmChars(text));
    const b = JSON.stringify(liteChars(text));
    if (a !== b) throw new Error(`lite.js highlights ${name} unlike CodeMirror:\nCodeMirror ${a}\nlite.js    ${b}`);
  }
  const liteOut = path.join(here, 'dist/lite.js');
  await bundle({ entryPoints: [path.join(here, 'lite.js')], outfile: liteOut });
  console.log(`lite editor: ${fs.statSync(liteOut).size} bytes -> ${path.relative(process.cwd(), liteOut)}; highlights ${docs.length} documents as CodeMirror does`);
}

const searchOut = path.join(here, 'dist/search.js');
await bundle({
  entryPoints: [searchSrc],
  outfile: searchOut,
  plugins: [shared],
});
console.log(`search bundle: ${fs.statSync(searchOut).size} bytes -> ${path.relative(process.cwd(), searchOut)}`);
