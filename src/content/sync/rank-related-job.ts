import type { Database } from '../../db/types.js';
import { createRanker, type RelatedInput } from '../../db/rank-related.js';
import { readRankingInput, storeRelatedLists } from '../../db/related-articles.js';
import { advanceSiteFacts, type SiteFacts } from '../../db/site-facts.js';

/** Lists ranked and stored per transaction: the sync answers edits between two of these. */
const RANK_SLICE = 1000;

/**
 * The related lists of articles near what changed, ranked a slice at a time. Changes wait here
 * (each article as it stood before its first change not yet ranked) until a job is started on
 * them; the job reads what it needs at once, then ranks and stores a thousand lists per step, so
 * ranking after a large import never holds an edit back. Once the last slice is stored, the
 * facts move on if any list changed: cached article pages show the old lists.
 */
export function createRelatedRanking({
  db,
  now,
  onPublish,
}: {
  db: Database;
  now: () => number;
  onPublish: ((facts: SiteFacts) => void) | undefined;
}) {
  const waiting = new Map<number, RelatedInput | undefined>();
  let job:
    { rank: (a: RelatedInput) => number[]; todo: RelatedInput[]; changed: number } | undefined;

  return {
    /** Articles written or removed, with how the listed ones stood before. */
    add(ids: readonly number[], before: readonly RelatedInput[]) {
      const stood = new Map(before.map((b) => [b.id, b]));
      for (const id of ids) if (!waiting.has(id)) waiting.set(id, stood.get(id));
    },
    /** Ranks the next slice; false when nothing was waiting. */
    async step(): Promise<boolean> {
      if (job === undefined) {
        if (waiting.size === 0) return false;
        const ids = new Set(waiting.keys());
        const before = [...waiting.values()].filter((b) => b !== undefined);
        waiting.clear();
        const input = await readRankingInput(db, { ids, before });
        job = {
          rank: createRanker(input.articles),
          todo: input.only ? input.articles.filter((a) => input.only!.has(a.id)) : input.articles,
          changed: 0,
        };
      }
      const current = job;
      const ranked = new Map(
        current.todo.splice(0, RANK_SLICE).map((a) => [a.id, current.rank(a)]),
      );
      const last = current.todo.length === 0;
      const facts = await db.transaction(async (tx) => {
        current.changed += await storeRelatedLists(tx, ranked);
        return last && current.changed > 0 ? advanceSiteFacts(tx, now()) : undefined;
      });
      if (last) job = undefined;
      if (facts) onPublish?.(facts);
      return true;
    },
  };
}
