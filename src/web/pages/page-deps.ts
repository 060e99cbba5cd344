import type { Database } from '../../db/database.js';

/** What page handlers need: the database and the clock (a parameter so tests can move time). */
export interface PageDeps {
  db: Database;
  now: () => number;
}
