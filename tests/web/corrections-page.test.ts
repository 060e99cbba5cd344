import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { XMLValidator } from 'fast-xml-parser';
import { parseAtomFeed, parseFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { waitFor, WATCHER_WAIT_MS } from '../../harness/wait-for.js';
import { articlePathOf, startSite, type TestSite } from '../helpers/site.js';
import { createTestClock } from '../../src/shared/clock.js';

const SITE_URL = 'https://tin.example.vn';
// 1 June 2024, 10:00 in Vietnam.
const NOW = Date.parse('2024-06-01T03:00:00Z');

const FEEDS = [
  ['/dinh-chinh/rss.xml', 'rss', 'application/rss+xml; charset=utf-8'],
  ['/dinh-chinh/atom.xml', 'atom', 'application/atom+xml; charset=utf-8'],
  ['/dinh-chinh/feed.json', 'json', 'application/feed+json; charset=utf-8'],
] as const;

/** Article `n` of May 2024, with one correction per entry of `days` (the day of May it was made). */
function corrected(n: number, days: number[], extra = ''): string {
  const notes = days
    .map(
      (day) =>
        `  - date: 2024-05-${String(day).padStart(2, '0')} 09:${String(n).padStart(2, '0')}\n    text: Bài số ${n} ghi nhầm; sửa ngày ${day}.`,
    )
    .join('\n');
  return `---\ntitle: Tin số ${n}\ndate: 2024-05-01 08:00\n${extra}corrections:\n${notes}\n---\nMở đầu tin số ${n}.\n`;
}

async function page(site: TestSite, pathname: string): Promise<cheerio.CheerioAPI> {
  const res = await site.get(pathname);
  assert.equal(res.status, 200, pathname);
  return cheerio.load(await res.text());
}

/** The corrections a page of /dinh-chinh lists: title, time and text of each, in order. */
async function listed(site: TestSite, pathname = '/dinh-chinh') {
  const $ = await page(site, pathname);
  return $('.corrections__list > article')
    .toArray()
    .map((el) => ({
      title: $(el).find('h2 a').text(),
      href: $(el).find('h2 a').attr('href'),
      time: $(el).find('time').attr('datetime'),
      text: $(el).find('.card__sapo').text(),
    }));
}

describe('/dinh-chinh on a site without corrections', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({
      clock: createTestClock(NOW),
      siteUrl: SITE_URL,
      files: { 'tin.md': '---\ntitle: Tin đúng\ndate: 2024-05-01\n---\nKhông sai gì.\n' },
    });
  });
  after(() => site?.close());

  it('says plainly that there are none', async () => {
    const $ = await page(site, '/dinh-chinh');
    assert.equal($('h1').text(), 'Đính chính');
    assert.equal(
      $('.empty').text(),
      'Chưa có đính chính nào: chưa bài nào phải sửa thông tin sai.',
    );
    assert.equal($('.corrections__list').length, 0);
    assert.equal((await site.get('/dinh-chinh?trang=2')).status, 404);
  });

  it('is linked from the footer of every page', async () => {
    const article = (await articlePathOf(site, 'Tin đúng'))!;
    for (const pathname of ['/', article, '/dinh-chinh', '/khong-co-trang-nay']) {
      const $ = cheerio.load(await (await site.get(pathname)).text());
      assert.equal($('.site-footer a[href="/dinh-chinh"]').text(), 'Đính chính', pathname);
    }
  });

  it('advertises its own three feeds first in its head, and serves them empty', async () => {
    const $ = await page(site, '/dinh-chinh');
    const alternates = $('link[rel=alternate]')
      .toArray()
      .map((el) => $(el).attr('href'));
    assert.deepEqual(
      alternates.slice(0, 3),
      FEEDS.map(([pathname]) => SITE_URL + pathname),
    );
    for (const [pathname, format, type] of FEEDS) {
      const res = await site.get(pathname);
      assert.equal(res.status, 200, pathname);
      assert.equal(res.headers.get('content-type'), type);
      const parsed = parseFeed(await res.text());
      assert.equal(parsed.format, format, pathname);
    }
    assert.deepEqual(parseRssFeed(await (await site.get(FEEDS[0][0])).text()).items ?? [], []);
  });
});

