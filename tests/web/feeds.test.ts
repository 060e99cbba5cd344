import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { parseAtomFeed, parseFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { PAGE_CACHE_CONTROL } from '../../src/web/caching.js';
import { SEED_FILE, startSite, type TestSite } from '../helpers/site.js';
import { createTestClock } from '../../src/shared/clock.js';
import { rawGet } from '../helpers/raw-get.js';

const SITE_URL = 'https://tin.example.vn';
const NOW = Date.parse('2024-05-01T03:00:00Z');
const RFC_822_VIETNAM =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0700$/;
const LUA_JPG =
  /^https:\/\/tin\.example\.vn\/media\/Th%E1%BB%9Di%20s%E1%BB%B1\/anh\/lua\.jpg\?v=[0-9a-f]{12}$/;
const ISO_VIETNAM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;

const ARTICLE_A = `---
title: Lúa xuân ở Bộc Bố
date: 2024-04-30T08:00:00
author: Hoàng Anh
image: anh/lua.jpg
tags: [Nông nghiệp, Pác Nặm]
---

Người dân Bộc Bố xuống đồng sớm.

![Ruộng lúa](anh/lua.jpg)
`;

async function files(): Promise<Record<string, string | Buffer>> {
  return {
    'Thời sự/lua-xuan.md': ARTICLE_A,
    'Thời sự/anh/lua.jpg': await sharp({
      create: { width: 1200, height: 800, channels: 3, background: '#6a4' },
    })
      .jpeg()
      .toBuffer(),
    // The district report, dated by front matter: a file's mtime would be after NOW.
    'Kinh tế/huyen-uy.txt': `---\ndate: 2024-04-28T09:00:00\n---\n${await fs.readFile(SEED_FILE, 'utf8')}`,
    'khong-chuyen-muc.md':
      '---\ntitle: Tin ngắn\ndate: 2024-04-29T10:15:00\n---\n\nMột tin ngắn.\n',
    'Thời sự/nhap.md': '---\ntitle: Bản nháp\ndraft: true\n---\n\nChưa đăng.\n',
    'Văn hóa/sap-dang.md':
      '---\ntitle: Sắp đăng\ndate: 2030-01-01T08:00:00\n---\n\nChưa tới giờ.\n',
  };
}

async function text(site: TestSite, path: string, type: string): Promise<string> {
  const response = await site.get(path);
  assert.equal(response.status, 200, path);
  assert.equal(response.headers.get('content-type'), type, path);
  assert.equal(response.headers.get('cache-control'), PAGE_CACHE_CONTROL, path);
  assert.ok(response.headers.get('last-modified'), path);
  return response.text();
}

describe('feeds', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({
      files: await files(),
      clock: createTestClock(NOW),
      siteUrl: SITE_URL,
    });
  });
  after(() => site?.close());

  it('serves RSS 2.0 with a self link, RFC 822 dates at +0700, permanent guids, dc:creator', async () => {
    const xml = await text(site, '/rss.xml', 'application/rss+xml; charset=utf-8');
    assert.equal(XMLValidator.validate(xml), true);
    const feed = parseRssFeed(xml);
    assert.equal(feed.language, 'vi');
    assert.equal(feed.link, `${SITE_URL}/`);
    assert.deepEqual(
      feed.atom?.links?.map((l) => [l.rel, l.href, l.type]),
      [['self', `${SITE_URL}/rss.xml`, 'application/rss+xml']],
    );
    const items = feed.items ?? [];
    assert.deepEqual(
      items.map((i) => i.title),
      [
        'Lúa xuân ở Bộc Bố',
        'Tin ngắn',
        'Huyện ủy Pác Nặm bám sát thực tiễn thực hiện nhiệm vụ trọng tâm',
      ],
      'newest first; drafts and scheduled articles stay out',
    );
    assert.equal(items.length, 3, 'drafts and scheduled articles stay out');
    for (const item of items) {
      assert.match(item.pubDate!, RFC_822_VIETNAM);
      assert.equal(item.guid?.isPermaLink, true);
      assert.equal(item.guid?.value, item.link);
      assert.match(item.link!, /^https:\/\/tin\.example\.vn\/[a-z0-9-]+-\d+\.html$/);
    }
    const lua = items[0]!;
    assert.equal(lua.pubDate, 'Tue, 30 Apr 2024 08:00:00 +0700');
    assert.deepEqual(lua.dc?.creators, ['Hoàng Anh']);
    assert.equal(lua.description, 'Người dân Bộc Bố xuống đồng sớm.');
    assert.deepEqual(
      lua.categories?.map((c) => c.name),
      ['Thời sự', 'Nông nghiệp', 'Pác Nặm'],
    );
    const body = cheerio.load(lua.content?.encoded ?? '');
    assert.match(body('img').attr('src')!, LUA_JPG, 'images in the body are absolute');
    for (const candidate of body('img').attr('srcset')!.split(', ')) {
      assert.ok(candidate.startsWith(`${SITE_URL}/media/`), `srcset candidate ${candidate}`);
    }
    const seed = items.find((i) => i.title?.startsWith('Huyện ủy'))!;
    assert.deepEqual(seed.dc?.creators, ['Nguyễn Nghĩa']);
  });

  it('serves Atom 1.0 with ids, +07:00 dates and authors', async () => {
    const xml = await text(site, '/atom.xml', 'application/atom+xml; charset=utf-8');
    assert.equal(XMLValidator.validate(xml), true);
    const feed = parseAtomFeed(xml);
    assert.ok(feed.links?.some((l) => l.rel === 'self' && l.href === `${SITE_URL}/atom.xml`));
    assert.ok(feed.links?.some((l) => l.rel === 'alternate' && l.href === `${SITE_URL}/`));
    assert.match(feed.updated!, ISO_VIETNAM);
    assert.ok(feed.authors?.[0]?.name, 'a feed-level author covers entries without a byline');
    const entries = feed.entries ?? [];
    assert.equal(entries.length, 3);
    for (const entry of entries) {
      assert.match(entry.id!, /^https:\/\/tin\.example\.vn\/[a-z0-9-]+-\d+\.html$/);
      assert.equal(entry.links?.[0]?.href, entry.id);
      assert.match(entry.updated!, ISO_VIETNAM);
      assert.match(entry.published!, ISO_VIETNAM);
    }
    assert.equal(entries[0]!.published, '2024-04-30T08:00:00+07:00');
    assert.deepEqual(
      entries[0]!.authors?.map((a) => a.name),
      ['Hoàng Anh'],
    );
  });

  it('serves JSON Feed 1.1', async () => {
    const json = await text(site, '/feed.json', 'application/feed+json; charset=utf-8');
    const raw = JSON.parse(json) as { version: string; language: string; feed_url: string };
    assert.equal(raw.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(raw.language, 'vi');
    const feed = parseJsonFeed(json);
    assert.equal(feed.feed_url, `${SITE_URL}/feed.json`);
    assert.equal(feed.home_page_url, `${SITE_URL}/`);
    const items = feed.items ?? [];
    assert.equal(items.length, 3);
    assert.equal(items[0]!.date_published, '2024-04-30T08:00:00+07:00');
    assert.deepEqual(
      items[0]!.authors?.map((a) => a.name),
      ['Hoàng Anh'],
    );
    assert.match(items[0]!.image!, LUA_JPG);
    for (const item of items) {
      assert.equal(item.id, item.url);
      assert.match(item.url!, /^https:\/\/tin\.example\.vn\//);
      assert.match(item.date_published!, ISO_VIETNAM);
    }
  });

  it('is recognised by a generic feed parser in each format', async () => {
    for (const [path, format] of [
      ['/rss.xml', 'rss'],
      ['/atom.xml', 'atom'],
      ['/feed.json', 'json'],
    ] as const) {
      assert.equal(parseFeed(await (await site.get(path)).text()).format, format, path);
    }
  });

  it('takes every absolute URL from SITE_URL, never from the Host header', async () => {
    for (const path of ['/rss.xml', '/atom.xml', '/feed.json', '/chuyen-muc/thoi-su/rss.xml']) {
      const { status, body } = await rawGet(site.url, path, {
        host: 'evil.example:8080',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'http',
      });
      assert.equal(status, 200, path);
      assert.ok(!body.includes('evil.example'), path);
      assert.ok(!body.includes('127.0.0.1'), path);
      assert.ok(body.includes(`${SITE_URL}/`), path);
    }
  });

  it('has a feed per section, and 404 for a section without published articles', async () => {
    const feed = parseRssFeed(
      await text(site, '/chuyen-muc/thoi-su/rss.xml', 'application/rss+xml; charset=utf-8'),
    );
    assert.deepEqual(
      feed.items?.map((i) => i.title),
      ['Lúa xuân ở Bộc Bố'],
    );
    assert.match(feed.title!, /^Thời sự/);
    assert.equal(feed.link, `${SITE_URL}/chuyen-muc/thoi-su`);
    assert.equal(feed.atom?.links?.[0]?.href, `${SITE_URL}/chuyen-muc/thoi-su/rss.xml`);
    const atom = parseAtomFeed(
      await text(site, '/chuyen-muc/kinh-te/atom.xml', 'application/atom+xml; charset=utf-8'),
    );
    assert.equal(atom.entries?.length, 1);
    assert.ok(
      atom.links?.some(
        (l) => l.rel === 'self' && l.href === `${SITE_URL}/chuyen-muc/kinh-te/atom.xml`,
      ),
    );
    const json = parseJsonFeed(
      await text(site, '/chuyen-muc/kinh-te/feed.json', 'application/feed+json; charset=utf-8'),
    );
    assert.equal(json.feed_url, `${SITE_URL}/chuyen-muc/kinh-te/feed.json`);
    for (const path of [
      '/chuyen-muc/khong-co/rss.xml',
      '/chuyen-muc/van-hoa/atom.xml',
      '/chuyen-muc/khong-co/feed.json',
    ]) {
      assert.equal((await site.get(path)).status, 404, path);
    }
  });

  it('is linked from the head of every page', async () => {
    const home = cheerio.load(await (await site.get('/')).text());
    const article = home('.card__title a').first().attr('href')!;
    for (const path of ['/', article, '/tim-kiem?q=lua', '/khong-co']) {
      const $ = cheerio.load(await (await site.get(path)).text());
      const links = $('head link[rel="alternate"]')
        .map((_i, el) => `${$(el).attr('type')} ${$(el).attr('href')}`)
        .get();
      assert.deepEqual(
        links,
        [
          `application/rss+xml ${SITE_URL}/rss.xml`,
          `application/atom+xml ${SITE_URL}/atom.xml`,
          `application/feed+json ${SITE_URL}/feed.json`,
        ],
        path,
      );
    }
  });

  it('answers 304 to a reader that already has the current feed', async () => {
    const first = await rawGet(site.url, '/rss.xml');
    const etag = first.headers.etag!;
    assert.ok(etag);
    const again = await rawGet(site.url, '/rss.xml', { 'if-none-match': etag });
    assert.equal(again.status, 304);
  });
});

