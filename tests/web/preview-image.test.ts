import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import sharp from 'sharp';
import { articlePathOf, startSite, type TestSite } from '../helpers/site.js';
import { createTestClock } from '../../src/shared/clock.js';
import { rawGet } from '../helpers/raw-get.js';

const SITE_URL = 'https://tin.example.vn';
const NOW = Date.parse('2024-05-01T03:00:00Z');
const SITE_PICTURE = /^https:\/\/tin\.example\.vn\/assets\/share\.png\?v=[0-9a-f]{10}$/;
const media = (file: string) =>
  new RegExp(`^https://tin\\.example\\.vn/media/anh/${file.replace('.', '\\.')}\\?v=[0-9a-f]+$`);

const picture = (width: number, height: number, colour: string) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();

const article = (title: string, front: string, body: string) =>
  `---\ntitle: ${title}\ndate: 2024-04-30T08:00:00\n${front}---\n\nMở đầu bài ${title}.\n\n${body}\n`;

/** What a site reading the page for a preview card finds in its head. */
interface Preview {
  og: string;
  width: number;
  height: number;
  alt: string | undefined;
  twitterCard: string | undefined;
  twitterImage: string | undefined;
  /** The `image` of every JSON-LD block that has one. */
  ld: unknown[];
}

function previewOf(html: string): Preview {
  const $ = cheerio.load(html);
  const meta = (key: string) => $(`meta[property="${key}"], meta[name="${key}"]`).attr('content');
  assert.equal($('meta[property="og:image"]').length, 1, 'one og:image');
  return {
    og: meta('og:image')!,
    width: Number(meta('og:image:width')),
    height: Number(meta('og:image:height')),
    alt: meta('og:image:alt'),
    twitterCard: meta('twitter:card'),
    twitterImage: meta('twitter:image'),
    ld: $('script[type="application/ld+json"]')
      .toArray()
      .map((el) => (JSON.parse($(el).text()) as { image?: unknown }).image)
      .filter((image) => image !== undefined),
  };
}

