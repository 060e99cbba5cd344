/* global RULES */
// Keeps the pages a reader opened readable with no signal. Served at /service-worker.js with
// RULES written above it by src/web/service-worker.ts: the site's routes (which addresses are
// articles and listings, which query parameters each reads), the offline page, the versioned
// assets, and the version, a hash of all of it and of this file: a new release's worker has
// new cache names, and deletes the old caches when it takes over.
'use strict';

// On 3G a live page is better, but a dead connection must not leave the reader waiting.
const NETWORK_TIMEOUT_MS = 4000;
// A request that never ends is given up, so that it does not keep the worker alive.
const NETWORK_LIMIT_MS = 60_000;
const MAX_ARTICLES = 30;
const MAX_LISTINGS = 20;
const MAX_REDIRECTS = 100;

const CACHES = {
  // The offline page and the versioned assets.
  shell: `tin-shell-${RULES.version}`,
  pages: `tin-pages-${RULES.version}`,
  images: `tin-images-${RULES.version}`,
  // What is saved: each page's kind, title, times and pictures, and old addresses' targets.
  index: `tin-index-${RULES.version}`,
};
const INDEX_KEY = '/.tin/index.json';
const ROUTES = RULES.routes.map((route) => ({ ...route, pattern: new RegExp(route.pattern, 'i') }));

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // Fails the install, and so leaves the site as it is without a worker, when storage is
      // full or refused: a worker without its offline page would only show the browser's error.
      const shell = await caches.open(CACHES.shell);
      await shell.addAll(RULES.precache.map((url) => new Request(url, { cache: 'no-cache' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await deleteOthers();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Another site's answers are never touched, let alone kept.
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Should the worker itself fail, the reader gets what the network gives, as without it.
    event.respondWith(navigate(event, url).catch(() => fetch(request)));
  } else if (url.pathname.startsWith(RULES.assetsPrefix) && url.searchParams.has('v')) {
    event.respondWith(asset(event));
  } else if (request.destination === 'image') {
    event.respondWith(image(event));
  }
});

// A page that loaded before the worker controlled it (the first one a reader opens) is kept
// once the worker takes over, with the pictures it shows: public/article.js says which.
self.addEventListener('message', (event) => {
  const client = event.source;
  if (event.data?.type !== 'shown' || !client || !Array.isArray(event.data.images)) return;
  event.waitUntil(keepShown(client.url, event.data.images).catch(noop));
});

/** { key, kind } of a page of the site: "/bai-1.html?utm_source=x" → "/bai-1.html", article. */
function pageOf(href) {
  const url = new URL(href);
  const route = ROUTES.find((r) => r.pattern.test(url.pathname));
  if (!route) return undefined;
  const kept = new URLSearchParams();
  for (const name of route.query) {
    for (const value of url.searchParams.getAll(name)) kept.append(name, value);
  }
  const query = kept.toString();
  return { key: url.pathname + (query ? `?${query}` : ''), kind: route.kind };
}

const isSaved = (page) => page?.kind === 'article' || page?.kind === 'listing';

/** Network first; past the timeout or without a network, the saved copy, else the offline page. */
async function navigate(event, url) {
  const page = pageOf(url.href);
  if (page?.kind === 'offline') return offlinePage();
  const key = page?.key ?? url.pathname + url.search;
  const network = fetchWithin(new Request(event.request, { redirect: 'follow' }));
  // Whatever the network gives is kept, even after the saved copy has been shown. The pictures
  // that start loading meanwhile wait for it (see attach).
  const kept = network.then((response) => keep(key, page, response.clone()));
  saving.set(key, kept);
  event.waitUntil(kept.catch(noop).finally(() => saving.get(key) === kept && saving.delete(key)));
  const saved = await findSaved(key).catch(noop);
  const waited = saved?.now ? undefined : saved ? Promise.race([network, timeout()]) : network;
  const answer = await waited?.catch(noop);
  // An origin that is down (nginx's 502 to 504) is no better than no network.
  if (answer && !(saved && answer.status >= 500)) {
    // A navigation refuses an answer that followed a redirect: the browser follows it itself.
    return answer.redirected ? Response.redirect(answer.url, 301) : answer;
  }
  if (saved) return saved.answer().catch(() => offlinePage());
  return offlinePage();
}
const saving = new Map();

/** Keeps a page as the reader got it, or forgets it once removed; nothing else is ever kept. */
async function keep(key, page, response) {
  if (response.redirected) {
    // An old address: offline, it leads to the page it led to online.
    const target = pageOf(response.url);
    if (!isSaved(target)) return;
    return changeIndex((index) => {
      index.redirects.delete(key);
      index.redirects.set(key, target.key);
      for (const old of [...index.redirects.keys()].slice(0, -MAX_REDIRECTS)) {
        index.redirects.delete(old);
      }
    });
  }
  if (!isSaved(page)) return;
  if (response.status === 404 || response.status === 410) return forget(page.key);
  const type = response.headers.get('content-type') ?? '';
  if (!isKeepable(response) || !/^text\/html\b/i.test(type)) return;
  const html = await response.text();
  const headers = new Headers(response.headers);
  for (const name of ['content-encoding', 'content-length', 'transfer-encoding']) {
    headers.delete(name);
  }
  await changeIndex(async (index) => {
    await (await openOwn(CACHES.pages)).put(page.key, new Response(html, { headers }));
    const now = Date.now();
    // A corrected article starts again with the pictures this visit shows.
    index.pages.set(page.key, {
      kind: page.kind,
      title: titleOf(html),
      savedAt: now,
      readAt: now,
      images: [],
    });
    await evict(index);
  });
}

/**
 * The saved copy of `key`, or a redirect to the saved page `key` led to, ready to answer with;
 * `now` when the network was found missing a moment ago and need not be waited for again.
 */
async function findSaved(key) {
  const index = await readIndex();
  const target = index.redirects.get(key);
  if (target !== undefined && index.pages.has(target)) {
    return {
      now: false,
      async answer() {
        // The browser follows the redirect at once: that navigation need not wait again.
        answerSavedNext.set(target, Date.now());
        return Response.redirect(target, 301);
      },
    };
  }
  const meta = index.pages.get(key);
  if (!meta) return undefined;
  const marked = answerSavedNext.get(key);
  answerSavedNext.delete(key);
  return {
    now: marked !== undefined && Date.now() - marked < NETWORK_TIMEOUT_MS,
    async answer() {
      const copy = await caches.match(key, { cacheName: CACHES.pages });
      if (!copy) return offlinePage();
      void changeIndex((index) => {
        const page = index.pages.get(key);
        if (page) page.readAt = Date.now();
      }).catch(noop);
      const note =
        `<p class="saved-copy" role="status"><strong>Bản lưu lúc ${savedAt(meta.savedAt)}</strong>. ` +
        'Không tải được bản mới nhất: đây là bản đã lưu trên máy của bạn.</p>';
      const html = (await copy.text()).replace(/<main\b[^>]*>/, (main) => `${main}\n${note}`);
      return new Response(html, { headers: withoutValidators(copy.headers) });
    },
  };
}
const answerSavedNext = new Map();

/** The offline page saved at install, listing the articles this reader has, newest first. */
async function offlinePage() {
  try {
    const page = await caches.match(RULES.offlinePath, { cacheName: CACHES.shell });
    if (!page) return Response.error();
    const index = await readIndex();
    const articles = [...index.pages]
      .filter(([, meta]) => meta.kind === 'article')
      .sort(([, a], [, b]) => b.savedAt - a.savedAt);
    let html = await page.text();
    if (articles.length > 0) {
      const items = articles.map(
        ([key, meta]) =>
          `<li><a href="${escapeHtml(key)}">${escapeHtml(meta.title)}</a> ` +
          `<span class="saved__time">lưu lúc ${savedAt(meta.savedAt)}</span></li>`,
      );
      html = html.replace(
        /(<div id="bai-da-luu"[^>]*>)[\s\S]*?(<\/div>)/,
        (_, open, close) => `${open}<ol>${items.join('')}</ol>${close}`,
      );
    }
    return new Response(html, { headers: withoutValidators(page.headers) });
  } catch {
    return Response.error();
  }
}

/** Versioned assets never change: the saved one, else the network's, kept. */
async function asset(event) {
  const shell = await openOwn(CACHES.shell).catch(noop);
  const saved = await shell?.match(event.request);
  if (saved) return saved;
  const response = await fetch(event.request);
  // An old version's URL is answered with today's file, which is not kept under it.
  const immutable = /\bimmutable\b/.test(response.headers.get('cache-control') ?? '');
  if (shell && immutable && isKeepable(response)) {
    event.waitUntil(shell.put(event.request, response.clone()).catch(noop));
  }
  return response;
}

/** Pictures are kept only as an article showed them: the size and format this browser chose. */
async function image(event) {
  const url = event.request.url;
  const owner = ownerOf(event.clientId);
  const saved = await caches.match(url, { cacheName: CACHES.images }).catch(noop);
  if (saved) {
    // Kept again with the article: saving the article anew starts its pictures afresh, which
    // would otherwise delete this one while the reader is looking at it.
    const copy = saved.clone();
    event.waitUntil(owner.then((key) => key && attach(key, url, copy)).catch(noop));
    return saved;
  }
  const response = await fetch(event.request);
  if (isKeepable(response)) {
    const copy = response.clone();
    event.waitUntil(owner.then((key) => key && attach(key, url, copy)).catch(noop));
  }
  return response;
}

/** The key of the article the client shows, if it is an article. */
async function ownerOf(clientId) {
  const client = clientId ? await self.clients.get(clientId) : undefined;
  const page = client && pageOf(client.url);
  return page?.kind === 'article' ? page.key : undefined;
}

/** Records that the saved article `key` shows the picture `url`, keeping `response` if given. */
async function attach(key, url, response) {
  // The pictures start while their article is still arriving: it is saved first.
  await saving.get(key)?.catch(noop);
  return changeIndex(async (index) => {
    const page = index.pages.get(key);
    if (!page) return;
    if (response) await (await openOwn(CACHES.images)).put(url, response);
    if (!page.images.includes(url)) page.images.push(url);
  });
}

/** Keeps a page the worker did not see load, once, and the pictures it says it shows. */
async function keepShown(pageUrl, images) {
  const page = pageOf(pageUrl);
  if (!isSaved(page)) return;
  if (!(await readIndex()).pages.has(page.key)) {
    const kept = fetchWithin(new Request(pageUrl)).then((response) =>
      keep(page.key, page, response),
    );
    saving.set(page.key, kept);
    await kept.finally(() => saving.get(page.key) === kept && saving.delete(page.key));
  }
  if (page.kind !== 'article') return;
  for (const src of images) {
    const url = new URL(src, pageUrl);
    if (url.origin !== self.location.origin) continue;
    const response = await fetchWithin(new Request(url));
    if (isKeepable(response)) await attach(page.key, url.href, response);
  }
}

function forget(key) {
  return changeIndex(async (index) => {
    index.pages.delete(key);
    await evict(index);
  });
}

/** Least recently read out first, with the pictures that no article kept shows any more. */
async function evict(index) {
  for (const [kind, max] of [
    ['article', MAX_ARTICLES],
    ['listing', MAX_LISTINGS],
  ]) {
    const pages = [...index.pages]
      .filter(([, page]) => page.kind === kind)
      .sort(([, a], [, b]) => a.readAt - b.readAt);
    for (const [key] of pages.slice(0, -max)) index.pages.delete(key);
  }
  const pages = await openOwn(CACHES.pages);
  for (const request of await pages.keys()) {
    const url = new URL(request.url);
    if (!index.pages.has(url.pathname + url.search)) await pages.delete(request);
  }
  const shown = new Set([...index.pages.values()].flatMap((page) => page.images));
  const images = await openOwn(CACHES.images);
  for (const request of await images.keys()) {
    if (!shown.has(request.url)) await images.delete(request);
  }
}

// Changes to the index, one at a time: pictures arrive while their article is being saved.
let indexQueue = Promise.resolve();
function changeIndex(change) {
  const run = indexQueue.then(async () => {
    const index = await readIndex();
    await change(index);
    const saved = { pages: [...index.pages], redirects: [...index.redirects] };
    await (await openOwn(CACHES.index)).put(INDEX_KEY, new Response(JSON.stringify(saved)));
  });
  indexQueue = run.catch(noop);
  return run;
}

/**
 * One of this release's caches, to write to, while the release is still the site's: once a new
 * release's worker, the retiring one or a page retiring it has deleted the shell cache (always
 * the first deleted), an answer still in flight here must not make again a cache that nothing
 * would ever delete. A worker never deletes another's caches itself except when it activates:
 * until then a newer release may be installing, and its caches are not this one's to delete.
 */
async function openOwn(name) {
  if (!(await caches.has(CACHES.shell))) throw new Error('this worker has been replaced');
  const cache = await caches.open(name);
  // Replaced between the look and the opening: the opening made the cache again.
  if (!(await caches.has(CACHES.shell))) {
    await caches.delete(name);
    throw new Error('this worker has been replaced');
  }
  return cache;
}

/** Deletes every cache of the site that is not this release's: only as this worker activates. */
async function deleteOthers() {
  const own = new Set(Object.values(CACHES));
  for (const name of await caches.keys()) if (!own.has(name)) await caches.delete(name);
}

async function readIndex() {
  const saved = await caches.match(INDEX_KEY, { cacheName: CACHES.index });
  const { pages = [], redirects = [] } = saved ? await saved.json() : {};
  return { pages: new Map(pages), redirects: new Map(redirects) };
}

/** A 200 from this site, not redirected, that its sender lets anyone keep. */
function isKeepable(response) {
  return (
    response.status === 200 &&
    response.type === 'basic' &&
    !response.redirected &&
    !/\b(no-store|private)\b/i.test(response.headers.get('cache-control') ?? '')
  );
}

function fetchWithin(request) {
  return fetch(request, { signal: AbortSignal.timeout(NETWORK_LIMIT_MS) });
}

function timeout() {
  return new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS, undefined));
}

/** The page's own title, from its og:title (escaped by the page's template). */
function titleOf(html) {
  const match = /<meta property="og:title" content="([^"]*)">/.exec(html);
  return (match ? match[1] : '').replace(/&(amp|lt|gt|quot|#34|#39);/g, (e) => ENTITIES[e]);
}
const ENTITIES = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#34;': '"',
  '&#39;': "'",
};

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** "08:30, 26/03", in Vietnam time (GMT+7, no daylight saving) as every time on the site. */
function savedAt(ms) {
  const date = new Date(ms + 7 * 3600_000);
  const two = (n) => String(n).padStart(2, '0');
  return (
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}, ` +
    `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}`
  );
}

/** The headers of a copy changed on the way out: its length and validators no longer hold. */
function withoutValidators(original) {
  const headers = new Headers(original);
  for (const name of ['content-length', 'etag', 'last-modified']) headers.delete(name);
  return headers;
}

function noop() {
  return undefined;
}
