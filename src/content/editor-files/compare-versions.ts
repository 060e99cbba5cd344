import { diffArrays, diffWords } from 'diff';
import type { VersionChange } from '../../db/article-versions.js';

/**
 * Two versions' paragraphs → what changed, as a reader follows it: paragraphs that stayed the
 * same are counted, not repeated; a paragraph rewritten is shown word by word, Vietnamese words
 * whole with their marks (the texts are NFC, as every file is read); a paragraph added or removed
 * is shown whole. Paragraphs are matched first, so the word-by-word work stays within one
 * paragraph whatever the length of the article.
 *
 *     ["Cầu dài 120 mét."] → ["Cầu dài 150 mét."]
 *       = [{ parts: [[0, "Cầu dài "], [-1, "120"], [1, "150"], [0, " mét."]] }]
 */
export function compareVersions(
  before: readonly string[],
  after: readonly string[],
): VersionChange[] {
  const changes: VersionChange[] = [];
  let removed: string[] = [];
  const flush = (added: readonly string[]) => {
    // Rewritten paragraphs pair up in order; the rest were removed or added whole.
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++) changes.push({ parts: wordChanges(removed[i]!, added[i]!) });
    for (const text of removed.slice(pairs)) changes.push({ parts: [[-1, text]] });
    for (const text of added.slice(pairs)) changes.push({ parts: [[1, text]] });
    removed = [];
  };
  for (const part of diffArrays([...before], [...after])) {
    if (part.removed) {
      flush([]);
      removed = part.value;
    } else if (part.added) {
      flush(part.value);
    } else {
      flush([]);
      changes.push({ same: part.value.length });
    }
  }
  flush([]);
  return changes;
}

function wordChanges(before: string, after: string): [-1 | 0 | 1, string][] {
  return diffWords(before, after).map((part) => [
    part.added ? 1 : part.removed ? -1 : 0,
    part.value,
  ]);
}
