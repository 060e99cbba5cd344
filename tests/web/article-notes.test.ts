import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { XMLParser } from 'fast-xml-parser';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { REPORT_FILE } from '../../src/content/editor-files/editor-report.js';
import { waitFor, WATCHER_WAIT_MS } from '../../harness/wait-for.js';
import { articlePathOf, startSite, type TestSite } from '../helpers/site.js';

const SITE_URL = 'https://tin.example.vn';
const PUBLISHED = '2024-05-01T08:00:00+07:00';

/** An article dated 1 May 2024, with `extra` front matter and a body that may carry a typo. */
const article = (title: string, extra = '', body = 'Cầu dài 150 mét, rộng 2 mét.') =>
  `---\ntitle: ${title}\ndate: 2024-05-01 08:00\n${extra}---\nCầu treo mới nối hai bản của xã Bộc Bố.\n\n${body}\n`;

const CORRECTED = [
  'corrections:',
  '  - date: 2024-05-02 10:30',
  '    text: Bài ghi nhầm cầu dài *120 mét*; cầu dài 150 mét.',
  '  - date: 2024-05-03 08:00',
  '    text: Bài ghi nhầm tên xã là Bằng Thành; đúng là xã Bộc Bố.',
  '    top: true',
  'updates:',
  '  - date: 2024-05-02 15:00',
  '    text: Cầu đã thông xe lúc 14 giờ.',
  '',
].join('\n');

async function page(site: TestSite, pathname: string): Promise<cheerio.CheerioAPI> {
  const res = await site.get(pathname);
  assert.equal(res.status, 200, pathname);
  return cheerio.load(await res.text());
}

/** Everything that tells a reader, a search engine or a feed reader when the article changed. */
async function datesOf(site: TestSite, pathname: string) {
  const $ = await page(site, pathname);
  const ld = JSON.parse($('script[type="application/ld+json"]').first().text()) as {
    dateModified: string;
  };
  const atom = parseAtomFeed(await (await site.get('/atom.xml')).text());
  const json = parseJsonFeed(await (await site.get('/feed.json')).text());
  const url = SITE_URL + pathname;
  return {
    shown: $('.article__updated time').attr('datetime'),
    meta: $('meta[property="article:modified_time"]').attr('content'),
    jsonLd: ld.dateModified,
    atom: atom.entries?.find((e) => e.id === url)?.updated,
    json: json.items?.find((i) => i.id === url)?.date_modified,
  };
}

const lastmodOf = async (site: TestSite, pathname: string): Promise<string> => {
  const parsed = new XMLParser({ isArray: (name) => name === 'url' }).parse(
    await (await site.get('/sitemaps/articles-1.xml')).text(),
  ) as { urlset: { url: { loc: string; lastmod: string }[] } };
  return parsed.urlset.url.find((u) => u.loc === SITE_URL + pathname)!.lastmod;
};

/** Writes a file and waits until the article's page shows `text`. */
async function save(site: TestSite, file: string, content: string, text: string): Promise<void> {
  await site.write(file, content);
  const title = /^title: (.*)$/m.exec(content)![1]!;
  await waitFor(
    async () => {
      const pathname = await articlePathOf(site, title);
      return pathname !== undefined && (await (await site.get(pathname)).text()).includes(text);
    },
    WATCHER_WAIT_MS,
    `${file} shows "${text}"`,
  );
}

