import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notesAddedSince } from '../../src/content/parse/article-notes.js';
import { ContentError } from '../../src/content/parse/content-error.js';
import { parseArticle, type ParsedArticle } from '../../src/content/parse/parse-article.js';

const parse = (content: string, file = 'bai.md'): ParsedArticle =>
  parseArticle({ file, bytes: Buffer.from(content, 'utf8') });

const withFrontMatter = (yaml: string) =>
  `---\ntitle: Cầu treo Bộc Bố\ndate: 2024-05-01 08:00\n${yaml}\n---\nCầu treo mới nối hai bản.\n`;

function rejection(content: string): ContentError {
  try {
    parse(content);
  } catch (error) {
    assert.ok(error instanceof ContentError, `expected a ContentError, got ${String(error)}`);
    return error;
  }
  assert.fail('the file was accepted');
}

describe('corrections and updates in front matter', () => {
  const article = parse(
    withFrontMatter(
      [
        'updates:',
        '  - date: 2024-05-01 15:00',
        '    text: Cầu đã thông xe lúc 14 giờ.',
        '  - date: 2024-05-02 09:00',
        '    text: Thêm ảnh lễ khánh thành.',
        'corrections:',
        '  - date: 2024-05-02 10:30',
        '    text: Bài ghi nhầm cầu dài *120 m*; cầu dài **150 m**. Xem [biên bản](/bien-ban).',
        '  - date: 2024-05-03 08:00',
        '    text: Bài ghi nhầm tên xã là Bằng Thành; đúng là xã Bộc Bố.',
        '    top: true',
      ].join('\n'),
    ),
  );

  it('lists corrections above updates, each newest first, whatever order they were written in', () => {
    assert.deepEqual(
      article.notes.map((n) => [n.kind, n.anchor, n.top]),
      [
        ['correction', 'dinh-chinh-20240503-0800', true],
        ['correction', 'dinh-chinh-20240502-1030', false],
        ['update', 'cap-nhat-20240502-0900', false],
        ['update', 'cap-nhat-20240501-1500', false],
      ],
    );
    assert.equal(article.notes[0]!.date, Date.parse('2024-05-03T08:00:00+07:00'));
  });

  it('renders a note as Markdown inline, and keeps its plain text', () => {
    const note = article.notes[1]!;
    assert.equal(
      note.html,
      'Bài ghi nhầm cầu dài <em>120 m</em>; cầu dài <strong>150 m</strong>. Xem <a href="/bien-ban">biên bản</a>.',
    );
    assert.equal(note.text, 'Bài ghi nhầm cầu dài 120 m; cầu dài 150 m. Xem biên bản.');
  });

  it('shows markup an editor types in a note as text, never as HTML', () => {
    const typed = parse(
      withFrontMatter(
        'updates:\n  - date: 2024-05-02\n    text: "<script>alert(1)</script> & <b>x</b>"',
      ),
    );
    assert.equal(
      typed.notes[0]!.html,
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;',
    );
  });

  it('numbers the anchors of notes written for the same minute, in the order written', () => {
    const twice = parse(
      withFrontMatter(
        'corrections:\n  - date: 2024-05-02\n    text: Sai tên.\n  - date: 2024-05-02\n    text: Sai số.',
      ),
    );
    assert.deepEqual(
      twice.notes.map((n) => [n.anchor, n.text]),
      [
        ['dinh-chinh-20240502-0000', 'Sai tên.'],
        ['dinh-chinh-20240502-0000-2', 'Sai số.'],
      ],
    );
  });

  it('refuses a javascript: link in a note, keeping its words, and names the line', () => {
    const unsafe = parse(
      withFrontMatter(
        'corrections:\n  - date: 2024-05-02\n    text: Xem [bản đồ](javascript:alert(1)) mới.',
      ),
    );
    assert.equal(unsafe.notes[0]!.html, 'Xem bản đồ mới.');
    assert.deepEqual(
      unsafe.warnings.map((w) => [w.line, w.severity]),
      [[6, 'warning']],
    );
    assert.match(unsafe.warnings[0]!.message, /bị từ chối vì không an toàn/);
  });

  it('leaves a picture out of a note, and says so', () => {
    const pictured = parse(
      withFrontMatter('updates:\n  - date: 2024-05-02\n    text: Ảnh mới ![cầu](cau.jpg)'),
    );
    assert.equal(pictured.notes[0]!.html, 'Ảnh mới ');
    assert.match(pictured.warnings[0]!.message, /không hiện được trong đính chính hay cập nhật/);
  });

  it('warns about an unknown key in a note, and about "top" on an update', () => {
    const odd = parse(
      withFrontMatter(
        'updates:\n  - date: 2024-05-02\n    text: Thêm số liệu.\n    top: true\n    tac_gia: An',
      ),
    );
    assert.equal(odd.notes.length, 1);
    assert.equal(odd.notes[0]!.top, false);
    assert.deepEqual(
      odd.warnings.map((w) => [w.line, w.message]),
      [
        [
          7,
          'mục thứ 1 của "updates": "top" chỉ dùng cho đính chính; mục cập nhật vẫn hiện ở cuối bài',
        ],
        [
          8,
          'mục thứ 1 của "updates": khóa "tac_gia" không được dùng (các khóa hợp lệ: date, text)',
        ],
      ],
    );
  });

  it('accepts an empty list', () => {
    assert.deepEqual(parse(withFrontMatter('corrections:\nupdates: []')).notes, []);
  });
});

