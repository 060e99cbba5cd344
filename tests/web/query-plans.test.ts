import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSite, type TestSite } from '../helpers/site.js';

const SECTIONS = ['Thời sự', 'Kinh tế', 'Văn hóa'];
const TAGS = ['Pác Nặm', 'nông nghiệp', 'giáo dục', 'y tế'];
const AUTHORS = ['Nguyễn Nghĩa', 'Hoàng Anh'];

/**
 * Forty dated articles over three sections, four tags and two authors, every third one
 * corrected and updated: every page type has rows.
 */
function archive(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let n = 1; n <= 40; n++) {
    const day = String(1 + (n % 28)).padStart(2, '0');
    const date = `2024-0${1 + (n % 9)}-${day}T08:00:00`;
    const notes = (list: string) => [
      `${list}:`,
      `  - date: ${date.replace('08:', '09:')}`,
      '    text: Sửa.',
    ];
    files[`${SECTIONS[n % 3]}/bai-${n}.md`] = [
      '---',
      `title: Đảng viên xã số ${n} bàn chuyện phát triển`,
      `date: ${date}`,
      `tags: [${TAGS[n % 4]}, ${TAGS[(n + 1) % 4]}]`,
      `author: ${AUTHORS[n % 2]}`,
      ...(n % 3 === 0 ? [...notes('corrections'), ...notes('updates')] : []),
      '---',
      `Mở đầu bài số ${n} về đảng viên và người dân vùng cao.`,
      '',
      `Nội dung bài số ${n}: hợp tác xã, ruộng bậc thang, trường học và trạm y tế.`,
      '',
    ].join('\n');
  }
  files['sap-dang.md'] = '---\ntitle: Bài hẹn giờ\ndate: 2099-01-01T08:00:00\n---\nSắp đăng.\n';
  return files;
}

// Each statement's plan, with the tables it reads named as the plan names them (an alias or
// the table itself).
async function fullScans(site: TestSite): Promise<string[]> {
  const found: string[] = [];
  for (const { sql, params } of site.queries) {
    const aliases = new Set([
      'articles',
      'article_tags',
      'article_bodies',
      'article_notes',
      'article_versions',
    ]);
    for (const m of sql.matchAll(
      /\b(?:articles|article_tags|article_bodies|article_notes|article_versions)\s+(?:AS\s+)?([a-z_]+)\b/gi,
    )) {
      if (!/^(where|join|on|using|order|group|limit|left|inner|cross)$/i.test(m[1]!)) {
        aliases.add(m[1]!);
      }
    }
    const plan = await site.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params);
    for (const { detail } of plan) {
      const scanned = /^SCAN (\S+)/.exec(detail)?.[1];
      if (scanned !== undefined && aliases.has(scanned)) {
        found.push(`${detail}\n    in: ${sql.replace(/\s+/g, ' ').trim()}`);
      }
    }
  }
  return found;
}

describe('the SQL behind each page', () => {
  let site: TestSite;
  let history = '';
  before(async () => {
    // The cache off, so every request really reads the database.
    site = await startSite({ files: archive(), pageCacheMb: 0 });
    // A second version of one article, so it has a history to read.
    const edited = archive()['Kinh tế/bai-1.md']!.replace('Mở đầu bài', 'Mở đầu đã sửa của bài');
    await site.write('Kinh tế/bai-1.md', edited);
    await site.importer.sync({ settleMs: 0 });
    const row = await site.db.get<{ id: number }>(
      "SELECT id FROM articles WHERE source_path = 'Kinh tế/bai-1.md'",
    );
    history = `/phien-ban/${row!.id}`;
  });
  after(() => site?.close());

  const pages: [string, string][] = [
    ['home', '/'],
    ['last home page', '/?trang=3'],
    ['article', 'the first article the home page links'],
    ['section', '/chuyen-muc/kinh-te'],
    ['tag', '/chu-de/nong-nghiep'],
    ['author', '/tac-gia/hoang-anh'],
    ['search', '/tim-kiem?q=dang+vien'],
    ['RSS', '/rss.xml'],
    ['Atom', '/atom.xml'],
    ['JSON Feed', '/feed.json'],
    ['section feed', '/chuyen-muc/van-hoa/rss.xml'],
    ['tag feed', '/chu-de/nong-nghiep/atom.xml'],
    ['author feed', '/tac-gia/hoang-anh/feed.json'],
    ['corrections', '/dinh-chinh'],
    ['corrections RSS', '/dinh-chinh/rss.xml'],
    ['corrections Atom', '/dinh-chinh/atom.xml'],
    ['corrections JSON Feed', '/dinh-chinh/feed.json'],
    ['sitemap index', '/sitemap.xml'],
    ['article sitemap', '/sitemaps/articles-1.xml'],
    ['news sitemap', '/sitemaps/news.xml'],
    ['health check', '/healthz'],
    ['missing article', '/khong-co-bai-nay-999.html'],
    ['history', 'the history of the edited article'],
    ['version', 'its second version'],
  ];
  for (const [name, given] of pages) {
    it(`reads no table in full for the ${name} page`, async () => {
      const path = given.startsWith('/')
        ? given
        : name === 'history'
          ? history
          : name === 'version'
            ? `${history}/2`
            : /href="(\/[^"]+-\d+\.html)"/.exec(await (await site.get('/')).text())![1]!;
      site.queries.length = 0;
      const res = await site.get(path);
      assert.equal(res.status, name === 'missing article' ? 404 : 200, path);
      assert.notEqual(site.queries.length, 0, 'the page read the database');
      assert.deepEqual(await fullScans(site), []);
    });
  }

  it('catches a full scan when a page does one', async () => {
    site.queries.length = 0;
    site.queries.push({ sql: 'SELECT count(*) FROM articles WHERE title LIKE ?', params: ['%x%'] });
    site.queries.push({
      sql: 'SELECT t.tag FROM article_tags t WHERE t.position = ?',
      params: [0],
    });
    site.queries.push({
      sql: 'SELECT n.text FROM article_notes AS n JOIN articles AS a ON a.id = n.article_id WHERE a.draft = ?',
      params: [0],
    });
    site.queries.push({ sql: 'SELECT hash FROM article_versions WHERE seen_at > ?', params: [0] });
    assert.equal((await fullScans(site)).length, 4);
  });
});
