import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { ContentError } from '../../src/content/parse/content-error.js';
import { parseArticle, type ParsedArticle } from '../../src/content/parse/parse-article.js';
import { SEED_FILE } from '../helpers/site.js';

const seed = fs.readFileSync(SEED_FILE);

function parse(file: string, content: string | Uint8Array): ParsedArticle {
  return parseArticle({
    file,
    bytes: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
  });
}

function rejection(file: string, content: string | Uint8Array): ContentError {
  try {
    parse(file, content);
  } catch (error) {
    assert.ok(error instanceof ContentError, `expected a ContentError, got ${String(error)}`);
    assert.equal(error.file, file);
    return error;
  }
  assert.fail(`${file} was accepted`);
}

const paragraphsOf = (html: string) => [...html.matchAll(/<p[^>]*>(.*?)<\/p>/g)].map((m) => m[0]);

describe('parseArticle on the district report', () => {
  const article = parse('huyen-uy-pac-nam.txt', seed);

  it('takes the first line as the title and folds it into the URL slug', () => {
    assert.equal(article.title, 'Huyện ủy Pác Nặm bám sát thực tiễn thực hiện nhiệm vụ trọng tâm');
    assert.equal(article.slug, 'huyen-uy-pac-nam-bam-sat-thuc-tien-thuc-hien-nhiem-vu-trong-tam');
  });

  it('takes the first paragraph as the lead, with no-break spaces made plain', () => {
    assert.match(article.sapo, /^Thời gian qua, Thường trực Huyện ủy Pác Nặm/);
    assert.match(article.sapo, /cấp, ngành, địa phương/);
    assert.doesNotMatch(article.sapo, /\u00A0/);
    assert.doesNotMatch(article.bodyHtml, /Thời gian qua, Thường trực/);
  });

  it('shows the photo caption scraped twice only once, as a caption', () => {
    const captions = article.bodyHtml.match(/<p class="caption">[^<]*<\/p>/g) ?? [];
    assert.equal(captions.length, 1);
    assert.match(captions[0]!, /Bộ phận Văn phòng Huyện ủy Pác Nặm/);
    assert.equal(article.bodyHtml.match(/Bộ phận Văn phòng/gi)?.length, 1);
  });

  it('keeps every other paragraph in order, ending with the closing mark', () => {
    const paragraphs = paragraphsOf(article.bodyHtml);
    assert.equal(paragraphs.length, 8);
    assert.match(paragraphs[0]!, /^<p>Việc triển khai thực hiện nhiệm vụ chính trị năm 2022/);
    assert.match(paragraphs[2]!, /class="caption"/);
    assert.match(paragraphs.at(-1)!, /kinh tế - xã hội\.\/\.<\/p>$/);
  });

  it('reads "Nguyễn Nghĩa" as the byline and author, and drops the trailing "Xem thêm"', () => {
    assert.equal(article.byline, 'Nguyễn Nghĩa');
    assert.equal(article.author, 'Nguyễn Nghĩa');
    assert.doesNotMatch(article.bodyHtml, /Nguyễn Nghĩa|Xem thêm/);
    assert.doesNotMatch(article.bodyText, /Xem thêm/);
  });

  it('gives identical results for NFD text, CRLF line ends and a byte-order mark', () => {
    const variant = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(seed.toString('utf8').normalize('NFD').replace(/\n/g, '\r\n'), 'utf8'),
    ]);
    assert.deepEqual(parse('huyen-uy-pac-nam.txt', variant), article);
  });

  it('decodes UTF-16 with a byte-order mark, as Windows Notepad saves it', () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(seed.toString('utf8'), 'utf16le'),
    ]);
    assert.deepEqual(parse('huyen-uy-pac-nam.txt', utf16), article);
  });
});

describe('parseArticle on plain text', () => {
  it('shows markup characters literally instead of interpreting them', () => {
    const article = parse(
      'ky-tu.txt',
      'Giá *tăng* <b>mạnh</b>\n\n# Không phải tiêu đề & <script>alert(1)</script>\n\n_Đoạn_ hai.\n',
    );
    assert.equal(article.title, 'Giá *tăng* <b>mạnh</b>');
    assert.equal(article.sapo, '# Không phải tiêu đề & <script>alert(1)</script>');
    assert.equal(article.bodyHtml, '<p>_Đoạn_ hai.</p>');
    assert.doesNotMatch(article.bodyHtml, /<script|<b>|<em>/);
  });

  it('escapes markup in the body', () => {
    const article = parse(
      'ky-tu.txt',
      'Tiêu đề\n\nMở đầu.\n\nA <img src=x onerror=alert(1)> & "B"\n',
    );
    assert.equal(
      article.bodyHtml,
      '<p>A &lt;img src=x onerror=alert(1)&gt; &amp; &quot;B&quot;</p>',
    );
  });

  it('joins lines hard-wrapped inside a paragraph', () => {
    const article = parse(
      'bai.txt',
      'Tiêu đề\n\nMở đầu\ncòn tiếp.\n\nThân bài dòng một\nvà dòng hai.\n',
    );
    assert.equal(article.sapo, 'Mở đầu còn tiếp.');
    assert.equal(article.bodyHtml, '<p>Thân bài dòng một và dòng hai.</p>');
  });

  it('does not take a sentence at the end for a byline', () => {
    const article = parse('bai.txt', 'Tiêu đề\n\nMở đầu.\n\nNgười dân rất phấn khởi.\n');
    assert.equal(article.byline, undefined);
    assert.match(article.bodyHtml, /Người dân rất phấn khởi/);
  });
});

