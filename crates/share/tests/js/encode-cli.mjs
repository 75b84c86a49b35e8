// Reads [{text, opts}] as JSON on stdin, prints the embed.js fragments as a JSON array.
// Used by crates/share/tests/js_parity.rs for randomized Rust/JS parity checks.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const src = readFileSync(join(here, '../../../../web/embed.js'), 'utf8');
const ctx = vm.createContext({ TextEncoder, URL, Uint8Array, Int32Array, Math, String });
vm.runInContext(src, ctx, { filename: 'embed.js' });
const api = ctx.podlifeEmbed;
const input = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(input.map((c) => api.encodeFragment(c.text, c.opts))));
