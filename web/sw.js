// The service worker (issue 13 item 6): after a first visit, the playground opens without a
// network — a reload offline shows the last scenario (the app keeps it in localStorage).
//
// What it caches: the app's own files, listed with a content hash of each by the build
// (web/post-build.mjs writes the list into dist/sw.js in place of PRECACHE below), so a new
// build is a new sw.js and a new cache, and the old caches are deleted when it takes over.
// Files the page loads only on use (`lazy`: search.js, on a first search key; the full module,
// when the page first hands over to it; the Chinese text, zh-CN-<hash>.txt, on a Chinese page)
// are cached when they are first fetched, not at
// install: a first visit downloads only what it shows, and what needs the full module works
// offline only after its first use online. Not
// cached: embed.js, embed-poster.js and poster.js (documentation sites and embeds, which do not
// register this worker), the example pages, anything outside this directory.
//
// How it answers, so that an online visit is never served stale files:
// - names with a content hash (Trunk's `-<hash>` wasm, glue and stylesheet): from the cache
//   (the same name is the same bytes), else the network;
// - the page and the other files (boot.js, editor.js, ...): the network first, the cached copy
//   only when the network fails;
// - anything else: not touched.
// The page, like every request, is same-origin: the worker never fetches elsewhere.
const PRECACHE = /*PRECACHE*/ { version: 'dev', files: [] };

const PREFIX = 'podlife-';
const CACHE = PREFIX + PRECACHE.version;
const scope = new URL(self.registration.scope);
// A cached file is stored under its URL plus its revision, so an unchanged file can be copied
// from the previous cache instead of downloaded again.
const entries = new Map(
  PRECACHE.files.map((f) => {
    const url = new URL(f.path, scope).href;
    return [url, { ...f, url, key: url + (url.includes('?') ? '&' : '?') + 'rev=' + f.rev }];
  }),
);
const page = new URL('./', scope).href;
const pageFile = new URL('./index.html', scope).href;

async function sha256(buffer) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function install() {
  const cache = await caches.open(CACHE);
  for (const e of entries.values()) {
    const old = await caches.match(e.key);
    if (e.lazy && !old) continue;
    if (old) {
      await cache.put(e.key, old);
      continue;
    }
    // `no-cache`: revalidated with the server (a 304 when the HTTP cache holds these bytes).
    const res = await fetch(e.url, { cache: e.hashed ? 'default' : 'no-cache' });
    if (!res.ok) throw new Error(`${e.path}: HTTP ${res.status}`);
    const body = await res.arrayBuffer();
    // A deploy between the page and this worker would mix two builds: refuse, retry later.
    if (!(await sha256(body)).startsWith(e.rev)) throw new Error(`${e.path}: not revision ${e.rev}`);
    const headers = new Headers(res.headers);
    headers.delete('content-encoding');
    headers.delete('content-length');
    await cache.put(e.key, new Response(body, { status: 200, headers }));
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(install().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

const fromCache = (e) => caches.open(CACHE).then((c) => c.match(e.key));

async function networkFirst(request, e) {
  try {
    const res = await fetch(request);
    // A file the page loads only on use (search.js): cached when it is first used online.
    if (e.lazy && res.ok) {
      const copy = res.clone();
      caches.open(CACHE).then((c) => c.put(e.key, copy)).catch(() => {});
    }
    return res;
  } catch (err) {
    const hit = await fromCache(e);
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request, e) {
  const hit = await fromCache(e);
  if (hit) return hit;
  const res = await fetch(request);
  // A hashed file the page loads only on use (the full module): cached when first used.
  if (e.lazy && res.ok) {
    const copy = res.clone();
    caches.open(CACHE).then((c) => c.put(e.key, copy)).catch(() => {});
  }
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  url.hash = '';
  const bare = url.origin + url.pathname;
  // The page itself, with any query (?lang=, ?example=, ?embed=1): the network first.
  if (req.mode === 'navigate' && (bare === page || bare === pageFile)) {
    event.respondWith(networkFirst(req, entries.get(page)));
    return;
  }
  const e = url.search ? null : entries.get(bare);
  if (!e) return;
  event.respondWith(e.hashed ? cacheFirst(req, e) : networkFirst(req, e));
});
