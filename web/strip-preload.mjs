// Trunk post_build hook: removes the <link rel="modulepreload"> / <link rel="preload"> tags Trunk
// adds for the wasm and its glue, so that an embed's click-to-load poster fetches neither before
// the click (boot.js starts both downloads itself, in parallel, when it needs them).
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set (run from a Trunk hook)');
const file = path.join(dir, 'index.html');
const html = fs.readFileSync(file, 'utf8');
const out = html.replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '');
if (/rel="(?:modulepreload|preload)"/.test(out)) throw new Error('a preload tag was not removed');
fs.writeFileSync(file, out);
