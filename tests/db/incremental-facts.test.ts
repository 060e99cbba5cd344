import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { rankRelated } from '../../src/db/rank-related.js';
import { listRelatedInputs } from '../../src/db/related-articles.js';
import { countSiteFacts, listFacetCounts, readSiteFacts } from '../../src/db/site-facts.js';
import { startSite, type TestSite } from '../helpers/site.js';

const article = (title: string, meta: Record<string, string>) =>
  `---\n${Object.entries(meta)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n${title}\n\nMở đầu bài ${title}.\n`;

/** A small archive: two sections, a few tags and authors, a month of dates. */
function archive(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= 14; i++) {
    const folder = i % 3 === 0 ? 'Kinh tế' : 'Thoi su';
    const tags = ['Pác Nặm', 'nông nghiệp', 'giao thông'].filter((_, t) => (i + t) % 2 === 0);
    files[`${folder}/bai-${i}.md`] = article(`Bài ${i}`, {
      date: `2024-03-${String(i + 1).padStart(2, '0')} 08:00`,
      tags: `[${tags.join(', ')}]`,
      author: i % 2 === 0 ? 'Hà An' : 'Lý Văn Sùng',
    });
  }
  return files;
}

/** Waits until the watcher has had nothing to do for a while. */
async function quiet(site: TestSite): Promise<void> {
  let seen = -1;
  while (seen !== site.syncs.length) {
    seen = site.syncs.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The facts and related lists as stored, beside what counting and ranking everything gives. */
async function compareWithWhole(site: TestSite, step: string) {
  const now = Date.now();
  const [facts, stored, counted] = await Promise.all([
    readSiteFacts(site.db),
    listFacetCounts(site.db),
    countSiteFacts(site.db, now),
  ]);
  assert.equal(facts.articles, counted.articles, `${step}: the article count`);
  assert.deepEqual(stored, counted.facets, `${step}: every section, tag and author`);
  const inputs = await listRelatedInputs(site.db);
  const ranked = rankRelated(inputs);
  const lists = await site.db.all<{ id: number; related_ids: string }>(
    'SELECT id, related_ids FROM articles WHERE deleted_at IS NULL AND draft = 0',
  );
  for (const { id, related_ids } of lists) {
    assert.deepEqual(JSON.parse(related_ids), ranked.get(id), `${step}: related to ${id}`);
  }
}

describe('facts and related lists moved on change by change', () => {
  it('add up to what counting and ranking the whole archive gives, after every kind of edit', async () => {
    const site = await startSite({ watch: true, files: archive() });
    try {
      const dir = site.contentDir;
      const edits: [string, () => Promise<unknown>][] = [
        [
          'a new article',
          () =>
            site.write(
              'Thoi su/moi.md',
              article('Bài mới', {
                date: '2024-03-09 09:00',
                tags: '[Pác Nặm, lễ hội]',
                author: 'Hà An',
              }),
            ),
        ],
        [
          'a section renamed in its newest article',
          () =>
            site.write(
              'Thoi su/bai-13.md',
              article('Bài 13', {
                date: '2024-03-14 08:00',
                section: 'Thời sự',
                tags: '[Pác Nặm]',
              }),
            ),
        ],
        [
          'tags and author changed',
          () =>
            site.write(
              'Kinh tế/bai-6.md',
              article('Bài 6', {
                date: '2024-03-07 08:00',
                tags: '[giao thông, lễ hội]',
                author: 'Ma Thị Thu',
              }),
            ),
        ],
        [
          'a date moved across others',
          () =>
            site.write(
              'Thoi su/bai-2.md',
              article('Bài 2', { date: '2024-03-20 08:00', tags: '[nông nghiệp]' }),
            ),
        ],
        [
          'a draft',
          () =>
            site.write(
              'Thoi su/bai-4.md',
              article('Bài 4', { date: '2024-03-05 08:00', draft: 'true', tags: '[Pác Nặm]' }),
            ),
        ],
        [
          'a scheduled article',
          () =>
            site.write(
              'Kinh tế/hen.md',
              article('Bài hẹn', { date: '2031-01-01 08:00', tags: '[Pác Nặm]' }),
            ),
        ],
        ['a deletion', () => fs.rm(path.join(dir, 'Thoi su/bai-5.md'))],
        [
          'a move into another section',
          () => fs.rename(path.join(dir, 'Thoi su/bai-7.md'), path.join(dir, 'Kinh tế/bai-7.md')),
        ],
        [
          'a deleted article back',
          () => site.write('Thoi su/bai-5.md', archive()['Thoi su/bai-5.md']!),
        ],
        [
          'a draft published',
          () =>
            site.write(
              'Thoi su/bai-4.md',
              article('Bài 4', { date: '2024-03-05 08:00', tags: '[Pác Nặm]' }),
            ),
        ],
      ];
      await quiet(site);
      await compareWithWhole(site, 'the first import');
      for (const [step, edit] of edits) {
        await edit();
        await quiet(site);
        await compareWithWhole(site, step);
      }
      // A walk checks the same sums; it finds nothing to correct.
      await site.importer.sync({ settleMs: 0 });
      assert.ok(
        !site.logs.some((l) => /drifted/.test(l.msg)),
        'the walk found the counts as they should be',
      );
    } finally {
      await site.close();
    }
  });
});