describe('the picture of link previews', () => {
  let site: TestSite;
  let removedPath: string;
  const pathOf = async (title: string) => (await articlePathOf(site, title))!;
  const previewAt = async (path: string, status = 200) => {
    const response = await site.get(path);
    assert.equal(response.status, status, path);
    return previewOf(await response.text());
  };

  before(async () => {
    site = await startSite({
      clock: createTestClock(NOW),
      siteUrl: SITE_URL,
      files: {
        'anh/lua.jpg': await picture(1200, 800, '#6a4'),
        'anh/che.jpg': await picture(900, 600, '#464'),
        'anh/doi.jpg': await picture(1000, 700, '#864'),
        'anh/nho.jpg': await picture(200, 120, '#a64'),
        'Thời sự/co-anh.md': article(
          'Có ảnh đầu bài',
          'image: ../anh/lua.jpg\nimage_alt: Ruộng lúa xanh\ntags: [Nông nghiệp]\nauthor: Hoàng Anh\n',
          '![Đồi chè](../anh/che.jpg)',
        ),
        'anh-trong-bai.md': article(
          'Chỉ có ảnh trong bài',
          '',
          'Đoạn một.\n\n![Đồi chè](anh/che.jpg)\n\nĐoạn hai.\n\n![Đồi](anh/doi.jpg)',
        ),
        'khong-anh.md': article('Không có ảnh', '', 'Chỉ có chữ.'),
        'anh-nho.md': article('Ảnh nhỏ', 'image: anh/nho.jpg\n', '![Đồi](anh/doi.jpg)'),
        'se-go.md': article('Sẽ gỡ', '', 'Bài này sẽ bị gỡ.'),
      },
    });
    removedPath = await pathOf('Sẽ gỡ');
    await fs.rm(`${site.contentDir}/se-go.md`);
    await site.importer.sync({ settleMs: 0 });
  });
  after(() => site?.close());

  /** The URL is absolute on SITE_URL and serves a picture of exactly the size the page says. */
  async function assertServed(preview: Preview): Promise<void> {
    const url = new URL(preview.og);
    assert.equal(url.origin, SITE_URL, `${preview.og} is on the site's own origin`);
    const response = await site.get(url.pathname + url.search);
    assert.equal(response.status, 200, preview.og);
    assert.match(response.headers.get('content-type')!, /^image\//);
    const { width, height } = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    assert.deepEqual([width, height], [preview.width, preview.height], preview.og);
  }

  it("shows the article's own picture first, even when its text has others", async () => {
    const preview = await previewAt(await pathOf('Có ảnh đầu bài'));
    assert.match(preview.og, media('lua.jpg'));
    assert.deepEqual([preview.width, preview.height], [1200, 800]);
    assert.equal(preview.alt, 'Ruộng lúa xanh');
    assert.equal(preview.twitterCard, 'summary_large_image');
    assert.equal(preview.twitterImage, preview.og);
    assert.deepEqual(preview.ld, [
      [{ '@type': 'ImageObject', url: preview.og, width: 1200, height: 800 }],
    ]);
    await assertServed(preview);
  });

  it('shows the first picture of the text when the article names none', async () => {
    const preview = await previewAt(await pathOf('Chỉ có ảnh trong bài'));
    assert.match(preview.og, media('che.jpg'));
    assert.deepEqual([preview.width, preview.height], [900, 600]);
    assert.equal(preview.alt, undefined, 'no made-up description');
    assert.equal(preview.twitterCard, 'summary_large_image');
    assert.deepEqual(preview.ld, [
      [{ '@type': 'ImageObject', url: preview.og, width: 900, height: 600 }],
    ]);
    await assertServed(preview);
  });

  it("shows the site's picture, 1200×630, for an article without any", async () => {
    const preview = await previewAt(await pathOf('Không có ảnh'));
    assert.match(preview.og, SITE_PICTURE);
    assert.deepEqual([preview.width, preview.height], [1200, 630]);
    assert.equal(preview.alt, 'Tin Thử');
    assert.equal(preview.twitterCard, 'summary_large_image');
    assert.equal(preview.twitterImage, preview.og);
    assert.deepEqual(preview.ld, [
      [{ '@type': 'ImageObject', url: preview.og, width: 1200, height: 630 }],
    ]);
    await assertServed(preview);
  });

  it("keeps the article's own picture when it is small, with Twitter's small card", async () => {
    const preview = await previewAt(await pathOf('Ảnh nhỏ'));
    assert.match(preview.og, media('nho.jpg'));
    assert.deepEqual([preview.width, preview.height], [200, 120]);
    assert.equal(preview.twitterCard, 'summary');
    await assertServed(preview);
  });

  it("shows the site's picture on every other page, error pages included", async () => {
    const pages: [string, number][] = [
      ['/', 200],
      ['/chuyen-muc/thoi-su', 200],
      ['/chu-de/nong-nghiep', 200],
      ['/tac-gia/hoang-anh', 200],
      ['/tim-kiem?q=anh', 200],
      ['/khong-co-trang-nay', 404],
      [removedPath, 410],
    ];
    for (const [path, status] of pages) {
      const preview = await previewAt(path, status);
      assert.match(preview.og, SITE_PICTURE, path);
      assert.deepEqual([preview.width, preview.height], [1200, 630], path);
      assert.equal(preview.twitterCard, 'summary_large_image', path);
      assert.equal(preview.twitterImage, preview.og, path);
    }
    const home = await previewAt('/');
    assert.deepEqual(home.ld, [{ '@type': 'ImageObject', url: home.og, width: 1200, height: 630 }]);
    await assertServed(home);
  });

  it('takes the address from SITE_URL, never from the Host header', async () => {
    for (const path of [await pathOf('Có ảnh đầu bài'), '/', '/khong-co-trang-nay']) {
      const { body } = await rawGet(site.url, path, {
        host: 'evil.example:8080',
        'x-forwarded-host': 'evil.example',
      });
      const preview = previewOf(body);
      assert.ok(preview.og.startsWith(`${SITE_URL}/`), `${path}: ${preview.og}`);
      assert.ok(!body.includes('evil.example'), path);
    }
  });
});
