import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlightSnippet, highlightText, listMarkWords } from '../../src/web/search-highlight.js';

describe('highlightText', () => {
  const table: [query: string, text: string, html: string][] = [
    ['pac nam', 'Huyện ủy Pác Nặm', 'Huyện ủy <mark>Pác</mark> <mark>Nặm</mark>'],
    [
      'dang vien',
      'Đảng viên, đang viên',
      '<mark>Đảng</mark> <mark>viên</mark>, <mark>đang</mark> <mark>viên</mark>',
    ],
    ['duoc', 'được, dược, đưa', '<mark>được</mark>, <mark>dược</mark>, đưa'],
    ['nam', 'Pác Nặm <b>&', 'Pác <mark>Nặm</mark> &lt;b&gt;&amp;'],
    ['script', '<script>', '&lt;<mark>script</mark>&gt;'],
    ['"<mark>"', 'a <mark> b', 'a &lt;<mark>mark</mark>&gt; b'],
    ['xa', 'Xã xa', '<mark>Xã</mark> <mark>xa</mark>'],
  ];
  for (const [query, text, html] of table) {
    it(`marks "${query}" in "${text}"`, () => {
      assert.equal(highlightText(text, listMarkWords(query)), html);
    });
  }

  it('matches text written with combining marks', () => {
    assert.equal(
      highlightText('Pác Nặm'.normalize('NFD'), listMarkWords('pac nam')),
      `<mark>${'Pác'.normalize('NFD')}</mark> <mark>${'Nặm'.normalize('NFD')}</mark>`,
    );
  });
});

describe('highlightSnippet', () => {
  it('shows the words around the first match, with ellipses where the text goes on', () => {
    const words = Array.from({ length: 100 }, (_v, i) => `từ${i}`);
    words[60] = 'Nặm';
    const html = highlightSnippet(words.join(' '), listMarkWords('nam'));
    assert.match(html, /^… từ48 /);
    assert.match(html, /<mark>Nặm<\/mark>/);
    assert.match(html, / từ87 …$/);
  });

  it('shows the opening words when only the title matched', () => {
    const html = highlightSnippet('một hai ba', listMarkWords('nam'));
    assert.equal(html, 'một hai ba');
  });
});
