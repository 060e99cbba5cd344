import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { PUBLIC_DIR } from '../../src/paths.js';
import { PAGE_CACHE_CONTROL } from '../../src/web/caching.js';
import { siteCsp } from '../helpers/csp.js';
import { rawRequest } from '../helpers/raw-request.js';
import { articlePathOf, startSite, type TestSite } from '../helpers/site.js';

// Headers a cache stores with a response and must get again on a 304 (RFC 9111, 4.3.4).
const KEPT_ON_304 = ['etag', 'last-modified', 'vary', 'cache-control'];

describe('static files, answered as pages are', () => {
  let site: TestSite;
  let css: string;
  let home: string;
  before(async () => {
    site = await startSite({ files: { 'bai.txt': 'Bài một\n\nMở đầu của bài một.\n' } });
    const stylesheet = await fs.readFile(path.join(PUBLIC_DIR, 'site.css'));
    css = `/assets/site.css?v=${createHash('sha256').update(stylesheet).digest('hex').slice(0, 10)}`;
    home = (await site.request('/')).body;
  });
  after(() => site?.close());

  const get = (target: string, headers: Record<string, string> = {}) =>
    rawRequest(site.url, target, { headers });

  it('keeps Vary, the validators and Cache-Control on a 304 of the stylesheet', async () => {
    for (const encoding of ['br', 'gzip', 'identity']) {
      const ok = await get(css, { 'accept-encoding': encoding });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers['vary'], 'Accept-Encoding', encoding);
      assert.equal(ok.headers['cache-control'], 'public, max-age=31536000, immutable', encoding);
      assert.ok(ok.headers['last-modified'], 'Last-Modified');
      const revisit = await get(css, {
        'accept-encoding': encoding,
        'if-none-match': ok.headers.etag!,
      });
      assert.equal(revisit.status, 304, encoding);
      assert.equal(revisit.bytes.length, 0);
      for (const name of KEPT_ON_304) {
        assert.equal(revisit.headers[name], ok.headers[name], `${name} (${encoding})`);
      }
    }
  });

  it('gives each encoding its own strong ETag, and a 304 only for its own', async () => {
    const tags = new Map<string, string>();
    for (const encoding of ['br', 'gzip', 'identity']) {
      tags.set(encoding, (await get(css, { 'accept-encoding': encoding })).headers.etag!);
    }
    assert.equal(new Set(tags.values()).size, 3, [...tags.values()].join(' '));
    for (const tag of tags.values()) assert.match(tag, /^"[\w-]+"$/, 'strong');
    const other = await get(css, { 'accept-encoding': 'br', 'if-none-match': tags.get('gzip')! });
    assert.equal(other.status, 200, "gzip's tag does not validate the brotli copy");
  });

  it('answers HEAD with the headers GET sends, Content-Encoding included, and no body', async () => {
    for (const target of [css, '/robots.txt', '/service-worker.js', '/']) {
      const headers = { 'accept-encoding': 'gzip' };
      const got = await get(target, headers);
      const head = await rawRequest(site.url, target, { method: 'HEAD', headers });
      assert.equal(head.status, 200, target);
      assert.equal(head.bytes.length, 0, target);
      const withoutDate = (headers: Record<string, string>) =>
        Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'date'));
      assert.deepEqual(withoutDate(head.headers), withoutDate(got.headers), target);
    }
    const head = await rawRequest(site.url, css, {
      method: 'HEAD',
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(head.headers['content-encoding'], 'gzip');
  });

  it('sends the bytes of public/ in every encoding', async () => {
    const file = await fs.readFile(path.join(PUBLIC_DIR, 'site.css'));
    const br = await get(css, { 'accept-encoding': 'br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.ok(zlib.brotliDecompressSync(br.bytes).equals(file));
    const gzip = await get(css, { 'accept-encoding': 'gzip' });
    assert.ok(zlib.gunzipSync(gzip.bytes).equals(file));
    const plain = await get(css);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.ok(plain.bytes.equals(file));
    assert.equal(plain.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(plain.headers['x-content-type-options'], 'nosniff');
  });

  it('lets a cache keep an asset a year only at its current version', async () => {
    for (const target of ['/assets/site.css', '/assets/site.css?v=0123456789']) {
      const reply = await get(target);
      assert.equal(reply.status, 200, target);
      assert.equal(reply.headers['cache-control'], PAGE_CACHE_CONTROL, target);
      assert.ok(reply.headers.etag, target);
    }
  });

  it('sends a picture as it is, never compressed again', async () => {
    const logo = await get('/assets/logo.png', { 'accept-encoding': 'gzip, br' });
    assert.equal(logo.status, 200);
    assert.equal(logo.headers['content-type'], 'image/png');
    assert.equal(logo.headers['content-encoding'], undefined);
    assert.ok(logo.bytes.equals(await fs.readFile(path.join(PUBLIC_DIR, 'logo.png'))));
  });

  it('gives robots.txt an ETag, a 304 with Vary, and the caching headers of pages', async () => {
    const ok = await get('/robots.txt');
    assert.equal(ok.status, 200);
    assert.match(ok.headers.etag ?? '', /^"[\w-]+"$/);
    assert.equal(ok.headers['cache-control'], PAGE_CACHE_CONTROL);
    const revisit = await get('/robots.txt', { 'if-none-match': ok.headers.etag! });
    assert.equal(revisit.status, 304);
    for (const name of KEPT_ON_304) assert.equal(revisit.headers[name], ok.headers[name], name);
  });

  it('serves the service worker from the root, never kept without asking again', async () => {
    const worker = await get('/service-worker.js', { 'accept-encoding': 'gzip' });
    assert.equal(worker.status, 200);
    assert.equal(worker.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(worker.headers['cache-control'], 'no-cache');
    assert.ok(worker.headers.etag);
    const source = zlib.gunzipSync(worker.bytes).toString();
    assert.match(source, /^const RULES = \{.*"version":"[\w-]+"/);
    assert.equal(worker.headers['content-security-policy'], siteCsp(home));
    // Article pages register it from the site's own script, with no inline code; listings
    // paint with no script at all.
    const article = (await get((await articlePathOf(site, 'Bài một'))!)).body;
    const tag = /<script src="(\/assets\/article\.js\?v=\w+)" data-worker="([^"]+)" defer>/.exec(
      article,
    );
    assert.ok(tag, 'the article page loads the script');
    assert.equal(tag[2], '/service-worker.js');
    assert.equal((await get(tag[1]!)).status, 200);
    assert.doesNotMatch(home, /<script src=/);
  });

  it('answers an unknown asset with the 404 page', async () => {
    const missing = await get('/assets/khong-co.css');
    assert.equal(missing.status, 404);
    assert.match(missing.headers['content-type'] ?? '', /^text\/html/);
    assert.equal((await get('/assets/worker/service-worker.js')).status, 404);
  });
});
