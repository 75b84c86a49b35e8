// Trunk post_build hook: the last steps of a build, on Trunk's staging directory.
//
// 0. Optimizes the wasm for size (npm binaryen's wasm-opt, as Trunk's own step, which index.html
//    turns off: Trunk 0.21 passes only a level): flattening and re-relooping before two -Oz
//    rounds, with two facts about this module — its memory is its own (zero-filled) and the
//    low 1 KB is unused (rust-lld puts the 1 MiB stack first, growing down to 0) — and short
//    names for its imports, their module and its exports (written into the glue). Each gives
//    ~2-3 KB gzip (docs/sizes.md). Then minifies what Trunk leaves as written (terser for the
//    JavaScript, esbuild for CSS; web/editor's pinned packages): the wasm-bindgen glue, the
//    stylesheets (their `integrity` attributes are updated), boot.js, embed-poster.js and the
//    service worker. Same names, so a hashed name still stands for one content.
// -1. Builds the full module (the first-frame module is Trunk's, with the `lite` feature) and
//    gives it a content-hashed name, written into web/handover.js, its loader (see below).
// 1. Removes the <link rel="modulepreload"> / <link rel="preload"> tags Trunk adds for the wasm
//    and its glue, so that an embed's click-to-load poster fetches neither before the click
//    (boot.js starts both downloads itself, in parallel, when it needs them).
// 2. Writes the wasm's size onto boot.js's tag (`data-wasm-bytes`), for the loading progress bar
//    (the bytes a download stream yields are decompressed, so it needs the raw size).
// 3. Writes dist/sw.js: web/sw.js with the list of the app's own files and a content hash of
//    each (its offline cache; a new build is a new list, hence a new worker and cache).
// 4. Precompresses every file: `.br` (brotli, quality 11, 16 MiB window) and `.gz` (zopfli, or
//    zlib -9 where smaller) next to it, for static hosts that serve them (nginx gzip_static/brotli_static, Caddy
//    precompressed, Netlify, Cloudflare Pages).
// 5. The Chinese UI text (docs/sizes.md, session 8): dist/zh-CN.txt (`cargo xtask rules-page`
//    writes it from the app's zh! literals) under a content-hashed name, written onto boot.js's
//    tag (`data-zh`: boot.js fetches it for a Chinese page only; sw.js caches it when first
//    fetched), before step 3 lists the files; and a check that the first-frame module holds no
//    Chinese but what it keeps on purpose.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set (run from a Trunk hook)');
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
const requireTool = createRequire(path.join(source, 'web/editor/package.json'));
const esbuild = requireTool('esbuild');
// Zopfli (e2e's pinned npm packages, as wasm-opt; `cargo xtask dist|test` installs them): the
// .gz copies.
const zopfli = (() => {
  try {
    return createRequire(path.join(source, 'e2e/package.json'))('@gfx/zopfli');
  } catch (e) {
    throw new Error(`post-build: @gfx/zopfli is missing from e2e/node_modules (run cargo xtask dist, which runs npm ci there): ${e.message}`);
  }
})();
const { minify: terser } = requireTool('terser');
// JavaScript through terser (as the editor bundles: a few % smaller than esbuild's minifier),
// CSS through esbuild.
const minify = async (code, loader, module = false) => loader === 'css'
  ? esbuild.transformSync(code, { loader, minify: true, legalComments: 'none' }).code
  : (await terser(code, { module, ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false } })).code;

// -1: the full module. Trunk builds the first-frame module (index.html: the `lite` feature of
// podlife-web); the full one (default features) is built here the same way — cargo, then
// wasm-bindgen — as `podlife-full-<hash>.js` + `_bg.wasm`, which web/boot.js fetches only when
// the page hands over to it (web/src/handover.rs, web/handover.js). Its hash is its content's
// (below, after the same wasm-opt and minification as the first-frame module's).
const release = process.env.TRUNK_PROFILE !== 'debug';
{
  const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(source, 'target');
  const cargo = ['build', '--offline', '--target', 'wasm32-unknown-unknown', '-p', 'podlife-web', '--bin', 'podlife-web'];
  if (release) cargo.push('--release');
  const built = path.join(targetDir, 'wasm32-unknown-unknown', release ? 'release' : 'debug', 'podlife-web.wasm');
  // Trunk's build, the first-frame module, is in that file until the build below: a copy is
  // what `cargo xtask bench` breaks down (where the first frame's bytes go).
  fs.copyFileSync(built, built.replace(/podlife-web\.wasm$/, 'podlife-web-first-frame.wasm'));
  execFileSync('cargo', cargo, { cwd: source, stdio: ['ignore', 'inherit', 'inherit'] });
  execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', dir, '--out-name', 'podlife-full', built],
    { stdio: ['ignore', 'inherit', 'inherit'] });
}

