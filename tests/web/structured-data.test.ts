import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { serializeJsonLd } from '../../src/web/structured-data.js';
import { startSite, type TestSite } from '../helpers/site.js';
import { createTestClock } from '../../src/shared/clock.js';
import { rawGet } from '../helpers/raw-get.js';
import sharp from 'sharp';

const SITE_URL = 'https://tin.example.vn';
const NOW = Date.parse('2024-05-01T03:00:00Z');

describe('serializeJsonLd', () => {
  const table: [string, string][] = [
    ['</script><script>alert(1)</script>', '</script>'],
    ['<!-- comment', '<!--'],
    ['a > b & c', '>'],
    ['line\u2028separator\u2029paragraph', '\u2028'],
  ];
  for (const [value, dangerous] of table) {
    it(`keeps ${JSON.stringify(dangerous)} out of the text and the value intact`, () => {
      const text = serializeJsonLd({ headline: value });
      assert.ok(!/[<>&\u2028\u2029]/.test(text), text);
      assert.deepEqual(JSON.parse(text), { headline: value });
    });
  }
});

const LUA_JPG =
  /^https:\/\/tin\.example\.vn\/media\/Th%E1%BB%9Di%20s%E1%BB%B1\/anh\/lua\.jpg\?v=[0-9a-f]{12}$/;

const WITH_IMAGE = `---
title: "Lúa xuân </script><!-- ở Bộc Bố"
date: 2024-04-30T08:00:00
updated: 2024-04-30T15:45:00
author: Hoàng Anh
image: anh/lua.jpg
image_alt: Ruộng lúa xanh
tags: [Nông nghiệp]
---

Người dân Bộc Bố xuống đồng sớm.

Nội dung.
`;

function jsonLd($: cheerio.CheerioAPI): Record<string, unknown>[] {
  return $('script[type="application/ld+json"]')
    .toArray()
    .map((el) => JSON.parse($(el).text()) as Record<string, unknown>);
}

