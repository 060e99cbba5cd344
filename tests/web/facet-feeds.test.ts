import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { parseAtomFeed, parseFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { startSite, type TestSite } from '../helpers/site.js';
import { createTestClock } from '../../src/shared/clock.js';

const SITE_URL = 'https://tin.example.vn';
const NOW = Date.parse('2024-05-01T03:00:00Z');

const article = (title: string, front: string) =>
  `---\ntitle: ${title}\n${front}\n---\n\nMở đầu bài ${title}.\n`;

// Two tags and two authors across two sections, with a draft and a scheduled article that each
// would belong to them, and a tag and an author that only a scheduled article has so far.
const FILES = {
  'Thời sự/lua-xuan.md': article(
    'Lúa xuân',
    'date: 2024-04-28T08:00:00\ntags: [Nông nghiệp]\nauthor: Hoàng Anh',
  ),
  'Kinh tế/gia-lua.md': article(
    'Giá lúa',
    'date: 2024-04-30T08:00:00\ntags: [Nông nghiệp, Pác Nặm]\nauthor: Nguyễn Nghĩa',
  ),
  'Thời sự/truong-hoc.md': article(
    'Trường học',
    'date: 2024-04-29T08:00:00\ntags: [Giáo dục]\nauthor: Hoàng Anh',
  ),
  'nhap.md': article('Bản nháp', 'draft: true\ntags: [Nông nghiệp]\nauthor: Hoàng Anh'),
  'hen-gio.md': article(
    'Hẹn giờ',
    'date: 2030-01-01T08:00:00\ntags: [Nông nghiệp, Sắp có]\nauthor: Người Mới',
  ),
};

/** Atom's titles are text constructs, `{ value }`; the other formats give a plain string. */
const textOf = (title: unknown): string | undefined =>
  typeof title === 'string' ? title : (title as { value?: string } | undefined)?.value;

const FORMATS = [
  ['rss.xml', 'application/rss+xml'],
  ['atom.xml', 'application/atom+xml'],
  ['feed.json', 'application/feed+json'],
] as const;

describe('tag and author feeds', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ files: FILES, clock: createTestClock(NOW), siteUrl: SITE_URL });
  });
  after(() => site?.close());

  async function feedText(path: string): Promise<string> {
    const response = await site.get(path);
    assert.equal(response.status, 200, path);
    return response.text();
  }

  /** Titles in each format, checking that all three agree and point to themselves. */
  async function entries(basePath: string): Promise<{ titles: string[]; title: string }> {
    const rss = parseRssFeed(await feedText(`${basePath}/rss.xml`));
    const atom = parseAtomFeed(await feedText(`${basePath}/atom.xml`));
    const json = parseJsonFeed(await feedText(`${basePath}/feed.json`));
    assert.deepEqual(
      rss.atom?.links?.filter((l) => l.rel === 'self').map((l) => l.href),
      [`${SITE_URL}${basePath}/rss.xml`],
    );
    assert.deepEqual(
      atom.links?.filter((l) => l.rel === 'self').map((l) => l.href),
      [`${SITE_URL}${basePath}/atom.xml`],
    );
    assert.equal(json.feed_url, `${SITE_URL}${basePath}/feed.json`);
    assert.equal(rss.link, SITE_URL + basePath, 'the feed links to its listing page');
    assert.equal(json.home_page_url, SITE_URL + basePath);
    const titles = (rss.items ?? []).map((i) => i.title!);
    assert.deepEqual(
      (atom.entries ?? []).map((e) => textOf(e.title)),
      titles,
    );
    assert.deepEqual(
      (json.items ?? []).map((i) => i.title),
      titles,
    );
    assert.equal(textOf(atom.title), rss.title);
    assert.equal(json.title, rss.title);
    return { titles, title: rss.title! };
  }

  it("lists a tag's published articles only, newest first", async () => {
    const { titles, title } = await entries('/chu-de/nong-nghiep');
    assert.deepEqual(titles, ['Giá lúa', 'Lúa xuân']);
    assert.equal(title, 'Chủ đề: Nông nghiệp | Tin Thử');
    assert.deepEqual((await entries('/chu-de/giao-duc')).titles, ['Trường học']);
  });

  it("lists an author's published articles only, newest first", async () => {
    const { titles, title } = await entries('/tac-gia/hoang-anh');
    assert.deepEqual(titles, ['Trường học', 'Lúa xuân']);
    assert.equal(title, 'Tác giả: Hoàng Anh | Tin Thử');
    assert.deepEqual((await entries('/tac-gia/nguyen-nghia')).titles, ['Giá lúa']);
  });

  it('serves each format with its media type, recognised by a generic feed parser', async () => {
    for (const base of ['/chu-de/nong-nghiep', '/tac-gia/hoang-anh']) {
      for (const [file, type] of FORMATS) {
        const response = await site.get(`${base}/${file}`);
        assert.equal(response.headers.get('content-type'), `${type}; charset=utf-8`);
        const format = parseFeed(await response.text()).format;
        assert.equal(format, file === 'feed.json' ? 'json' : file.split('.')[0], base + file);
      }
    }
  });

  it('answers 404 for a tag or author without a published article', async () => {
    for (const base of [
      '/chu-de/sap-co',
      '/tac-gia/nguoi-moi',
      '/chu-de/khong-co',
      '/tac-gia/ai',
    ]) {
      for (const [file] of FORMATS) {
        assert.equal((await site.get(`${base}/${file}`)).status, 404, `${base}/${file}`);
      }
    }
  });
});

