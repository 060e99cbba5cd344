import { foldForSearch } from '../shared/search-words.js';
import type { Executor } from './database.js';

/**
 * Migration 3, frozen as it shipped: the first full-text index, the text stored twice, accented
 * and folded in JS. Migration 4 replaced it (search-index.ts); nothing else uses this file.
 */
const CREATE_SEARCH_INDEX = `
  CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, title_folded, body_folded,
    tokenize = 'unicode61 remove_diacritics 0'
  )`;

async function indexArticle(
  tx: Executor,
  id: number,
  a: { title: string; bodyText: string },
): Promise<void> {
  await unindexArticle(tx, id);
  const title = a.title.normalize('NFC');
  const body = a.bodyText.normalize('NFC');
  await tx.run(
    `INSERT INTO article_search (rowid, title, body, title_folded, body_folded)
     VALUES (?, ?, ?, ?, ?)`,
    [id, title, body, foldForSearch(title), foldForSearch(body)],
  );
}

async function unindexArticle(tx: Executor, id: number): Promise<void> {
  await tx.run('DELETE FROM article_search WHERE rowid = ?', [id]);
}

/** Migration 3: the index, filled from the articles already stored. */
export async function createSearchIndex(tx: Executor): Promise<void> {
  await tx.run(CREATE_SEARCH_INDEX);
  const rows = await tx.all<{ id: number; title: string; body_text: string }>(
    'SELECT id, title, body_text FROM articles WHERE deleted_at IS NULL',
  );
  for (const row of rows)
    await indexArticle(tx, row.id, { title: row.title, bodyText: row.body_text });
}
