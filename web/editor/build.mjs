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