describe('link previews and structured data', () => {
  let site: TestSite;
  let withImage: string;
  let withoutImage: string;
  before(async () => {
    site = await startSite({
      clock: createTestClock(NOW),
      siteUrl: SITE_URL,
      files: {
        'Thời sự/lua.md': WITH_IMAGE,
        'Thời sự/anh/lua.jpg': await sharp({
          create: { width: 1200, height: 800, channels: 3, background: '#6a4' },
        })
          .jpeg()
          .toBuffer(),
        'ngan.md': '---\ntitle: Tin ngắn\ndate: 2024-04-29T10:00:00\n---\n\nMột tin ngắn.\n',
      },
    });
    const $ = cheerio.load(await (await site.get('/')).text());
    const links = $('.card__title a')
      .map((_i, el) => $(el).attr('href'))
      .get();
    withImage = links.find((l) => l.startsWith('/lua-xuan'))!;
    withoutImage = links.find((l) => l.startsWith('/tin-ngan'))!;
  });
  after(() => site?.close());

  it('gives an article Open Graph and Twitter tags with absolute URLs and +07:00 times', async () => {
    const { body } = await rawGet(site.url, withImage, { host: 'evil.example' });
    assert.ok(!body.includes('evil.example'));
    const $ = cheerio.load(body);
    const meta = (key: string) => $(`meta[property="${key}"], meta[name="${key}"]`).attr('content');
    assert.equal($('link[rel="canonical"]').attr('href'), SITE_URL + withImage);
    assert.equal(meta('og:url'), SITE_URL + withImage);
    assert.equal(meta('og:type'), 'article');
    assert.equal(meta('og:title'), 'Lúa xuân </script><!-- ở Bộc Bố');
    assert.equal(meta('og:description'), 'Người dân Bộc Bố xuống đồng sớm.');
    assert.equal(meta('og:locale'), 'vi_VN');
    assert.match(meta('og:image')!, LUA_JPG);
    assert.equal(meta('og:image:alt'), 'Ruộng lúa xanh');
    assert.equal(meta('article:published_time'), '2024-04-30T08:00:00+07:00');
    assert.equal(meta('article:modified_time'), '2024-04-30T15:45:00+07:00');
    assert.equal(meta('twitter:card'), 'summary_large_image');
    assert.equal(meta('twitter:image'), meta('og:image'));
  });

  it("shows the site's picture when the article has none", async () => {
    const $ = cheerio.load(await (await site.get(withoutImage)).text());
    assert.match(
      $('meta[property="og:image"]').attr('content')!,
      /^https:\/\/tin\.example\.vn\/assets\/share\.png\?v=/,
    );
    assert.equal($('meta[name="twitter:card"]').attr('content'), 'summary_large_image');
    assert.equal(
      $('meta[property="article:modified_time"]').attr('content'),
      '2024-04-29T10:00:00+07:00',
    );
  });

  it('describes an article as a NewsArticle with its breadcrumbs', async () => {
    const html = await (await site.get(withImage)).text();
    assert.ok(!html.includes('</script><!--'), 'the title cannot close the JSON-LD block');
    const $ = cheerio.load(html);
    assert.equal(
      $('script:not([type="application/ld+json"])').filter((_i, el) => !$(el).attr('src')).length,
      0,
      'no inline script',
    );
    const [article, breadcrumbs] = jsonLd($);
    assert.equal(article!['@context'], 'https://schema.org');
    assert.equal(article!['@type'], 'NewsArticle');
    assert.equal(article!.headline, 'Lúa xuân </script><!-- ở Bộc Bố');
    assert.equal(article!.datePublished, '2024-04-30T08:00:00+07:00');
    assert.equal(article!.dateModified, '2024-04-30T15:45:00+07:00');
    const images = article!.image as { '@type': string; url: string; width: number }[];
    assert.equal(images.length, 1);
    assert.equal(images[0]!['@type'], 'ImageObject');
    assert.match(images[0]!.url, LUA_JPG);
    assert.equal(images[0]!.width, 1200);
    assert.deepEqual(article!.mainEntityOfPage, {
      '@type': 'WebPage',
      '@id': SITE_URL + withImage,
    });
    const author = article!.author as Record<string, string>;
    assert.equal(author['@type'], 'Person');
    assert.equal(author.name, 'Hoàng Anh');
    const publisher = article!.publisher as Record<string, unknown>;
    assert.equal(publisher['@type'], 'Organization');
    assert.equal(publisher.name, 'Tin Thử');
    const logo = (publisher.logo as Record<string, string>).url!;
    assert.match(logo, /^https:\/\/tin\.example\.vn\//);
    const logoResponse = await site.get(new URL(logo).pathname);
    assert.equal(logoResponse.status, 200, 'the logo exists');
    assert.equal(logoResponse.headers.get('content-type'), 'image/png');

    assert.equal(breadcrumbs!['@type'], 'BreadcrumbList');
    const steps = breadcrumbs!.itemListElement as {
      position: number;
      name: string;
      item: string;
    }[];
    assert.deepEqual(
      steps.map((s) => [s.position, s.name, s.item]),
      [
        [1, 'Trang chủ', `${SITE_URL}/`],
        [2, 'Thời sự', `${SITE_URL}/chuyen-muc/thoi-su`],
        [3, 'Lúa xuân </script><!-- ở Bộc Bố', SITE_URL + withImage],
      ],
    );
  });

  it('describes the home page as a WebSite with a SearchAction', async () => {
    const $ = cheerio.load(await (await site.get('/')).text());
    assert.equal($('meta[property="og:type"]').attr('content'), 'website');
    const blocks = jsonLd($);
    assert.equal(blocks.length, 1);
    const website = blocks[0]!;
    assert.equal(website['@type'], 'WebSite');
    assert.equal(website.url, `${SITE_URL}/`);
    const action = website.potentialAction as {
      '@type': string;
      target: { urlTemplate: string };
      'query-input': string;
    };
    assert.equal(action['@type'], 'SearchAction');
    assert.equal(action.target.urlTemplate, `${SITE_URL}/tim-kiem?q={search_term_string}`);
    assert.equal(action['query-input'], 'required name=search_term_string');
  });

  it('keeps a strict Content-Security-Policy that the JSON-LD does not need to loosen', async () => {
    const response = await site.get(withImage);
    const csp = response.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline/);
  });
});
