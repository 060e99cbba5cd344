import { foldForSearch } from '../shared/search-words.js';
import type { Executor } from './database.js';

/**
 * The full-text index: one row per published-or-pending article, rowid = article id. FTS5's own
 * remove_diacritics cannot fold đ or every stacked mark (ặ, ể), so the text is stored twice:
 * accented (to rank exact-diacritic matches first) and folded here in JS (to find everything).
 * The tokenizer keeps diacritics so the accented columns really are accented.
 */
export const CREATE_SEARCH_INDEX = `
  CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, title_folded, body_folded,
    tokenize = 'unicode61 remove_diacritics 0'
  )`;

/** Replaces the article's row in the index with its current title and text. */
export async function indexArticle(
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

/** A removed article leaves the index; a restored one is indexed again by its upsert. */
export async function unindexArticle(tx: Executor, id: number): Promise<void> {
  await tx.run('DELETE FROM article_search WHERE rowid = ?', [id]);
}

/**
 * Migration 3: the index, filled from the articles already stored. Shipped, so frozen like any
 * migration: a later change to the index's columns is a new migration, not an edit here.
 */
export async function createSearchIndex(tx: Executor): Promise<void> {
  await tx.run(CREATE_SEARCH_INDEX);
  const rows = await tx.all<{ id: number; title: string; body_text: string }>(
    'SELECT id, title, body_text FROM articles WHERE deleted_at IS NULL',
  );
  for (const row of rows)
    await indexArticle(tx, row.id, { title: row.title, bodyText: row.body_text });
}