describe('feed guids', () => {
  it('stay the same when the article is edited and imported again', async () => {
    const site = await startSite({
      files: await files(),
      clock: createTestClock(NOW),
      siteUrl: SITE_URL,
    });
    try {
      const guidsOf = async () =>
        new Map(
          (parseRssFeed(await (await site.get('/rss.xml')).text()).items ?? []).map((i) => [
            i.guid?.value,
            i.description,
          ]),
        );
      const before = await guidsOf();
      await site.write(
        'Thời sự/lua-xuan.md',
        ARTICLE_A.replace('xuống đồng sớm', 'xuống đồng từ sáng sớm'),
      );
      await site.importer.sync({ settleMs: 0 });
      const after = await guidsOf();
      assert.deepEqual([...after.keys()], [...before.keys()]);
      const [luaGuid] = [...after.keys()];
      assert.equal(
        after.get(luaGuid),
        'Người dân Bộc Bố xuống đồng từ sáng sớm.',
        'the edit is in the feed',
      );
      const atomIds = (parseAtomFeed(await (await site.get('/atom.xml')).text()).entries ?? []).map(
        (e) => e.id,
      );
      assert.deepEqual(atomIds, [...before.keys()]);
    } finally {
      await site.close();
    }
  });
});

describe('feed summaries', () => {
  // A lead that quotes markup and uses "&" as Vietnamese ministries are written: all of it is
  // text, and every feed reader must show it as text.
  const LEAD = 'Bộ GD&ĐT nhắc: gõ <b>đậm</b> hay <script>alert(1)</script> trên mạng chỉ là chữ.';

  it('show the lead exactly as the editor typed it, in every format, in a reader that renders HTML', async () => {
    const site = await startSite({
      clock: createTestClock(NOW),
      siteUrl: SITE_URL,
      files: {
        'thong-bao.txt': `---\ndate: 2024-04-30T08:00:00\n---\nThông báo của Bộ\n\n${LEAD}\n`,
      },
    });
    try {
      // RSS readers render <description> as HTML (the RSS profile says so): what they show is the
      // text of that HTML, with no element in it.
      const description = parseRssFeed(await (await site.get('/rss.xml')).text()).items?.[0]
        ?.description;
      const shown = cheerio.load(description ?? '', null, false);
      assert.equal(
        shown.root().find('*').length,
        0,
        `no markup reaches the reader: ${description}`,
      );
      assert.equal(shown.root().text(), LEAD);

      const atom = parseAtomFeed(await (await site.get('/atom.xml')).text());
      assert.equal(atom.entries?.[0]?.summary?.value, LEAD);
      const json = parseJsonFeed(await (await site.get('/feed.json')).text());
      assert.equal(json.items?.[0]?.summary, LEAD);
    } finally {
      await site.close();
    }
  });
});
