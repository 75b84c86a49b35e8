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
const out = path.join(here, 'dist/editor.js');

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
await esbuild.build({
  entryPoints: [path.join(here, 'editor.src.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  legalComments: 'none',
  outfile: out,
  logLevel: 'warning',
  plugins: [cspStyles],
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
const searchOut = path.join(here, 'dist/search.js');
await esbuild.build({
  entryPoints: [searchSrc],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  legalComments: 'none',
  outfile: searchOut,
  logLevel: 'warning',
  plugins: [shared],
});
console.log(`search bundle: ${fs.statSync(searchOut).size} bytes -> ${path.relative(process.cwd(), searchOut)}`);
