import type { Logger } from 'pino';
import type { Database } from '../db/types.js';
import { isDue, readSiteFacts, type SiteFacts } from '../db/site-facts.js';

export interface LiveFacts {
  /** The facts as this process knows them: never older than one poll of the database. */
  current(): SiteFacts;
  /** True when a scheduled article is due and the facts wait to be computed again. */
  due(): boolean;
  /** Facts that hold now: when a scheduled article has come due, they are computed first. */
  fresh(): Promise<SiteFacts>;
  /** An import in this process has committed these facts. */
  publish(facts: SiteFacts): void;
  close(): void;
}

export interface LiveFactsOptions {
  db: Database;
  now: () => number;
  logger: Logger;
  /**
   * Asks the importer to count in the scheduled articles that have come due (it publishes the
   * new facts, which `publish` receives); without an importer, facts are only read.
   */
  publishDue?: () => Promise<void>;
  /**
   * How often the database is asked whether another process (`npm run import`, a second server
   * writing the same file) has published: the bound on how long a page may lag behind it.
   */
  pollMs?: number;
}

/**
 * Keeps the site's facts (generation, navigation, counts, next scheduled publication) in memory
 * and current. An import in this process hands them over directly; imports elsewhere are seen
 * by polling one row; a scheduled article's moment makes the facts be computed again, as that
 * is the one change no import announces.
 */
export async function openLiveFacts({
  db,
  now,
  logger,
  publishDue,
  pollMs = 200,
}: LiveFactsOptions): Promise<LiveFacts> {
  let facts = await readSiteFacts(db);
  let refreshing: Promise<SiteFacts> | undefined;

  const adopt = (next: SiteFacts) => {
    if (next.generation >= facts.generation) facts = next;
  };

  const refresh = (): Promise<SiteFacts> => {
    refreshing ??= (publishDue ?? (() => readSiteFacts(db).then(adopt)))()
      .then(
        () => facts,
        (error: unknown) => {
          logger.error({ err: error }, 'could not publish a scheduled article');
          return facts;
        },
      )
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };

  const timer = setInterval(() => {
    if (isDue(facts, now())) {
      void refresh();
      return;
    }
    readSiteFacts(db).then(adopt, (error: unknown) =>
      logger.warn({ err: error }, 'could not read the site facts'),
    );
  }, pollMs);
  timer.unref();

  return {
    current: () => facts,
    due: () => isDue(facts, now()),
    fresh: () => (isDue(facts, now()) ? refresh() : Promise.resolve(facts)),
    publish: adopt,
    close: () => clearInterval(timer),
  };
}
