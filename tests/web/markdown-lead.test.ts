import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { parseRssFeed } from 'feedsmith';
import { startSite, type TestSite } from '../helpers/site.js';

const ARTICLE = `---
date: 2024-04-20T08:00:00
---
# Hợp tác xã Bằng Thành mở rộng vùng trồng

Theo **Sở Nông nghiệp**, [hợp tác xã](https://sonongnghiep.backan.gov.vn/htx) đã *mở rộng* vùng trồng thêm 20 ha; xem [lỗi](javascript:alert(1)).

Thân bài.
`;

const PLAIN_LEAD = 'Theo Sở Nông nghiệp, hợp tác xã đã mở rộng vùng trồng thêm 20 ha; xem lỗi.';

describe('a Markdown lead', () => {
  let site: TestSite;
  let $: cheerio.CheerioAPI;
  before(async () => {
    site = await startSite({ files: { 'htx.md': ARTICLE } });
    $ = cheerio.load(
      await (await site.get('/hop-tac-xa-bang-thanh-mo-rong-vung-trong-1.html')).text(),
    );
  });
  after(() => site?.close());

  it('keeps its links and emphasis on the page, through the same link checks as the body', () => {
    const sapo = $('.article__sapo');
    assert.equal(sapo.find('strong').text(), 'Sở Nông nghiệp');
    assert.equal(sapo.find('em').text(), 'mở rộng');
    assert.deepEqual(
      sapo
        .find('a')
        .map((_, a) => $(a).attr('href'))
        .get(),
      ['https://sonongnghiep.backan.gov.vn/htx'],
    );
    assert.equal(sapo.text(), PLAIN_LEAD, 'the refused link keeps its words');
    assert.doesNotMatch(sapo.html()!, /javascript|\*\*|\]\(/);
  });

  it('is plain text in the description, link previews and structured data', () => {
    assert.equal($('meta[name="description"]').attr('content'), PLAIN_LEAD);
    assert.equal($('meta[property="og:description"]').attr('content'), PLAIN_LEAD);
    const ld = $('script[type="application/ld+json"]')
      .map((_, s) => JSON.parse($(s).text()) as { '@type': string; description?: string })
      .get()
      .find((d) => d['@type'] === 'NewsArticle');
    assert.equal(ld?.description, PLAIN_LEAD);
  });

  it('is plain text in the feeds', async () => {
    const rss = parseRssFeed(await (await site.get('/rss.xml')).text());
    assert.equal(rss.items?.[0]?.description, PLAIN_LEAD);
    const json = (await (await site.get('/feed.json')).json()) as { items: { summary: string }[] };
    assert.equal(json.items[0]!.summary, PLAIN_LEAD);
  });
});