// Each test writes its own file, so any one of them can run alone.
describe('corrections and updates, as an editor saves them', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ watch: true, siteUrl: SITE_URL });
  });
  after(() => site?.close());

  it('leaves every date alone when a typo is fixed, but changes the page and its lastmod', async () => {
    await save(
      site,
      'cau-treo.md',
      article('Cầu treo Nà Phặc', '', 'Cầu dài 150 mét, rôộng 2 mét.'),
      'rôộng',
    );
    const pathname = (await articlePathOf(site, 'Cầu treo Nà Phặc'))!;
    const before = await datesOf(site, pathname);
    assert.deepEqual(before, {
      shown: undefined,
      meta: PUBLISHED,
      jsonLd: PUBLISHED,
      atom: PUBLISHED,
      json: PUBLISHED,
    });
    const etag = (await site.request(pathname)).headers.etag;
    const lastmod = await lastmodOf(site, pathname);
    assert.equal(lastmod, PUBLISHED);

    await save(site, 'cau-treo.md', article('Cầu treo Nà Phặc'), 'rộng 2 mét');
    assert.deepEqual(await datesOf(site, pathname), before, 'no date says the story changed');
    assert.notEqual((await site.request(pathname)).headers.etag, etag, 'the page did change');
    assert.ok((await lastmodOf(site, pathname)) > lastmod, 'crawlers are told to look again');
  });

  it('moves the date to the newest note and shows each note in its box, with its time', async () => {
    await save(site, 'cau-moi.md', article('Cầu treo Bộc Bố'), 'Cầu treo mới');
    const pathname = (await articlePathOf(site, 'Cầu treo Bộc Bố'))!;
    await save(site, 'cau-moi.md', article('Cầu treo Bộc Bố', CORRECTED), 'Bằng Thành');

    const latest = '2024-05-03T08:00:00+07:00';
    assert.deepEqual(await datesOf(site, pathname), {
      shown: latest,
      meta: latest,
      jsonLd: latest,
      atom: latest,
      json: latest,
    });
    const $ = await page(site, pathname);
    const boxes = $('.notes')
      .toArray()
      .map((box) => ({
        title: $(box).find('h2').text(),
        inHeader: $(box).closest('.article__header').length === 1,
        notes: $(box)
          .find('li')
          .toArray()
          .map((li) => [$(li).attr('id'), $(li).find('time').attr('datetime'), $(li).text()]),
      }));
    assert.deepEqual(boxes, [
      {
        title: 'Đính chính',
        inHeader: true,
        notes: [
          [
            'dinh-chinh-20240503-0800',
            latest,
            'Thứ Sáu, 03/05/2024, 08:00 (GMT+7) Bài ghi nhầm tên xã là Bằng Thành; đúng là xã Bộc Bố.',
          ],
        ],
      },
      {
        title: 'Đính chính',
        inHeader: false,
        notes: [
          [
            'dinh-chinh-20240502-1030',
            '2024-05-02T10:30:00+07:00',
            'Thứ Năm, 02/05/2024, 10:30 (GMT+7) Bài ghi nhầm cầu dài 120 mét; cầu dài 150 mét.',
          ],
        ],
      },
      {
        title: 'Cập nhật',
        inHeader: false,
        notes: [
          [
            'cap-nhat-20240502-1500',
            '2024-05-02T15:00:00+07:00',
            'Thứ Năm, 02/05/2024, 15:00 (GMT+7) Cầu đã thông xe lúc 14 giờ.',
          ],
        ],
      },
    ]);
    assert.ok($('.notes').first().index() < $('.article__sapo').index(), 'above the lead');
    assert.ok(
      $('.notes').eq(1).index() > $('.article__body').index(),
      'the other corrections after the text',
    );
    assert.equal($('.notes em').text(), '120 mét', 'Markdown in a note');
  });

  it('gives search engines each correction as a CorrectionComment', async () => {
    await save(site, 'cau-ld.md', article('Cầu treo Khang Ninh', CORRECTED), 'Bằng Thành');
    const $ = await page(site, (await articlePathOf(site, 'Cầu treo Khang Ninh'))!);
    const ld = JSON.parse($('script[type="application/ld+json"]').first().text()) as {
      correction: unknown;
    };
    assert.deepEqual(ld.correction, [
      {
        '@type': 'CorrectionComment',
        text: 'Bài ghi nhầm tên xã là Bằng Thành; đúng là xã Bộc Bố.',
        datePublished: '2024-05-03T08:00:00+07:00',
      },
      {
        '@type': 'CorrectionComment',
        text: 'Bài ghi nhầm cầu dài 120 mét; cầu dài 150 mét.',
        datePublished: '2024-05-02T10:30:00+07:00',
      },
    ]);
  });

  it('keeps the article in the feeds under the same guid and id when it is corrected', async () => {
    await save(site, 'cau-feed.md', article('Cầu treo Cổ Linh'), 'Cầu treo mới');
    const url = SITE_URL + (await articlePathOf(site, 'Cầu treo Cổ Linh'))!;
    const rssItem = async () =>
      parseRssFeed(await (await site.get('/rss.xml')).text()).items?.find((i) => i.link === url);
    const guid = (await rssItem())?.guid;
    assert.deepEqual(guid, { value: url, isPermaLink: true });

    await save(site, 'cau-feed.md', article('Cầu treo Cổ Linh', CORRECTED), 'Bằng Thành');
    assert.deepEqual((await rssItem())?.guid, guid);
    const entries = parseAtomFeed(await (await site.get('/atom.xml')).text()).entries ?? [];
    assert.equal(entries.filter((e) => e.id === url).length, 1);
  });

  it('reports a note without a date with its file and line, and keeps the last good version', async () => {
    await save(site, 'cau-hong.md', article('Cầu treo Nhạn Môn', CORRECTED), 'Bằng Thành');
    const pathname = (await articlePathOf(site, 'Cầu treo Nhạn Môn'))!;
    const broken = article(
      'Cầu treo Nhạn Môn',
      'corrections:\n  - text: Bài ghi nhầm số hộ.\n',
      'Một đoạn mới chưa được đăng.',
    );
    await site.write('cau-hong.md', broken);
    const report = () => fs.readFile(path.join(site.contentDir, REPORT_FILE), 'utf8');
    await waitFor(
      async () => (await report()).includes('cau-hong.md:5:'),
      WATCHER_WAIT_MS,
      'the report names the file and the line',
    );
    assert.match(
      await report(),
      /^cau-hong\.md:5: mục thứ 1 của "corrections" thiếu "date:", ngày giờ của đính chính, ví dụ date: 2024-05-02 09:00\n {4}→ Mỗi đính chính hay cập nhật là một mục: dòng "- date: 2024-05-02 09:00"/m,
    );
    const $ = await page(site, pathname);
    assert.match($('.notes').first().text(), /Bằng Thành/, 'the last good version stays online');
    assert.doesNotMatch($('main').text(), /Một đoạn mới/);

    await site.write(
      'cau-hong.md',
      article('Cầu treo Nhạn Môn', 'corrections:\n  - date: 2024-04-30\n    text: Sai số hộ.\n'),
    );
    await waitFor(
      async () => /^cau-hong\.md:5: .*trước khi bài được đăng/m.test(await report()),
      WATCHER_WAIT_MS,
      'a note dated before the article is reported on its line',
    );
  });
});
