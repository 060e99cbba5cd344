import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { siteCsp } from '../helpers/csp.js';
import { previewPath } from '../../src/shared/urls.js';
import { articlePathOf, startSite, TEST_PREVIEW_SECRET, type TestSite } from '../helpers/site.js';
import { rawGet } from '../helpers/raw-get.js';

const SITE_URL = 'https://tin.example.vn';
// A title with the characters that break hand-built links: "&", ":", "%", "#", "?" and accents.
const TITLE = 'Lúa & ngô: giá tăng 50% #vụ-xuân?';

describe('sharing an article', () => {
  let site: TestSite;
  let path: string;
  let canonical: string;
  let $: cheerio.CheerioAPI;
  before(async () => {
    site = await startSite({
      siteUrl: SITE_URL,
      files: {
        'lua-ngo.md': `---\ntitle: "${TITLE}"\ndate: 2024-04-30T08:00:00\n---\n\nMở đầu.\n`,
        'nhap.md': '---\ntitle: Bản nháp\ndraft: true\n---\n\nChưa đăng.\n',
      },
    });
    path = (await articlePathOf(site, TITLE))!;
    canonical = SITE_URL + path;
    // Reached through a tracking link, as shared links are: what is shared is still canonical.
    const { status, body, headers } = await rawGet(site.url, `${path}?utm_source=zalo`, {
      host: 'evil.example',
    });
    assert.equal(status, 200);
    assert.equal(headers['content-security-policy'], siteCsp(body), 'the policy is unchanged');
    $ = cheerio.load(body);
  });
  after(() => site?.close());

  const link = (name: string) => {
    const a = $('.share a').filter((_i, el) => $(el).text().startsWith(name));
    assert.equal(a.length, 1, `one ${name} link`);
    return a;
  };

  it('offers Facebook and X as plain links to their own share pages, in a new tab', () => {
    const facebook = new URL(link('Facebook').attr('href')!);
    assert.equal(facebook.origin + facebook.pathname, 'https://www.facebook.com/sharer/sharer.php');
    assert.equal(facebook.searchParams.get('u'), canonical);
    const x = new URL(link('X').attr('href')!);
    assert.equal(x.origin + x.pathname, 'https://x.com/intent/post');
    assert.equal(x.searchParams.get('url'), canonical);
    assert.equal(x.searchParams.get('text'), TITLE);
    for (const name of ['Facebook', 'X']) {
      assert.equal(link(name).attr('target'), '_blank', name);
      assert.match(link(name).attr('rel')!, /\bnoopener\b/, name);
    }
  });

  it('offers e-mail with the title as subject and the address as body', () => {
    const href = link('Email').attr('href')!;
    assert.match(href, /^mailto:\?/);
    assert.doesNotMatch(href, /\+/, 'spaces are %20 in a mailto link, never "+"');
    const query = new URLSearchParams(href.slice('mailto:?'.length));
    assert.equal(query.get('subject'), TITLE);
    assert.equal(query.get('body'), canonical);
  });

  it('shows the address to copy without any script, in a labelled read-only field', () => {
    const field = $('.share input');
    assert.equal(field.length, 1);
    assert.equal(field.val(), canonical);
    assert.ok(field.is('[readonly]'), 'read-only');
    assert.equal($(`label[for="${field.attr('id')}"]`).text(), 'Đường dẫn bài viết');
  });

  it('hides the "Chia sẻ" button until the script finds the Web Share API', () => {
    const button = $('.share button');
    assert.equal(button.text(), 'Chia sẻ');
    assert.ok(button.is('[hidden]'), 'hidden');
    assert.equal(button.attr('data-url'), canonical);
    assert.equal(button.attr('data-title'), TITLE);
  });

  it('loads the one script of the page from the site, fingerprinted, with no inline code', async () => {
    const scripts = $('script:not([type="application/ld+json"])');
    assert.equal(scripts.length, 1);
    assert.ok(scripts.is('[defer]'), 'deferred: it never holds up the text');
    assert.equal(scripts.attr('data-worker'), '/service-worker.js', 'it registers the worker too');
    const src = scripts.attr('src')!;
    assert.match(src, /^\/assets\/article\.js\?v=[0-9a-f]{10}$/);
    const response = await site.get(src);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^(text|application)\/javascript/);
    assert.match(response.headers.get('cache-control')!, /immutable/);
    const body = await response.text();
    const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 10);
    assert.equal(src, `/assets/article.js?v=${hash}`, 'a changed script gets a new URL');
    assert.match(body, /navigator\.share/);
  });

  it("is left out of a draft's preview, whose address is not public yet", async () => {
    const id = (await site.db.get<{ id: number }>(
      "SELECT id FROM articles WHERE title = 'Bản nháp'",
    ))!.id;
    const response = await site.get(previewPath(TEST_PREVIEW_SECRET, id));
    assert.equal(response.status, 200);
    const preview = cheerio.load(await response.text());
    assert.equal(preview('h1').text(), 'Bản nháp');
    assert.equal(preview('.share').length, 0);
    assert.equal(preview('script[src]').length, 0, 'nor does it register the worker');
  });
});