describe('feed links in the head of listing pages', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ files: FILES, clock: createTestClock(NOW), siteUrl: SITE_URL });
  });
  after(() => site?.close());

  const SITE_FEEDS = [
    `application/rss+xml|Tin Thử (RSS)|${SITE_URL}/rss.xml`,
    `application/atom+xml|Tin Thử (Atom)|${SITE_URL}/atom.xml`,
    `application/feed+json|Tin Thử (JSON Feed)|${SITE_URL}/feed.json`,
  ];

  const cases: [string, string][] = [
    ['/chuyen-muc/thoi-su', 'Thời sự | Tin Thử'],
    ['/chu-de/nong-nghiep', 'Chủ đề: Nông nghiệp | Tin Thử'],
    ['/tac-gia/hoang-anh', 'Tác giả: Hoàng Anh | Tin Thử'],
  ];
  for (const [path, title] of cases) {
    it(`advertises ${path}'s own feeds first, then the site's, each answering with itself`, async () => {
      const $ = cheerio.load(await (await site.get(path)).text());
      const links = $('head link[rel="alternate"]')
        .map((_i, el) => [[$(el).attr('type')!, $(el).attr('title')!, $(el).attr('href')!]])
        .get() as unknown as [string, string, string][];
      assert.deepEqual(
        links.map((l) => l.join('|')),
        [
          `application/rss+xml|${title} (RSS)|${SITE_URL}${path}/rss.xml`,
          `application/atom+xml|${title} (Atom)|${SITE_URL}${path}/atom.xml`,
          `application/feed+json|${title} (JSON Feed)|${SITE_URL}${path}/feed.json`,
          ...SITE_FEEDS,
        ],
      );
      // Each link leads to a feed with the title it was advertised under.
      for (const [, linkTitle, href] of links.slice(0, 3)) {
        const feed = parseFeed(await (await site.get(new URL(href).pathname)).text());
        assert.equal(`${textOf(feed.feed.title)} (${linkTitle.split(' (')[1]}`, linkTitle, href);
      }
    });
  }

  it('keeps them on the later pages of a listing, without "Trang N" in their titles', async () => {
    const files: Record<string, string> = {};
    for (let n = 1; n <= 21; n++) {
      files[`bai-${n}.md`] = article(`Bài ${n}`, `date: 2024-04-01T08:00:00\ntags: [Dài]`);
    }
    const long = await startSite({ files, clock: createTestClock(NOW), siteUrl: SITE_URL });
    try {
      const $ = cheerio.load(await (await long.get('/chu-de/dai?trang=2')).text());
      assert.equal(
        $('head link[rel="alternate"]').first().attr('href'),
        `${SITE_URL}/chu-de/dai/rss.xml`,
      );
      assert.equal(
        $('head link[rel="alternate"]').first().attr('title'),
        'Chủ đề: Dài | Tin Thử (RSS)',
      );
    } finally {
      await long.close();
    }
  });
});