// 0: the wasm, and the glue's names for its imports and exports.
for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('_bg.wasm'))) {
  const file = path.join(dir, name);
  const local = path.join(source, 'e2e/node_modules/.bin/wasm-opt');
  const wasmOpt = fs.existsSync(local) ? local : 'wasm-opt';
  const out = execFileSync(wasmOpt, [
    '--low-memory-unused', '--zero-filled-memory', '--flatten', '--rereloop', '-Oz', '-Oz',
    '--minify-imports-and-exports-and-modules', '--strip-producers', '--strip-target-features', file, '-o', file,
  ], { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 }).toString();
  const mapping = JSON.parse(out.slice(out.indexOf('{')));
  // The mapping leaves out the modules' new name: read it from the module (one module, `a`).
  const modules = [...new Set(WebAssembly.Module.imports(new WebAssembly.Module(fs.readFileSync(file))).map((i) => i.module))];
  const before = [...new Set(mapping.imports.map(([m]) => m))];
  if (modules.length !== 1 || before.length !== 1) throw new Error(`wasm imports from ${before} now ${modules}: expected one module`);
  mapping.modules = [[before[0], modules[0]]];
  renameInGlue(path.join(dir, name.replace(/_bg\.wasm$/, '.js')), mapping);
}

// wasm-opt gave the imports, their module and the exports short names (`mapping`: its JSON);
// the glue must use them too. Imports are keys of the object the glue passes to the module,
// exports are read as `<exports>.name`: each old name must occur exactly so, or the build fails.
function renameInGlue(glueFile, mapping) {
  let glue = fs.readFileSync(glueFile, 'utf8');
  const word = (s) => s.replace(/[$]/g, '\\$');
  const modules = new Set(mapping.imports.map(([m]) => m));
  for (const [module, from, to] of mapping.imports) {
    const key = new RegExp(`(?<![\\w$.])${word(from)}(?=\\s*[:(])`, 'g');
    const n = (glue.match(key) ?? []).length;
    if (n !== 1) throw new Error(`glue: import ${module}.${from} occurs ${n} times as a key`);
    glue = glue.replace(key, to);
  }
  for (const module of modules) {
    const to = mapping.modules?.find(([m]) => m === module)?.[1];
    if (to === undefined) continue;
    const literal = new RegExp(`(["'])${module.replace(/[.]/g, '\\.')}\\1`, 'g');
    if (!literal.test(glue)) throw new Error(`glue: no module name ${module}`);
    glue = glue.replace(literal, JSON.stringify(to));
  }
  for (const [from, to] of mapping.exports) {
    const member = new RegExp(`(?<=\\.)${word(from)}(?![\\w$])`, 'g');
    if (!member.test(glue)) continue; // an export the glue does not use
    glue = glue.replace(member, to);
  }
  fs.writeFileSync(glueFile, glue);
}

// 0: minified copies. The glue is `podlife-web-<hash>.js`; boot.js a classic script.
const indexFile = path.join(dir, 'index.html');
let html = fs.readFileSync(indexFile, 'utf8');
for (const name of fs.readdirSync(dir)) {
  const file = path.join(dir, name);
  if (/^podlife-web-[0-9a-f]+\.js$/.test(name) || name === 'podlife-full.js' || name === 'embed-poster.js') {
    fs.writeFileSync(file, await minify(fs.readFileSync(file, 'utf8'), 'js', true));
  } else if (name === 'boot.js') {
    fs.writeFileSync(file, await minify(fs.readFileSync(file, 'utf8'), 'js'));
  } else if (name.endsWith('.css')) {
    const css = await minify(fs.readFileSync(file, 'utf8'), 'css');
    fs.writeFileSync(file, css);
    // The rules pages' stylesheet is not the app's: index.html does not link it.
    if (name === 'rules.css') continue;
    const integrity = 'sha384-' + crypto.createHash('sha384').update(css).digest('base64');
    const tag = new RegExp(`(href="(?:\\./)?${name.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*(")`);
    if (!tag.test(html)) throw new Error(`index.html: no integrity attribute for ${name}`);
    html = html.replace(tag, `$1${integrity}$2`);
  }
}