describe('notes that cannot be published', () => {
  const table: [string, string, number, RegExp][] = [
    [
      'a list that is not a list',
      'corrections: Bài ghi nhầm tên xã',
      4,
      /^trường "corrections" phải là danh sách: mỗi mục là một dòng "- date: /,
    ],
    [
      'an item that is only text',
      'corrections:\n  - Bài ghi nhầm tên xã',
      5,
      /^mục thứ 1 của "corrections" phải có "date:" và "text:"/,
    ],
    [
      'a note without a date',
      'updates:\n  - date: 2024-05-02\n    text: Có.\n  - text: Thêm ảnh.',
      7,
      /^mục thứ 2 của "updates" thiếu "date:", ngày giờ của cập nhật/,
    ],
    [
      'a note without a text',
      'corrections:\n  - date: 2024-05-02',
      5,
      /^mục thứ 1 của "corrections" thiếu "text:": viết thông tin nào đã sai và thông tin đúng là gì$/,
    ],
    [
      'a date that does not exist',
      'corrections:\n  - text: Sai tên.\n    date: 2024-02-30',
      6,
      /^mục thứ 1 của "corrections" có "date" "2024-02-30" không phải ngày giờ có thật$/,
    ],
    [
      'a note dated before the article',
      'corrections:\n  - date: 2024-04-30 17:00\n    text: Sai tên.',
      5,
      /^mục thứ 1 của "corrections" ghi ngày Thứ Ba, 30\/04\/2024, 17:00 \(GMT\+7\), trước khi bài được đăng \(Thứ Tư, 01\/05\/2024, 08:00 \(GMT\+7\)\)/,
    ],
    [
      'a text that is a list',
      'updates:\n  - date: 2024-05-02\n    text: [a, b]',
      6,
      /^mục thứ 1 của "updates" có "text" phải là một đoạn chữ$/,
    ],
    [
      '"top" that is not true or false',
      'corrections:\n  - date: 2024-05-02\n    text: Sai tên.\n    top: có',
      7,
      /^mục thứ 1 của "corrections" có "top" phải là true hoặc false$/,
    ],
  ];
  for (const [what, yaml, line, message] of table) {
    it(`rejects ${what}, naming line ${line}`, () => {
      const error = rejection(withFrontMatter(yaml));
      assert.equal(error.file, 'bai.md');
      assert.equal(error.line, line);
      assert.match(error.message, message);
    });
  }

  it('checks a note against the date even when `date:` comes after the list', () => {
    const error = rejection(
      '---\ntitle: Bài\ncorrections:\n  - date: 2024-01-01\n    text: Sai.\ndate: 2024-05-01\n---\nMở đầu.\n',
    );
    assert.equal(error.line, 4);
    assert.match(error.message, /trước khi bài được đăng/);
  });
});

describe('notesAddedSince', () => {
  const [corrected, updated] = parse(
    withFrontMatter(
      'corrections:\n  - date: 2024-05-02\n    text: Sai tên.\nupdates:\n  - date: 2024-05-03\n    text: Thêm.',
    ),
  ).notes as [ParsedArticle['notes'][number], ParsedArticle['notes'][number]];

  it('finds the notes a version brought, and none in a version that only edited a text', () => {
    assert.deepEqual(notesAddedSince([], [corrected]), [corrected]);
    assert.deepEqual(notesAddedSince([corrected], [corrected, updated]), [updated]);
    assert.deepEqual(notesAddedSince([corrected], [{ ...corrected, text: 'Sai tên xã.' }]), []);
    assert.deepEqual(notesAddedSince([corrected, updated], [updated]), []);
  });
});
