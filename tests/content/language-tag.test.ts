import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContentError } from '../../src/content/parse/content-error.js';
import { parseLanguageTag } from '../../src/content/parse/language-tag.js';
import { parseArticle } from '../../src/content/parse/parse-article.js';

const withLang = (lang: string) =>
  `---\ntitle: Pác Nặm\ndate: 2024-05-01 08:00\n${lang}\n---\nBằng Thành, Bộc Bố.\n`;
const parse = (content: string) =>
  parseArticle({ file: 'bai.md', bytes: Buffer.from(content, 'utf8') });

describe('lang in front matter', () => {
  it('marks the article with its language, as a canonical BCP 47 tag', () => {
    assert.equal(parse(withLang('lang: TYZ')).lang, 'tyz');
    assert.equal(parse(withLang('lang: hnj')).lang, 'hnj');
    assert.equal(parse(withLang('lang: vi-VN')).lang, undefined);
    assert.equal(parse(withLang('')).lang, undefined);
  });

  it('rejects a language name or nonsense with the code to write, naming the line', () => {
    assert.throws(
      () => parse(withLang('lang: Tày')),
      (error: unknown) =>
        error instanceof ContentError &&
        error.file === 'bai.md' &&
        error.line === 4 &&
        error.message === 'trường "lang" "Tày" không phải mã của tiếng Tày; viết lang: tyz',
    );
  });
});

describe('parseLanguageTag', () => {
  const table: [unknown, string | undefined | RegExp][] = [
    ['tyz', 'tyz'],
    ['IUM', 'ium'],
    ['blu', 'blu'],
    ['hmn-Latn', 'hmn-Latn'],
    ['vi', undefined],
    ['vi-VN', undefined],
    ['tay', /^"tay" không phải mã của tiếng Tày; viết lang: tyz$/],
    ['dao', /^"dao" không phải mã của tiếng Dao; viết lang: ium$/],
    ['tiếng Mông', /^"tiếng Mông" không phải mã của tiếng Mông; viết lang: hnj hoặc blu hoặc hmn$/],
    ["H'Mông", /tiếng Mông/],
    ['Nùng', /viết lang: nut$/],
    ['tiếng dân tộc', /^"tiếng dân tộc" không phải mã ngôn ngữ \(BCP 47\); viết mã, ví dụ tyz/],
    ['x', /không phải mã ngôn ngữ/],
    [42, /^phải là mã ngôn ngữ, ví dụ tyz/],
    ['', /^phải là mã ngôn ngữ/],
  ];
  for (const [value, expected] of table) {
    it(`reads ${JSON.stringify(value)}`, () => {
      const parsed = parseLanguageTag(value);
      if (expected instanceof RegExp) {
        assert.equal(parsed.ok, false);
        assert.match(parsed.ok ? '' : parsed.reason, expected);
      } else {
        assert.deepEqual(parsed, { ok: true, tag: expected });
      }
    });
  }
});
