import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown } from '../../src/content/parse/markdown.js';

const headings = (body: string, hasTitle: boolean) =>
  [
    ...renderMarkdown(body, {
      hasTitle,
      resolveImage: () => undefined,
      warn: () => undefined,
    }).html.matchAll(/<(h\d)>/g),
  ]
    .map((m) => m[1])
    .join(' ');

describe('renderMarkdown headings', () => {
  it('starts the body at <h2> below a "# Title" line, without skipping a level', () => {
    assert.equal(
      headings('# Tiêu đề\n\nSapo.\n\n## Phần một\n\n### Chi tiết\n\n## Phần hai\n', false),
      'h2 h3 h2',
    );
  });

  it('moves a body that starts at "#" below the front-matter title', () => {
    assert.equal(headings('Sapo.\n\n# Phần một\n\n## Chi tiết\n', true), 'h2 h3');
  });

  it('never goes past <h6>', () => {
    assert.equal(headings('Sapo.\n\n# Một\n\n###### Sáu\n', true), 'h2 h6');
  });
});
