// A static file server for the browser tests and the benchmarks, on 127.0.0.1, serving dist/
// the way static hosts serve it (nginx gzip_static/brotli_static, Caddy `precompressed`):
// `file.br` or `file.gz` (post-build.mjs writes both) when the request's Accept-Encoding allows
// it and the file exists, with `Content-Encoding` and `Vary: Accept-Encoding`; the file itself
// otherwise. Every response is logged (path, status, encoding, body bytes) for the byte counts.
//
// `cache`: 'no-store' (every load is a full download: the tests' default), or 'revalidate'
// (`Cache-Control: no-cache` with an ETag, answered 304 when it matches: what a static host
// does without configuration, and what lets the service worker's install revalidate what the
// page already downloaded instead of downloading it again).
// `fail`: a function of the request's path; when it returns a status, that is the answer (a
// server error or a file gone, for the tests of what the page does then).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.yaml': 'text/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Which encodings (`br`, `gzip`) an Accept-Encoding header allows, in our order of preference. */
export function accepted(header) {
  const allowed = new Set();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    allowed.add(name);
  }
  return ['br', 'gzip'].filter((e) => allowed.has(e) || allowed.has('*'));
}

/**
 * Serves `dir`. Resolves to { url, log, close, stop }: `log` is the array of responses;
 * `close()` (or `stop()`, a network gone away) stops it and drops open connections.
 */
export function serveStatic(dir, { precompressed = true, cache = 'no-store', fail = () => null } = {}) {
  const root = path.resolve(dir);
  const log = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    const failure = fail(url.pathname);
    if (failure) {
      log.push({ path: url.pathname, status: failure, encoding: null, bytes: 0 });
      res.writeHead(failure, { 'content-type': 'text/plain' }).end('failed on purpose');
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      log.push({ path: url.pathname, status: 404, encoding: null, bytes: 0 });
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    let encoding = null;
    let variant = file;
    if (precompressed) {
      for (const e of accepted(req.headers['accept-encoding'])) {
        const candidate = file + (e === 'br' ? '.br' : '.gz');
        if (fs.existsSync(candidate)) {
          encoding = e;
          variant = candidate;
          break;
        }
      }
    }
    const body = fs.readFileSync(variant);
    const headers = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      vary: 'accept-encoding',
    };
    if (encoding) headers['content-encoding'] = encoding;
    if (cache === 'revalidate') {
      const etag = `"${crypto.createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
      headers['cache-control'] = 'no-cache';
      headers.etag = etag;
      if (req.headers['if-none-match'] === etag) {
        log.push({ path: url.pathname, status: 304, encoding, bytes: 0 });
        res.writeHead(304, headers).end();
        return;
      }
    } else {
      headers['cache-control'] = 'no-store';
    }
    log.push({ path: url.pathname, status: 200, encoding, bytes: body.length });
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      // Closing also drops open keep-alive connections (a browser may hold some): `close()`
      // would otherwise wait for them to time out.
      const close = () => {
        const closed = new Promise((r) => server.close(r));
        server.closeAllConnections();
        return closed;
      };
      resolve({ url: `http://127.0.0.1:${port}/`, log, close, stop: close });
    });
  });
}
