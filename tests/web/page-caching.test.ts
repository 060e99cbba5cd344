import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { PUBLIC_DIR } from '../../src/paths.js';
import { siteCsp } from '../helpers/csp.js';
import { waitFor, WATCHER_WAIT_MS } from '../../harness/wait-for.js';
import { startSite, type TestSite } from '../helpers/site.js';
import { runCli } from '../helpers/cli.js';

const article = (title: string, date = '2024-04-20T08:00:00', lead = `Mở đầu bài ${title}.`) =>
  `---\ndate: ${date}\ntags: [Pác Nặm]\n---\n${title}\n\n${lead}\n\nThân bài.\n`;

const shows = async (site: TestSite, pathname: string, text: string) =>
  (await (await site.get(pathname)).text()).includes(text);

/** Reads the site makes for one request. */
async function readsFor(site: TestSite, pathname: string, headers?: Record<string, string>) {
  site.queries.length = 0;
  const res = await site.request(pathname, headers);
  return { res, reads: site.queries.length };
}

/** Counts the site's compressions until restored. */
function spyOnCompression() {
  const { gzip, brotliCompress } = zlib;
  const made = {
    gzip: 0,
    br: 0,
    restore() {
      zlib.gzip = gzip;
      zlib.brotliCompress = brotliCompress;
    },
  };
  zlib.gzip = ((...args: Parameters<typeof gzip>) => (made.gzip++, gzip(...args))) as typeof gzip;
  zlib.brotliCompress = ((...args: Parameters<typeof brotliCompress>) => (
    made.br++,
    brotliCompress(...args)
  )) as typeof brotliCompress;
  return made;
}

