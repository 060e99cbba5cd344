import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startSite, type TestSite } from '../helpers/site.js';
import { createTestClock } from '../../src/shared/clock.js';
import { rawGet } from '../helpers/raw-get.js';

const SITE_URL = 'https://tin.example.vn';
// 1 May 2024, 10:00 in Vietnam.
const NOW = Date.parse('2024-05-01T03:00:00Z');
const ISO_VIETNAM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;

const article = (title: string, date: string, extra = '') =>
  `---\ntitle: ${title}\ndate: ${date}\n${extra}---\n\nNội dung bài ${title}.\n`;

const FILES = {
  'a.md': article('Bài một', '2024-01-10T08:00:00', 'updated: 2024-02-01T09:30:00\n'),
  'b.md': article('Bài hai', '2024-03-10T08:00:00'),
  'c.md': article('Bài ba', '2024-04-29T11:00:00'), // 47 hours before NOW: in the news sitemap
  'd.md': article('Bài bốn', '2024-04-30T20:00:00'),
  'e.md': article('Bài năm', '2024-05-01T09:00:00'),
  'nhap.md': article('Bản nháp', '2024-04-30T08:00:00', 'draft: true\n'),
  'sap-dang.md': article('Sắp đăng', '2024-05-01T12:00:00'),
};

const parser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => ['sitemap', 'url'].includes(name),
});

interface Loc {
  loc: string;
  lastmod?: string;
}

async function xml(site: TestSite, path: string) {
  const response = await site.get(path);
  assert.equal(response.status, 200, path);
  assert.equal(response.headers.get('content-type'), 'application/xml; charset=utf-8', path);
  const text = await response.text();
  assert.equal(XMLValidator.validate(text), true, path);
  return parser.parse(text) as Record<string, Record<string, unknown>>;
}

describe('sitemaps', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({
      files: FILES,
      clock: createTestClock(NOW),
      siteUrl: SITE_URL,
      sitemapSize: 2,
    });
  });
  after(() => site?.close());

  it('lists the article sitemaps, split at the configured size, and the news sitemap', async () => {
    const index = await xml(site, '/sitemap.xml');
    const sitemaps = index.sitemapindex!.sitemap as Loc[];
    assert.equal(index.sitemapindex!['@_xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9');
    assert.deepEqual(
      sitemaps.map((s) => s.loc),
      [
        `${SITE_URL}/sitemaps/articles-1.xml`,
        `${SITE_URL}/sitemaps/articles-2.xml`,
        `${SITE_URL}/sitemaps/articles-3.xml`,
        `${SITE_URL}/sitemaps/news.xml`,
      ],
    );
    assert.equal(sitemaps[0]!.lastmod, '2024-03-10T08:00:00+07:00');
    for (const s of sitemaps.slice(0, 3)) assert.match(s.lastmod!, ISO_VIETNAM);
  });

  it('puts every published article in exactly one article sitemap, with lastmod at +07:00', async () => {
    const all: Loc[] = [];
    for (const n of [1, 2, 3]) {
      const urls = (await xml(site, `/sitemaps/articles-${n}.xml`)).urlset!.url as Loc[];
      assert.ok(urls.length <= 2, `articles-${n}.xml holds at most the split size`);
      all.push(...urls);
    }
    assert.equal(all.length, 5, 'drafts and scheduled articles stay out');
    for (const u of all) {
      assert.match(u.loc, /^https:\/\/tin\.example\.vn\/bai-[a-z-]+-\d+\.html$/);
      assert.match(u.lastmod!, ISO_VIETNAM);
    }
    const first = all.find((u) => u.loc.includes('/bai-mot-'))!;
    assert.equal(first.lastmod, '2024-02-01T09:30:00+07:00', 'lastmod is the last edit');
    assert.equal((await site.get('/sitemaps/articles-4.xml')).status, 404);
    assert.equal((await site.get('/sitemaps/articles-0.xml')).status, 404);
    assert.equal((await site.get('/sitemaps/articles-x.xml')).status, 404);
  });

  it('lists the last two days in the Google News sitemap', async () => {
    const news = await xml(site, '/sitemaps/news.xml');
    assert.equal(news.urlset!['@_xmlns:news'], 'http://www.google.com/schemas/sitemap-news/0.9');
    const urls = news.urlset!.url as {
      loc: string;
      'news:news': {
        'news:publication': { 'news:name': string; 'news:language': string };
        'news:publication_date': string;
        'news:title': string;
      };
    }[];
    assert.deepEqual(
      urls.map((u) => u['news:news']['news:title']),
      ['Bài năm', 'Bài bốn', 'Bài ba'],
    );
    for (const u of urls) {
      assert.equal(u['news:news']['news:publication']['news:name'], 'Tin Thử');
      assert.equal(u['news:news']['news:publication']['news:language'], 'vi');
      assert.match(u['news:news']['news:publication_date'], ISO_VIETNAM);
    }
    assert.equal(urls[0]!['news:news']['news:publication_date'], '2024-05-01T09:00:00+07:00');
  });

  it('takes URLs from SITE_URL whatever the Host header says', async () => {
    for (const path of [
      '/sitemap.xml',
      '/sitemaps/articles-1.xml',
      '/sitemaps/news.xml',
      '/robots.txt',
    ]) {
      const { status, body } = await rawGet(site.url, path, { host: 'evil.example' });
      assert.equal(status, 200, path);
      assert.ok(!body.includes('evil.example'), path);
      assert.ok(body.includes(SITE_URL), path);
    }
  });

  it('serves robots.txt allowing everything and pointing to the sitemap', async () => {
    const response = await site.get('/robots.txt');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/plain/);
    const lines = (await response.text()).split('\n');
    assert.ok(lines.includes('User-agent: *'));
    assert.ok(lines.includes('Allow: /'));
    assert.ok(!lines.some((l) => /^Disallow:\s*\/\s*$/.test(l)));
    assert.ok(lines.includes(`Sitemap: ${SITE_URL}/sitemap.xml`));
  });
});

describe('the Google News sitemap', () => {
  it('holds at most 1,000 articles', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1005; i++) {
      const minute = String(i % 60).padStart(2, '0');
      const hour = String(Math.floor(i / 60) % 24).padStart(2, '0');
      files[`bai-${i}.md`] =
        `---\ntitle: Tin số ${i}\ndate: 2024-04-30T${hour}:${minute}:00\n---\n\nTin.\n`;
    }
    const site = await startSite({ files, clock: createTestClock(NOW), siteUrl: SITE_URL });
    try {
      const news = await xml(site, '/sitemaps/news.xml');
      assert.equal((news.urlset!.url as unknown[]).length, 1000);
    } finally {
      await site.close();
    }
  });
});
