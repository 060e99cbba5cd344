import type { Logger } from 'pino';
import {
  countSiteFacts,
  isDue,
  listFacetCounts,
  readSiteFacts,
  refreshSiteFacts,
  type SiteFacts,
} from '../../db/site-facts.js';
import type { Database } from '../../db/types.js';

/**
 * After a walk: the counts moved on change by change must add up to a count of the whole
 * archive (read, not written, so no edit waits for it). If they do not, it is said in the log
 * and they are counted again, so a page never shows a wrong count for longer than a walk.
 * Returns the facts counted again, if they were.
 */
export async function checkCounts(
  db: Database,
  now: number,
  logger: Logger,
): Promise<SiteFacts | undefined> {
  const facts = await readSiteFacts(db);
  // Nothing to check yet, or counts about to move for a scheduled article: next time.
  if (facts.generation === 0 || isDue(facts, now)) return undefined;
  const [stored, counted] = await Promise.all([listFacetCounts(db), countSiteFacts(db, now)]);
  if (
    counted.articles === facts.articles &&
    JSON.stringify(counted.facets) === JSON.stringify(stored)
  ) {
    return undefined;
  }
  logger.warn(
    { counted: counted.articles, stored: facts.articles },
    'the site counts had drifted from the articles; counted again',
  );
  return db.transaction((tx) => refreshSiteFacts(tx, now));
}
