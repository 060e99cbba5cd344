import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { articlePathOf, startSite, type TestSite } from '../helpers/site.js';

const SITE_URL = 'https://tin.example.vn';

const article = (title: string, extra = '') =>
  `---\ntitle: ${title}\ndate: 2024-05-01 08:00\n${extra}---\nBằng Thành, Bộc Bố, Nhạn Môn.\n\nCổ Linh, Khang Ninh.\n`;

async function page(site: TestSite, pathname: string): Promise<cheerio.CheerioAPI> {
  const res = await site.get(pathname);
  assert.equal(res.status, 200, pathname);
  return cheerio.load(await res.text());
}

describe('an article in another language', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({
      siteUrl: SITE_URL,
      files: {
        'tay.md': article(
          'Pác Nặm, Bằng Thành, Bộc Bố',
          'lang: tyz\ncorrections:\n  - date: 2024-05-02 09:00\n    text: Bài ghi nhầm tên bản.\n',
        ),
        'viet.md': article('Cầu treo Bằng Thành'),
      },
    });
  });
  after(() => site?.close());

  it('marks the article with its language, the site around it staying Vietnamese', async () => {
    const $ = await page(site, (await articlePathOf(site, 'Pác Nặm, Bằng Thành, Bộc Bố'))!);
    assert.equal($('html').attr('lang'), 'vi');
    assert.equal($('article.article').attr('lang'), 'tyz');
    assert.equal($('.article__title').closest('[lang]').attr('lang'), 'tyz');
    assert.equal($('.article__body').closest('[lang]').attr('lang'), 'tyz');
    for (const ui of ['.breadcrumbs', '.article__meta', '.notes', '.share', '.site-footer']) {
      assert.equal($(ui).closest('[lang]').attr('lang'), 'vi', ui);
    }
    const ld = JSON.parse($('script[type="application/ld+json"]').first().text()) as {
      inLanguage: string;
    };
    assert.equal(ld.inLanguage, 'tyz');
  });

  it('marks its title with its language on /dinh-chinh', async () => {
    const $ = await page(site, '/dinh-chinh');
    assert.equal($('.card__title a').attr('lang'), 'tyz');
    assert.equal($('.card__sapo').closest('[lang]').attr('lang'), 'vi');
  });

  it('says Vietnamese in JSON-LD and adds no lang attribute for a Vietnamese article', async () => {
    const $ = await page(site, (await articlePathOf(site, 'Cầu treo Bằng Thành'))!);
    assert.equal($('article.article').attr('lang'), undefined);
    assert.equal($('[lang]').length, 1, 'only <html lang="vi">');
    const ld = JSON.parse($('script[type="application/ld+json"]').first().text()) as {
      inLanguage: string;
    };
    assert.equal(ld.inLanguage, 'vi');
  });

  it('names the language of its entry in the Atom and JSON feeds', async () => {
    const url = SITE_URL + (await articlePathOf(site, 'Pác Nặm, Bằng Thành, Bộc Bố'))!;
    const atom = await (await site.get('/atom.xml')).text();
    assert.match(
      atom,
      new RegExp(`<entry xml:lang="tyz">\\n<title>Pác Nặm, Bằng Thành, Bộc Bố</title>`),
    );
    const json = JSON.parse(await (await site.get('/feed.json')).text()) as {
      items: { id: string; language?: string }[];
    };
    assert.equal(json.items.find((i) => i.id === url)?.language, 'tyz');
    assert.equal(json.items.find((i) => i.id !== url)?.language, undefined);
  });
});