describe('parseArticle on Markdown', () => {
  it('renders Markdown with raw HTML off, its highest body heading as <h2> under the page title', () => {
    const article = parse(
      'bai.md',
      '# Tiêu đề bài\n\nĐoạn mở đầu **đậm**.\n\n## Mục một\n\n<script>alert(1)</script>\n\n- một\n- hai\n\n[liên kết](javascript:alert(1))\n',
    );
    assert.equal(article.title, 'Tiêu đề bài');
    assert.equal(article.sapo, 'Đoạn mở đầu đậm.');
    assert.match(article.bodyHtml, /<h2>Mục một<\/h2>/);
    assert.match(article.bodyHtml, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(article.bodyHtml, /<ul>\s*<li>một<\/li>/);
    assert.doesNotMatch(article.bodyHtml, /<script|<h1|href="javascript/);
  });

  it('renders an image paragraph as a figure with its title as the caption, relative to the file', () => {
    const asked: string[] = [];
    const article = parseArticle(
      {
        file: 'Thời sự/bai.md',
        bytes: Buffer.from(
          '---\ntitle: Ảnh\n---\nMở đầu.\n\n![Ruộng bậc thang](anh/ruong%20moi.jpg "Ruộng bậc thang ở Bộc Bố")\n\nĐoạn cuối.\n',
        ),
      },
      {
        findImage: (p) => {
          asked.push(p);
          return { url: '/media/x.jpg?v=1', width: 800, height: 600 };
        },
      },
    );
    assert.deepEqual(asked, ['Thời sự/anh/ruong moi.jpg']);
    assert.deepEqual(article.mediaPaths, ['Thời sự/anh/ruong moi.jpg']);
    assert.match(
      article.bodyHtml,
      /<figure><picture><source type="image\/webp"[^>]*><img src="\/media\/x\.jpg\?v=1" [^>]*width="800" height="600" alt="Ruộng bậc thang" loading="lazy"[^>]*><\/picture><figcaption>Ruộng bậc thang ở Bộc Bố<\/figcaption><\/figure>/,
    );
  });

  it('leaves out an image that is missing or from another site, with a warning naming the line', () => {
    const article = parse(
      'bai.md',
      '# Ảnh\n\nMở đầu.\n\n![a](khong-co.jpg)\n\n![b](https://x.example/b.jpg)\n',
    );
    assert.doesNotMatch(article.bodyHtml, /<img|x\.example/);
    assert.deepEqual(
      article.warnings.map((w) => [w.line, w.severity]),
      [
        [5, 'warning'],
        [7, 'warning'],
      ],
    );
    assert.match(article.warnings[0]!.message, /không tìm thấy ảnh "khong-co\.jpg"/);
    assert.match(article.warnings[1]!.message, /phải là tệp trong thư mục content/);
  });

  it('renders tables', () => {
    const article = parse('bai.md', '# T\n\nMở đầu.\n\n| Xã | Hộ |\n|---|---|\n| Bộc Bố | 120 |\n');
    assert.match(article.bodyHtml, /<table>[\s\S]*<td>Bộc Bố<\/td>/);
  });
});

describe('parseArticle with front matter', () => {
  it('takes title, date, author, section, tags and summary from front matter', () => {
    const article = parse(
      'bai.txt',
      '---\ntitle: Tiêu đề riêng\ndate: 2022-11-26 08:30\nauthor: Hoàng Anh\nsection: Thời sự\ntags: [Pác Nặm, nông nghiệp]\nsummary: Tóm tắt.\n---\nĐoạn một.\n\nĐoạn hai.\n',
    );
    assert.equal(article.title, 'Tiêu đề riêng');
    assert.equal(article.date, Date.parse('2022-11-26T08:30:00+07:00'));
    assert.equal(article.author, 'Hoàng Anh');
    assert.equal(article.section, 'Thời sự');
    assert.deepEqual(article.tags, ['Pác Nặm', 'nông nghiệp']);
    assert.equal(article.sapo, 'Tóm tắt.');
    assert.equal(article.bodyHtml, '<p>Đoạn một.</p>\n<p>Đoạn hai.</p>');
  });

  it('warns about an unknown key without rejecting the file', () => {
    const article = parse('bai.txt', '---\ntitle: A\ncategory: x\n---\nĐoạn.\n');
    assert.equal(article.warnings.length, 1);
    assert.equal(article.warnings[0]!.line, 3);
    assert.match(article.warnings[0]!.message, /category/);
  });
});

describe('parseArticle tells the editor instead of dropping or passing on', () => {
  const IMAGE = { url: '/media/x.jpg?v=1', width: 800, height: 600 };
  const withImages = (file: string, content: string) =>
    parseArticle({ file, bytes: Buffer.from(content) }, { findImage: () => IMAGE });
  const warningsOf = (article: ParsedArticle) =>
    article.warnings.map((w) => [w.file, w.line, w.severity, w.message]);

  it('leaves out a tag made only of punctuation, with a warning naming its line', () => {
    const article = parse(
      'bai.txt',
      '---\ntitle: A\ntags: [Pác Nặm, "!!!", "…", Nông nghiệp]\n---\nĐoạn.\n',
    );
    assert.deepEqual(article.tags, ['Pác Nặm', 'Nông nghiệp']);
    assert.deepEqual(warningsOf(article), [
      [
        'bai.txt',
        3,
        'warning',
        'thẻ "!!!" không có chữ cái hay chữ số nào để làm đường dẫn; thẻ này bị bỏ qua',
      ],
      [
        'bai.txt',
        3,
        'warning',
        'thẻ "…" không có chữ cái hay chữ số nào để làm đường dẫn; thẻ này bị bỏ qua',
      ],
    ]);
  });

  it('publishes without a section when the section or its folder is only punctuation, and says so', () => {
    const fromFrontMatter = parse('Thời sự/bai.txt', '---\ntitle: A\nsection: "???"\n---\nĐoạn.\n');
    assert.equal(fromFrontMatter.section, undefined);
    assert.deepEqual(warningsOf(fromFrontMatter), [
      [
        'Thời sự/bai.txt',
        3,
        'warning',
        'chuyên mục "???" không có chữ cái hay chữ số nào để làm đường dẫn; bài được đăng không thuộc chuyên mục nào',
      ],
    ]);
    const fromFolder = parse('★★★/bai.txt', 'Tiêu đề\n\nĐoạn.\n');
    assert.equal(fromFolder.section, undefined);
    assert.deepEqual(warningsOf(fromFolder), [
      [
        '★★★/bai.txt',
        undefined,
        'warning',
        'thư mục "★★★" không có chữ cái hay chữ số nào để làm đường dẫn chuyên mục; bài được đăng không thuộc chuyên mục nào',
      ],
    ]);
    assert.equal(parse('Thời sự/bai.txt', 'Tiêu đề\n\nĐoạn.\n').section, 'Thời sự');
  });

  it('removes control characters from front-matter text, naming the field, its line and the character', () => {
    const article = parse(
      'bai.txt',
      '---\ntitle: "Pác Nặm\\a mùa lúa"\nauthor: "Hà\\x1b[31m An"\ntags: ["Nông\\x00 nghiệp"]\n---\nĐoạn.\n',
    );
    assert.equal(article.title, 'Pác Nặm mùa lúa');
    assert.equal(article.author, 'Hà[31m An');
    assert.deepEqual(article.tags, ['Nông nghiệp']);
    assert.deepEqual(warningsOf(article), [
      [
        'bai.txt',
        2,
        'warning',
        'trường "title" có ký tự điều khiển không hiển thị được (U+0007); đã bỏ ký tự đó đi',
      ],
      [
        'bai.txt',
        3,
        'warning',
        'trường "author" có ký tự điều khiển không hiển thị được (U+001B); đã bỏ ký tự đó đi',
      ],
      [
        'bai.txt',
        4,
        'warning',
        'trường "tags" có ký tự điều khiển không hiển thị được (U+0000); đã bỏ ký tự đó đi',
      ],
    ]);
  });

  it('warns that the title of a picture inside a sentence is not shown, naming its line', () => {
    const article = withImages(
      'bai.md',
      '# Bản đồ\n\nMở đầu.\n\nXã Bộc Bố nằm ở phía bắc\n![Bản đồ](ban-do.png "Bản đồ xã Bộc Bố") của huyện.\n\n![Ruộng](ruong.jpg "Ruộng bậc thang")\n',
    );
    assert.match(article.bodyHtml, /<figcaption>Ruộng bậc thang<\/figcaption>/);
    assert.deepEqual(warningsOf(article), [
      [
        'bai.md',
        6,
        'warning',
        'chú thích "Bản đồ xã Bộc Bố" của ảnh "ban-do.png" không được hiển thị vì ảnh nằm giữa đoạn văn; hãy để ảnh thành một đoạn riêng',
      ],
    ]);
  });

  it('refuses links to javascript:, vbscript:, file: and every data: URL, keeping the words', () => {
    const article = withImages(
      'bai.md',
      [
        '---',
        'title: Liên kết',
        '---',
        'Mở đầu.',
        '',
        'Xem [bản đồ](javascript:alert(1)) và',
        '[tệp](DATA:text/html;base64,PHNjcmlwdD4=) hay [ảnh](data:image/png;base64,iVBORw0KGgo=).',
        '',
        'Thêm [mục](  vbscript:msgbox ) và [ổ đĩa](file:///etc/passwd), <javascript:alert(2)>',
        '',
        '![ảnh nhúng](data:image/png;base64,iVBORw0KGgo=)',
        '',
        'Theo [tham khảo][1] và [trang huyện](https://pacnam.backan.gov.vn/).',
        '',
        '[1]: javascript:alert(3)',
      ].join('\n'),
    );
    const html = article.bodyHtml;
    assert.doesNotMatch(html, /href="(javascript|data|vbscript|file):/i);
    assert.doesNotMatch(html, /<img/);
    for (const words of ['bản đồ', 'tệp', 'ảnh', 'mục', 'ổ đĩa', 'tham khảo']) {
      assert.ok(html.includes(words), `"${words}" is still in the text`);
    }
    assert.match(html, /<a href="https:\/\/pacnam\.backan\.gov\.vn\/">trang huyện<\/a>/);
    const refused = (url: string, line: number) => [
      'bai.md',
      line,
      'warning',
      `liên kết tới "${url}" bị từ chối vì không an toàn (javascript:, vbscript:, file:, data:); chữ của liên kết vẫn hiện nhưng không bấm được`,
    ];
    assert.deepEqual(warningsOf(article), [
      refused('javascript:alert(1)', 6),
      refused('DATA:text/html;base64,PHNjcmlwdD4=', 7),
      refused('data:image/png;base64,iVBORw0KGgo=', 7),
      refused('vbscript:msgbox', 9),
      refused('file:///etc/passwd', 9),
      refused('javascript:alert(2)', 9),
      [
        'bai.md',
        11,
        'warning',
        'ảnh "data:image/png;base64,iVBORw0KGgo=" phải là tệp trong thư mục content/; ảnh từ nơi khác không được hiển thị',
      ],
      refused('javascript:alert(3)', 13),
    ]);
  });
});

describe('parseArticle rejects what cannot be published', () => {
  const cases: [string, string | Uint8Array, RegExp, number | undefined][] = [
    ['an empty file', '', /trống/, undefined],
    ['a whitespace-only file', ' \n\t\n\u00A0\n', /trống/, undefined],
    [
      'Latin-1 bytes',
      Buffer.from([0x54, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0x0a, 0xe9, 0x74, 0xe9]),
      /UTF-8/,
      3,
    ],
    ['a NUL byte', Buffer.from('Tiêu đề\n\nab\0cd', 'utf8'), /NUL/, 3],
    ['a title over 300 characters', `${'Dài '.repeat(80)}\n\nĐoạn.`, /300/, 1],
    ['YAML that does not parse', '---\ntitle: A\ntags: [a, b\n---\nĐoạn.', /YAML/, undefined],
    ['a date that does not exist', '---\ntitle: A\ndate: 2022-02-30\n---\nĐoạn.', /date/, 3],
    ['a date that is not a date', '---\ntitle: A\ndate: hôm qua\n---\nĐoạn.', /date/, 3],
    ['draft that is not true or false', '---\ntitle: A\ndraft: có\n---\nĐoạn.', /draft/, 3],
    ['a title that is a list', '---\ntitle: [a, b]\n---\nĐoạn.', /title/, 2],
    ['unclosed front matter', '---\ntitle: A\nĐoạn.', /---/, 1],
    ['front matter but no body and no title', '---\nauthor: A\n---\n', /tiêu đề/, undefined],
  ];
  for (const [what, content, message, line] of cases) {
    it(`rejects ${what}, naming the file${line ? ` and line ${line}` : ''}`, () => {
      const error = rejection('bai-loi.txt', content);
      assert.match(error.message, message);
      if (line !== undefined) assert.equal(error.line, line);
    });
  }

  it('names the line of broken YAML', () => {
    const error = rejection('bai-loi.md', '---\ntitle: A\nauthor: B\ntags: [a, b\n---\nĐoạn.');
    assert.ok(error.line !== undefined && error.line >= 4, `line ${error.line}`);
  });
});
