import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown } from '../../src/content/parse/markdown.js';

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
});
