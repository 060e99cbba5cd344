import { foldStrokedD } from '../shared/fold-diacritics.js';
import type { Executor } from './types.js';

/*
 * The full-text index (made by migration 4), rowid = article id, in two tables that hold no text
 * of their own (contentless: the words are indexed, the text stays in article_bodies):
 * - `article_search` keeps diacritics, to rank exact-diacritic matches first;
 * - `article_search_folded` drops them, so "dang vien" finds "đảng viên". SQLite's tokenizer
 *   folds every Vietnamese vowel (remove_diacritics 2 handles stacked marks such as ặ, ể), but
 *   đ is a letter of its own with no decomposition, so it is folded before indexing.
 */

/** What the index reads of an article. */
export interface IndexedText {
  id: number;
  title: string;
  bodyText: string;
}

// Rows per statement: each statement is one trip to SQLite's thread, so bulk imports send
// many rows at once, as JSON.
const BATCH = 500;

/** Replaces the articles' rows in the index with their current title and text. */
export async function indexArticles(tx: Executor, articles: readonly IndexedText[]): Promise<void> {
  await unindexArticles(
    tx,
    articles.map((a) => a.id),
  );
  for (let start = 0; start < articles.length; start += BATCH) {
    const batch = articles.slice(start, start + BATCH);
    const accented = batch.map((a) => [
      a.id,
      a.title.normalize('NFC'),
      a.bodyText.normalize('NFC'),
    ]);
    await tx.run(
      `INSERT INTO article_search (rowid, title, body)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2 FROM json_each(?) AS j`,
      [JSON.stringify(accented)],
    );
    await tx.run(
      `INSERT INTO article_search_folded (rowid, title, body)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2 FROM json_each(?) AS j`,
      [
        JSON.stringify(
          accented.map(([id, title, body]) => [
            id,
            foldStrokedD(String(title)),
            foldStrokedD(String(body)),
          ]),
        ),
      ],
    );
  }
}

/** Removed articles leave the index; a restored one is indexed again with its text. */
export async function unindexArticles(tx: Executor, ids: readonly number[]): Promise<void> {
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = JSON.stringify(ids.slice(start, start + BATCH));
    for (const table of ['article_search', 'article_search_folded']) {
      await tx.run(`DELETE FROM ${table} WHERE rowid IN (SELECT value FROM json_each(?))`, [batch]);
    }
  }
}
