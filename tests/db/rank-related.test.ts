import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rankRelated, RELATED_STORED, type RelatedInput } from '../../src/db/rank-related.js';

const DAY = 24 * 60 * 60 * 1000;
const at = (day: number) => Date.UTC(2024, 0, 1) + day * DAY;
const input = (
  id: number,
  day: number,
  sectionSlug?: string,
  tagSlugs: string[] = [],
): RelatedInput => ({ id, publishedAt: at(day), sectionSlug, tagSlugs });

describe('rankRelated', () => {
  it('puts those sharing the most first, then the nearest in time', () => {
    const ranked = rankRelated([
      input(1, 10, 'thoi-su', ['lua', 'pac-nam']),
      input(2, 40, 'thoi-su', ['lua', 'pac-nam']), // section and two tags
      input(3, 11, 'thoi-su'), // section only, a day away
      input(4, 30, 'kinh-te', ['lua']), // one tag
      input(5, 9, 'kinh-te'), // nothing shared
      input(6, 12, undefined, ['pac-nam']), // one tag, two days away
    ]);
    assert.deepEqual(ranked.get(1), [2, 3, 6, 4]);
  });

  it('never lists an article as related to itself, nor one that shares nothing', () => {
    const ranked = rankRelated([input(1, 1, 'a'), input(2, 2, 'b'), input(3, 3)]);
    assert.deepEqual(ranked.get(1), []);
    assert.deepEqual(ranked.get(3), []);
  });

  it(`keeps ${RELATED_STORED} per article and breaks ties by the higher id`, () => {
    const many = Array.from({ length: 30 }, (_, i) => input(i + 1, 100, 'thoi-su'));
    const ranked = rankRelated(many);
    assert.equal(ranked.get(1)!.length, RELATED_STORED);
    assert.deepEqual(ranked.get(1)!.slice(0, 3), [30, 29, 28]);
  });

  it('gives the same answer whatever order the articles come in', () => {
    const articles = Array.from({ length: 200 }, (_, i) =>
      input(i + 1, (i * 37) % 120, ['a', 'b', 'c'][i % 3], [`t${i % 7}`, `t${i % 5}`]),
    );
    const forward = rankRelated(articles);
    const backward = rankRelated([...articles].reverse());
    for (const { id } of articles) assert.deepEqual(backward.get(id), forward.get(id), `${id}`);
  });

  it('takes the nearest neighbours in time on both sides in a large section', () => {
    const section = Array.from({ length: 5000 }, (_, i) => input(i + 1, i, 'thoi-su'));
    const ranked = rankRelated(section);
    assert.deepEqual(
      ranked
        .get(2500)!
        .slice(0, 4)
        .sort((a, b) => a - b),
      [2498, 2499, 2501, 2502],
    );
    assert.deepEqual(ranked.get(1)!.slice(0, 2), [2, 3], 'the oldest looks forward');
  });
});