describe('/dinh-chinh', () => {
  let site: TestSite;
  before(async () => {
    const files: Record<string, string> = {};
    // 44 corrections on 22 articles, all made on different minutes of May.
    for (let n = 1; n <= 22; n++) files[`tin-${n}.md`] = corrected(n, [2 + (n % 5), 10 + (n % 7)]);
    files['nhap.md'] = corrected(30, [3], 'draft: true\n');
    files['sap-dang.md'] =
      '---\ntitle: Tin số 31\ndate: 2099-01-01\ncorrections:\n  - date: 2099-01-02\n    text: Sai.\n---\nSắp đăng.\n';
    files['se-go.md'] = corrected(32, [20]);
    site = await startSite({ clock: createTestClock(NOW), siteUrl: SITE_URL, files });
  });
  after(() => site?.close());

  it('lists every correction of every visible article, newest first, 20 to a page', async () => {
    const first = await listed(site);
    const second = await listed(site, '/dinh-chinh?trang=2');
    const third = await listed(site, '/dinh-chinh?trang=3');
    assert.deepEqual(
      [first.length, second.length, third.length],
      [20, 20, 5],
      '44 corrections and the one of an article about to be removed',
    );
    const all = [...first, ...second, ...third];
    const times = all.map((c) => c.time!);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    assert.equal(new Set(times).size, all.length);
    assert.deepEqual(first[0], {
      title: 'Tin số 32',
      href: `${(await articlePathOf(site, 'Tin số 32'))!}#dinh-chinh-20240520-0932`,
      time: '2024-05-20T09:32:00+07:00',
      text: 'Bài số 32 ghi nhầm; sửa ngày 20.',
    });
    assert.ok(!all.some((c) => /Tin số 3[01]$/.test(c.title)), 'no draft, nothing scheduled');
  });

  it('paginates like every listing: page 1 at its bare path, 404 past the end', async () => {
    const $ = await page(site, '/dinh-chinh?trang=2');
    assert.equal($('link[rel=canonical]').attr('href'), `${SITE_URL}/dinh-chinh?trang=2`);
    assert.equal($('.pagination__current').text(), 'Trang 2 / 3');
    assert.equal($('.pagination a[rel=prev]').attr('href'), '/dinh-chinh');
    assert.equal($('.pagination a[rel=next]').attr('href'), '/dinh-chinh?trang=3');
    const one = await site.get('/dinh-chinh?trang=1');
    assert.equal(one.status, 301);
    assert.equal(one.headers.get('location'), '/dinh-chinh');
    for (const past of ['/dinh-chinh?trang=4', '/dinh-chinh?trang=0', '/dinh-chinh?trang=abc']) {
      assert.equal((await site.get(past)).status, 404, past);
    }
  });

  it('serves the newest corrections as valid RSS, Atom and JSON Feed, each linked to its note', async () => {
    const path32 = (await articlePathOf(site, 'Tin số 32'))!;
    const id32 = /-(\d+)\.html$/.exec(path32)![1]!;
    const expected = {
      id: `${SITE_URL}/${id32}.html#dinh-chinh-20240520-0932`,
      url: `${SITE_URL}${path32}#dinh-chinh-20240520-0932`,
      title: 'Đính chính: Tin số 32',
    };
    const rssText = await (await site.get('/dinh-chinh/rss.xml')).text();
    assert.equal(XMLValidator.validate(rssText), true);
    const rss = parseRssFeed(rssText);
    assert.equal(rss.items?.length, 45);
    assert.deepEqual(
      [rss.items![0]!.guid, rss.items![0]!.link, rss.items![0]!.title, rss.items![0]!.pubDate],
      [
        { value: expected.id, isPermaLink: false },
        expected.url,
        expected.title,
        'Mon, 20 May 2024 09:32:00 +0700',
      ],
    );
    const atomText = await (await site.get('/dinh-chinh/atom.xml')).text();
    assert.equal(XMLValidator.validate(atomText), true);
    const entry = parseAtomFeed(atomText).entries![0]!;
    assert.deepEqual(
      [entry.id, entry.links?.[0]?.href, entry.updated, entry.summary],
      [
        expected.id,
        expected.url,
        '2024-05-20T09:32:00+07:00',
        { value: 'Bài số 32 ghi nhầm; sửa ngày 20.' },
      ],
    );
    const item = parseJsonFeed(await (await site.get('/dinh-chinh/feed.json')).text()).items![0]!;
    assert.deepEqual([item.id, item.url, item.title], [expected.id, expected.url, expected.title]);
  });

  it('drops the corrections of a removed article', async () => {
    await fs.rm(path.join(site.contentDir, 'se-go.md'));
    await site.importer.sync({ settleMs: 0 });
    const first = await listed(site);
    assert.notEqual(first[0]!.title, 'Tin số 32');
    assert.equal((await listed(site, '/dinh-chinh?trang=3')).length, 4);
  });
});

describe('a correction saved into a running site', () => {
  it('appears on /dinh-chinh and in its feed under an id that outlives edits and a new title', async () => {
    const site = await startSite({ watch: true, siteUrl: SITE_URL });
    try {
      const save = async (content: string, text: string) => {
        await site.write('cau.md', content);
        await waitFor(
          async () => (await (await site.get('/dinh-chinh')).text()).includes(text),
          WATCHER_WAIT_MS,
          `/dinh-chinh shows "${text}"`,
        );
      };
      const note = (title: string, text: string) =>
        `---\ntitle: ${title}\ndate: 2024-05-01 08:00\ncorrections:\n  - date: 2024-05-02 10:30\n    text: ${text}\n---\nMở đầu.\n`;
      const idOf = async () =>
        parseAtomFeed(await (await site.get('/dinh-chinh/atom.xml')).text()).entries?.map(
          (e) => e.id,
        );

      await save(note('Cầu treo Bộc Bố', 'Bài ghi nhầm cầu dài 120 mét.'), '120 mét');
      const ids = await idOf();
      assert.equal(ids?.length, 1);
      await save(
        note('Cầu treo Bộc Bố', 'Bài ghi nhầm cầu dài 120 mét; cầu dài 150 mét.'),
        '150 mét',
      );
      assert.deepEqual(await idOf(), ids, 'a fixed typo in the note');
      await save(
        note('Cầu treo xã Bộc Bố', 'Bài ghi nhầm cầu dài 120 mét; cầu dài 150 mét.'),
        'xã Bộc Bố',
      );
      assert.deepEqual(await idOf(), ids, 'a new title');
      const [correction] = await listed(site);
      assert.equal(
        correction!.href,
        `${(await articlePathOf(site, 'Cầu treo xã Bộc Bố'))!}#dinh-chinh-20240502-1030`,
      );
    } finally {
      await site.close();
    }
  });
});
