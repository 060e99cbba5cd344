import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  affectedByChange,
  rankRelated,
  RELATED_STORED,
  type RelatedInput,
} from '../../src/db/rank-related.js';

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

describe('affectedByChange', () => {
  // A seeded generator, so a failure can be replayed.
  const random = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

  it('finds every list that changes: ranking those again equals ranking the archive', () => {
    for (let round = 0; round < 10; round++) {
      const next = random(round + 1);
      const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
      const tags = Array.from({ length: 12 }, (_, i) => `t${i}`);
      const make = (id: number): RelatedInput =>
        input(id, Math.floor(next() * 2000), pick(['a', 'b', 'c', 'd', undefined]), [
          pick(tags),
          ...(next() < 0.5 ? [pick(tags)] : []),
        ]);
      const before = Array.from({ length: 2000 }, (_, i) => make(i + 1));
      const lists = rankRelated(before);
      // A few articles edited (new date, section or tags), a few removed, a few added.
      const changed = new Set<number>();
      const after: RelatedInput[] = [];
      for (const article of before) {
        const roll = next();
        if (roll < 0.002) changed.add(article.id);
        else if (roll < 0.004) {
          changed.add(article.id);
          after.push(make(article.id));
        } else after.push(article);
      }
      for (let id = 2001; id <= 2003; id++) {
        after.push(make(id));
        changed.add(id);
      }
      const affected = affectedByChange(before, after, changed);
      const partial = rankRelated(after, affected);
      const full = rankRelated(after);
      for (const { id } of after) {
        assert.deepEqual(
          partial.get(id) ?? lists.get(id),
          full.get(id),
          `round ${round}, article ${id}`,
        );
      }
    }
  });

  it('reaches only the neighbours of a change, whatever the size of the archive', () => {
    const archive = Array.from({ length: 10_000 }, (_, i) =>
      input(i + 1, i, ['a', 'b', 'c', 'd'][i % 4], [`t${i % 7}`]),
    );
    const edited = { ...archive[5000]!, tagSlugs: ['t1', 't2'] };
    const after = archive.map((a) => (a.id === edited.id ? edited : a));
    const affected = affectedByChange(archive, after, new Set([edited.id]));
    // Its section and tags, as before and after, each 51 neighbours on either side at most.
    assert.ok(affected.size <= 2 * 3 * 103, `${affected.size}`);
    assert.ok(affected.has(4997) && affected.has(5005), 'its nearest neighbours in the section');
    assert.ok(!affected.has(1) && !affected.has(9000));
  });
});