describe('the page cache', () => {
  it('renders a page once for readers who ask for it at the same moment', async () => {
    const site = await startSite({ files: { 'bai.txt': article('Bài một') } });
    // Each import drops every page: the moment a busy page is asked for by many readers at once.
    let n = 0;
    const publish = async () => {
      await site.write(`khac-${++n}.txt`, article(`Bài khác ${n}`));
      await site.importer.sync({ settleMs: 0 });
    };
    try {
      await publish();
      const alone = await readsFor(site, '/bai-mot-1.html');
      assert.equal(alone.res.status, 200);
      assert.ok(alone.reads > 0, 'a miss reads the database');
      await publish();
      site.queries.length = 0;
      const together = await Promise.all(
        Array.from({ length: 6 }, () => site.request('/bai-mot-1.html')),
      );
      for (const res of together) {
        assert.equal(res.status, 200);
        assert.equal(res.body, together[0]!.body);
      }
      assert.equal(site.queries.length, alone.reads, 'six readers, one render');
    } finally {
      await site.close();
    }
  });

  it('renders a page once for two identical requests', async () => {
    const site = await startSite({ files: { 'bai.txt': article('Bài một') } });
    try {
      const first = await readsFor(site, '/');
      const second = await readsFor(site, '/');
      assert.ok(first.reads > 0, 'the first request reads the database');
      assert.equal(second.reads, 0, 'the second is answered from memory');
      assert.equal(second.res.body, first.res.body);
      assert.equal(second.res.headers.etag, first.res.headers.etag);
      assert.equal(
        second.res.headers['content-security-policy'],
        first.res.headers['content-security-policy'],
        "helmet's headers come with the cached page",
      );
    } finally {
      await site.close();
    }
  });

  it('lets tracking parameters neither split nor poison an entry', async () => {
    const site = await startSite({ files: { 'bai.txt': article('Bài một') } });
    try {
      const tracked = await readsFor(site, '/?utm_source=zalo&fbclid=%3Cscript%3E');
      assert.equal(tracked.res.status, 200);
      assert.doesNotMatch(tracked.res.body, /fbclid|utm_source|script%3E/);
      const plain = await readsFor(site, '/');
      assert.equal(plain.reads, 0, 'the plain URL hits the entry the tracked one made');
      assert.equal(plain.res.body, tracked.res.body);
      const other = await readsFor(site, '/?utm_campaign=tet&gclid=1');
      assert.equal(other.reads, 0);
    } finally {
      await site.close();
    }
  });

  it('answers If-None-Match with a 304 from the cache carrying the 200 ETag', async () => {
    const site = await startSite({ files: { 'bai.txt': article('Bài một') } });
    try {
      const browser = { 'accept-encoding': 'gzip, br' };
      const ok = await site.request('/bai-mot-1.html', browser);
      assert.equal(ok.status, 200);
      const again = await readsFor(site, '/bai-mot-1.html', {
        ...browser,
        'if-none-match': String(ok.headers.etag),
      });
      assert.equal(again.res.status, 304);
      assert.equal(again.res.headers.etag, ok.headers.etag);
      assert.equal(again.res.headers['last-modified'], ok.headers['last-modified']);
      assert.equal(again.res.headers['cache-control'], ok.headers['cache-control']);
      assert.equal(again.res.headers.vary, 'Accept-Encoding');
      assert.equal(again.reads, 0);
    } finally {
      await site.close();
    }
  });

  it('sends HEAD with the headers GET sends, compression included', async () => {
    const site = await startSite({ files: { 'bai.txt': article('Bài một') } });
    try {
      for (const encoding of ['gzip', 'br', 'identity']) {
        const headers = { 'accept-encoding': encoding };
        const get = await fetch(`${site.url}/`, { headers });
        const head = await fetch(`${site.url}/`, { method: 'HEAD', headers });
        await get.arrayBuffer();
        const expected = encoding === 'identity' ? null : encoding;
        assert.equal(get.headers.get('content-encoding'), expected);
        for (const name of ['content-encoding', 'content-length', 'etag', 'vary', 'content-type']) {
          assert.equal(head.headers.get(name), get.headers.get(name), `${encoding}: ${name}`);
        }
      }
    } finally {
      await site.close();
    }
  });

  it('compresses a page only in the encoding its reader gets when nothing keeps it', async () => {
    const site = await startSite({ pageCacheMb: 0, files: { 'bai.txt': article('Bài một') } });
    const made = spyOnCompression();
    try {
      const res = await site.request('/bai-mot-1.html', { 'accept-encoding': 'gzip, br' });
      assert.equal(res.headers['content-encoding'], 'br');
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual({ gzip: made.gzip, br: made.br }, { gzip: 0, br: 1 });
    } finally {
      made.restore();
      await site.close();
    }
  });

  it('has every encoding of a kept page ready, so a hit compresses nothing', async () => {
    const site = await startSite({ files: { 'bai.txt': article('Bài một') } });
    const made = spyOnCompression();
    try {
      const miss = await readsFor(site, '/bai-mot-1.html', { 'accept-encoding': 'gzip' });
      assert.ok(miss.reads > 0, 'a miss');
      assert.equal(miss.res.headers['content-encoding'], 'gzip');
      await new Promise((resolve) => setImmediate(resolve));
      made.gzip = made.br = 0;
      const hit = await readsFor(site, '/bai-mot-1.html', { 'accept-encoding': 'br' });
      assert.equal(hit.reads, 0, 'a hit');
      assert.equal(hit.res.headers['content-encoding'], 'br');
      assert.deepEqual({ gzip: made.gzip, br: made.br }, { gzip: 0, br: 0 });
      assert.equal(
        zlib.brotliDecompressSync(hit.res.bytes).toString(),
        zlib.gunzipSync(miss.res.bytes).toString(),
      );
    } finally {
      made.restore();
      await site.close();
    }
  });

  it('answers a revalidation it must render again with a 304 and no compression', async () => {
    const site = await startSite({ pageCacheMb: 0, files: { 'bai.txt': article('Bài một') } });
    const made = spyOnCompression();
    try {
      const browser = { 'accept-encoding': 'gzip' };
      const ok = await site.request('/bai-mot-1.html', browser);
      made.gzip = made.br = 0;
      const again = await readsFor(site, '/bai-mot-1.html', {
        ...browser,
        'if-none-match': String(ok.headers.etag),
      });
      assert.ok(again.reads > 0, 'rendered again');
      assert.equal(again.res.status, 304);
      assert.deepEqual({ gzip: made.gzip, br: made.br }, { gzip: 0, br: 0 });
    } finally {
      made.restore();
      await site.close();
    }
  });

  it('shows an edit on a warm page (the watcher)', async () => {
    const site = await startSite({ watch: true, files: { 'bai.txt': article('Bài một') } });
    try {
      assert.ok(await shows(site, '/bai-mot-1.html', 'Mở đầu bài Bài một.'));
      await readsFor(site, '/');
      assert.equal((await readsFor(site, '/')).reads, 0, 'warm');
      await site.write('bai.txt', article('Bài một', undefined, 'Mở đầu đã sửa.'));
      await waitFor(
        async () => shows(site, '/bai-mot-1.html', 'Mở đầu đã sửa.'),
        WATCHER_WAIT_MS,
        'the edit on the article page',
      );
      await waitFor(
        async () => shows(site, '/', 'Mở đầu đã sửa.'),
        WATCHER_WAIT_MS,
        'the edit on the home page',
      );
    } finally {
      await site.close();
    }
  });

  it('shows an import by another process on a warm page', async () => {
    const site = await startSite({ files: { 'bai.txt': article('Bài một') } });
    try {
      assert.ok(await shows(site, '/bai-mot-1.html', 'Mở đầu bài Bài một.'));
      assert.equal((await readsFor(site, '/bai-mot-1.html')).reads, 0, 'warm');
      await site.write('bai.txt', article('Bài một', undefined, 'Nhập từ dòng lệnh.'));
      await site.write('bai-hai.txt', article('Bài hai', '2024-04-21T08:00:00'));
      const imported = await runCli('import.ts', {
        CONTENT_DIR: site.contentDir,
        DATABASE_PATH: site.databasePath,
      });
      assert.equal(imported.code, 0, imported.stdout);
      await waitFor(
        async () => shows(site, '/bai-mot-1.html', 'Nhập từ dòng lệnh.'),
        WATCHER_WAIT_MS,
        'the import on the cached article',
      );
      assert.ok(await shows(site, '/bai-hai-2.html', 'Mở đầu bài Bài hai.'));
    } finally {
      await site.close();
    }
  });

  it('turns a cached 404 into the article once its file appears', async () => {
    const site = await startSite({ watch: true, files: { 'bai.txt': article('Bài một') } });
    try {
      assert.equal((await site.get('/bai-moi-2.html')).status, 404);
      assert.equal((await site.get('/bai-moi-2.html')).status, 404);
      await site.write('moi.txt', article('Bài mới'));
      await waitFor(
        async () => (await site.get('/bai-moi-2.html')).status === 200,
        WATCHER_WAIT_MS,
        'the new article',
      );
    } finally {
      await site.close();
    }
  });

  it('shows a scheduled article at its second on a warm cache, on the real clock', async () => {
    const site = await startSite({ files: { 'cu.txt': article('Bài cũ') } });
    try {
      // Dated from when the site is up, so however long it took to start, it is not due yet.
      const due = new Date(Date.now() + 1500);
      await site.write(
        'sap-dang.txt',
        `---\ndate: ${due.toISOString()}\n---\nSắp đăng\n\nMở đầu.\n`,
      );
      await site.importer.sync({ settleMs: 0 });
      assert.doesNotMatch((await site.request('/')).body, /Sắp đăng/);
      assert.equal((await readsFor(site, '/')).reads, 0, 'warm');
      await waitFor(async () => Date.now() >= due.getTime(), 3000, 'the publication time');
      assert.match((await site.request('/')).body, /Sắp đăng/);
      assert.equal((await site.request('/sap-dang-2.html')).status, 200);
    } finally {
      await site.close();
    }
  });

  it('never keeps a server error', async () => {
    let failing = true;
    const site = await startSite({
      files: { 'bai.txt': article('Bài một') },
      // The database fails the article's reads, as a full disk or a lock timeout would.
      reads: (db) => ({
        ...db,
        get: (sql, params) =>
          failing && sql.includes('article_bodies')
            ? Promise.reject(new Error('SQLITE_BUSY: database is locked'))
            : db.get(sql, params),
      }),
    });
    try {
      const failed = await site.request('/bai-mot-1.html');
      assert.equal(failed.status, 500);
      assert.equal(failed.headers['cache-control'], 'no-store');
      failing = false;
      assert.equal((await site.request('/bai-mot-1.html')).status, 200);
    } finally {
      await site.close();
    }
  });

  it('puts an edited stylesheet in every page, allowed by its new hash, after a restart', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-test-'));
    const contentDir = path.join(root, 'content');
    const publicDir = path.join(root, 'public');
    await fs.mkdir(contentDir);
    await fs.cp(PUBLIC_DIR, publicDir, { recursive: true });
    await fs.writeFile(path.join(contentDir, 'bai.txt'), article('Bài một'));
    const databasePath = path.join(root, 'site.db');
    // One process of the site: serve the home page twice (the second from the cache), stop.
    const serve = async () => {
      const site = await startSite({ contentDir, databasePath, publicDir });
      const pages = [await site.request('/'), await site.request('/')];
      await site.close();
      return pages.map((p) => {
        const policy = p.headers['content-security-policy'];
        assert.equal(policy, siteCsp(p.body), "the policy allows exactly the page's style");
        return { style: /<style>([\s\S]*?)<\/style>/.exec(p.body)![1]!, policy };
      });
    };
    try {
      const [before, beforeCached] = await serve();
      assert.match(before!.style, /\.masthead\{border-top:4px solid var\(--accent\)\}/);
      assert.deepEqual(beforeCached, before);
      await fs.appendFile(
        path.join(publicDir, 'site.css'),
        '\n.masthead { border-top-width: 6px; }\n',
      );
      const [after, afterCached] = await serve();
      assert.match(after!.style, /\.masthead\{border-top-width:6px\}$/, 'the edit is in the page');
      assert.notEqual(after!.policy, before!.policy, 'with a new hash in the policy');
      assert.deepEqual(afterCached, after);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

describe('two servers built from the same files', () => {
  it('send byte-identical pages with the same ETag and Last-Modified', async () => {
    const files = {
      'Thời sự/bai-mot.md': article('Bài một'),
      'Kinh tế/bai-hai.md': article('Bài hai', '2024-04-22T09:30:00'),
      'bai-ba.txt': '---\ndate: 2024-04-23T10:00:00\ntags: [Pác Nặm]\n---\nBài ba\n\nMở đầu.\n',
    };
    const one = await startSite({ files });
    // Built later, by a different process start: nothing of that may reach the pages.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const two = await startSite({ files });
    try {
      const articleUrl = /href="(\/bai-mot-\d+\.html)"/.exec(
        await (await one.get('/')).text(),
      )![1]!;
      for (const pathname of [
        '/',
        articleUrl,
        '/chuyen-muc/thoi-su',
        '/chu-de/pac-nam',
        '/rss.xml',
        '/sitemap.xml',
        '/tim-kiem?q=bai',
      ]) {
        const headers = { 'accept-encoding': 'gzip' };
        const [a, b] = [await one.request(pathname, headers), await two.request(pathname, headers)];
        assert.equal(a.status, 200, pathname);
        assert.equal(a.body, b.body, pathname);
        assert.equal(a.headers.etag, b.headers.etag, pathname);
        assert.equal(a.headers['last-modified'], b.headers['last-modified'], pathname);
      }
    } finally {
      await one.close();
      await two.close();
    }
  });
});