// 1 + 2: index.html.
html = html.replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '').replace(/<!--[^]*?-->/g, '').replace(/\n\s*(?=\n)/g, '');
if (/rel="(?:modulepreload|preload)"/.test(html)) throw new Error('a preload tag was not removed');
const wasmName = /data-wasm="(?:\.\/)?([^"]+\.wasm)"/.exec(html)?.[1];
if (!wasmName) throw new Error('index.html: no data-wasm attribute on the boot script');
const wasmBytes = fs.statSync(path.join(dir, wasmName)).size;
// The full module under its content hash, and its names and size on boot.js's tag.
const fullHash = crypto.createHash('sha256')
  .update(fs.readFileSync(path.join(dir, 'podlife-full_bg.wasm')))
  .update(fs.readFileSync(path.join(dir, 'podlife-full.js')))
  .digest('hex').slice(0, 16);
const fullJs = `podlife-full-${fullHash}.js`;
const fullWasm = `podlife-full-${fullHash}_bg.wasm`;
fs.renameSync(path.join(dir, 'podlife-full.js'), path.join(dir, fullJs));
fs.renameSync(path.join(dir, 'podlife-full_bg.wasm'), path.join(dir, fullWasm));
// 5: the Chinese text's data file, under its content hash.
const zhBody = fs.readFileSync(path.join(dir, 'zh-CN.txt'));
const zhFile = `zh-CN-${crypto.createHash('sha256').update(zhBody).digest('hex').slice(0, 16)}.txt`;
fs.renameSync(path.join(dir, 'zh-CN.txt'), path.join(dir, zhFile));
html = html.replace(/(id="podlife-boot")/, `$1 data-wasm-bytes="${wasmBytes}" data-zh="${zhFile}"`);
checkNoChinese(fs.readFileSync(path.join(dir, wasmName)), zhBody.toString('utf8'));

// 5: the first-frame module's data (its strings) holds no run of Chinese characters but those of
// what it keeps on purpose: zh_kept! texts (web/generated/zh-kept.txt), the share links'
// compression dictionary, the examples it opens, and crates/report's legend (left as it is);
// and no text of the data file (the zh! macros left its literals out).
function checkNoChinese(wasm, zhTexts) {
  const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
  const read = (f) => fs.readFileSync(path.join(source, f), 'utf8');
  const dirFiles = (d, ext) => fs.readdirSync(path.join(source, d)).filter((f) => f.endsWith(ext)).map((f) => read(`${d}/${f}`));
  const kept = [read('web/generated/zh-kept.txt'), read('crates/share/src/dict_v1.txt'), read('web/default-example.yaml'),
    ...dirFiles('web/examples', '.yaml'), ...dirFiles('examples/seeds', '.yaml'), ...dirFiles('crates/report/src', '.rs')];
  // The data section's bytes (section 11): the code around them could spell a character by chance.
  const data = [];
  let at = 8;
  const leb = () => {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = wasm[at++];
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    if (id === 11) data.push(wasm.subarray(at, at + size));
    at += size;
  }
  if (!data.length) throw new Error(`${wasmName}: no data section`);
  const text = Buffer.concat(data).toString('utf8');
  const runs = text.match(new RegExp(`${CJK.source.slice(0, -1)}]{2,}`, 'g')) ?? [];
  // Strings lie side by side in the data: a run may join two kept texts ("退避" + "事件"). A run
  // is kept when it splits into pieces of two or more characters each found in a kept text (a
  // single character at either end may be a byte of something else).
  const known = (s) => kept.some((k) => k.includes(s));
  const splits = (r) => {
    const ok = [true];
    for (let end = 1; end <= r.length; end++) {
      ok[end] = false;
      for (let start = 0; start < end && !ok[end]; start++) {
        const piece = r.slice(start, end);
        ok[end] = ok[start] && (piece.length >= 2 || start === 0 || end === r.length) && known(piece);
      }
    }
    return ok[r.length];
  };
  const stray = [...new Set(runs.filter((r) => !splits(r)))];
  const leaked = zhTexts.split('\n').filter((t) => CJK.test(t) && !kept.some((k) => k.includes(t)) && text.includes(t));
  if (stray.length || leaked.length) {
    throw new Error(`${wasmName} holds ${stray.length} runs of Chinese that are not zh!/zh_kept! texts (${stray.slice(0, 5).join(' | ')}) `
      + `and ${leaked.length} texts of the data file (${leaked.slice(0, 5).join(' | ')}): web/src/i18n.rs says how to write them`);
  }
  console.log(`post-build: ${wasmName}: ${runs.length} runs of Chinese, all kept on purpose; none of the data file's ${zhTexts.split('\n').length - 1} texts`);
}
// handover.js (loaded on use) carries the full module's names, not the page: an embed's poster
// loads the page before its click.
{
  const file = path.join(dir, 'handover.js');
  const FULL = /\/\*FULL\*\/ \{[^}]*\}/;
  const src = fs.readFileSync(file, 'utf8');
  if (!FULL.test(src)) throw new Error('web/handover.js: no /*FULL*/ placeholder');
  fs.writeFileSync(file, await minify(src.replace(FULL, () => JSON.stringify({ js: `./${fullJs}`, wasm: `./${fullWasm}` })), 'js', true));
}
fs.writeFileSync(indexFile, html);

