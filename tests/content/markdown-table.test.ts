import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { COLUMN_UNITS, renderMarkdown } from '../../src/content/parse/markdown.js';
import { PUBLIC_DIR } from '../../src/paths.js';
import { minifyCss } from '../../src/web/inline-style.js';

const render = (body: string) =>
  renderMarkdown(body, { hasTitle: true, resolveImage: () => undefined, warn: () => undefined })
    .html;

describe('renderMarkdown tables', () => {
  it('aligns columns with classes, never with a style attribute the CSP would block', () => {
    const html = render(
      'Giá tuần này.\n\n| Mặt hàng | Giá | Ghi chú |\n| :--- | ---: | :---: |\n| Măng khô | 250.000 | tăng |\n',
    );
    assert.doesNotMatch(html, /style=/);
    assert.match(html, /<th class="align-left">Mặt hàng<\/th>/);
    assert.match(html, /<td class="align-right">250\.000<\/td>/);
    assert.match(html, /<td class="align-center">tăng<\/td>/);
  });

  it('leaves columns without an alignment free of attributes', () => {
    const html = render(
      'Giá tuần này.\n\n| Mặt hàng | Giá |\n| --- | --- |\n| Gà đồi | 140.000 |\n',
    );
    assert.match(html, /<td>Gà đồi<\/td>\n<td>140\.000<\/td>/);
  });

  it('gives each column its share of the table before the first row, from its longest cell', () => {
    const html = render(
      'Giá tuần này.\n\n| Mặt hàng | Đơn vị | Giá (đồng) |\n| --- | --- | ---: |\n' +
        '| Măng khô | kg | 250.000 |\n| Mật ong bạc hà | lít | 400.000 |\n',
    );
    // 14, 6 and 10 characters at most: 45 %, 20 % and 35 % of the table, in twentieths.
    assert.match(
      html,
      /<table>\n<colgroup><col class="w-9"><col class="w-4"><col class="w-7"><\/colgroup>\n<thead>/,
    );
  });

  it('keeps a column of empty cells a twentieth of the table', () => {
    const html = render(`Bảng.\n\n| Xã | |\n| --- | --- |\n| ${'Bộc Bố '.repeat(20)}| |\n`);
    assert.match(html, /<colgroup><col class="w-19"><col class="w-1"><\/colgroup>/);
  });

  it('leaves a table of more than twenty columns to the browser', () => {
    const row = (cell: string) => `|${` ${cell} |`.repeat(21)}\n`;
    const html = render(`Bảng.\n\n${row('Cột')}${row('---')}${row('1')}`);
    assert.match(html, /<table>\n<thead>/);
    assert.doesNotMatch(html, /<colgroup>/);
  });

  it('finds in the stylesheet the width of every share a column can have', () => {
    const css = minifyCss(fs.readFileSync(path.join(PUBLIC_DIR, 'site.css'), 'utf8'));
    for (let units = 1; units <= COLUMN_UNITS; units++) {
      const width = `${(units * 100) / COLUMN_UNITS}%`;
      assert.ok(css.includes(`.article__body .w-${units}{width:${width}}`), `w-${units}: ${width}`);
    }
  });
});