// 3: the service worker. Files of the app itself: not the embed/docs-site scripts, not the
// example pages, not earlier compressed copies.
const NOT_CACHED = new Set(['sw.js', 'embed.js', 'poster.js', 'embed-poster.js']);
// Loaded by the page only on use (editor.js imports search.js on a first search key; the rules
// pages open from a why card): cached by the worker when first fetched, not at install.
// The full module too (web/src/handover.rs): cached when the page first hands over to it.
// The Chinese text too (boot.js fetches it for Chinese pages only): not part of an English
// page's whole load.
const LAZY = new Set(['search.js', 'rules.html', 'versions.html', 'rules.css', 'handover.js', fullJs, fullWasm, zhFile]);
const hashed = /-[0-9a-f]{8,16}(?:_bg)?\.[a-z]+$/;
const sha = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const files = fs.readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isFile() && !NOT_CACHED.has(e.name) && !/\.(br|gz)$/.test(e.name))
  .map((e) => e.name)
  .sort()
  .map((name) => ({
    path: name === 'index.html' ? './' : name,
    rev: sha(fs.readFileSync(path.join(dir, name))).slice(0, 16),
    hashed: hashed.test(name),
    lazy: LAZY.has(name),
  }));
const precache = { version: sha(JSON.stringify(files)).slice(0, 16), files };
const swSource = fs.readFileSync(path.join(source, 'web/sw.js'), 'utf8');
const MARK = /\/\*PRECACHE\*\/ \{[^}]*\}/;
if (!MARK.test(swSource)) throw new Error('web/sw.js: no /*PRECACHE*/ placeholder');
fs.writeFileSync(path.join(dir, 'sw.js'), await minify(swSource.replace(MARK, () => JSON.stringify(precache)), 'js'));

// 4: precompressed copies of every file, recursively.
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
  const p = path.join(d, e.name);
  return e.isDirectory() ? walk(p) : /\.(br|gz)$/.test(e.name) ? [] : [p];
});
const TEXT = /\.(html|js|mjs|css|json|svg|txt|md|yaml)$/;
for (const file of walk(dir)) {
  const body = fs.readFileSync(file);
  fs.writeFileSync(file + '.br', zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_MODE]: TEXT.test(file) ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  }));
  // The smallest of zopfli (15 iterations) and zlib level 9 at its default or largest memory
  // level: zopfli writes ordinary deflate ~5 % smaller than zlib -9 (the wasm 519,608 ->
  // 494,332 B, editor.js 106,280 -> 102,354 B), ~10 s for the wasm; browsers and hosts read it
  // as any .gz (docs/sizes.md, session 5).
  const gz = [8, 9].map((memLevel) => zlib.gzipSync(body, { level: 9, memLevel }));
  gz.push(Buffer.from(await zopfli.gzipAsync(body, { numiterations: 15 })));
  const best = gz.reduce((a, b) => (b.length < a.length ? b : a));
  if (!zlib.gunzipSync(best).equals(body)) throw new Error(`${file}.gz does not decompress to the file`);
  fs.writeFileSync(file + '.gz', best);
}
console.log(`post-build: ${files.length} files in the offline cache (version ${precache.version}); ${walk(dir).length} files precompressed`);
