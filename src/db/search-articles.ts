import { unpackBody, type StoredBody } from './article-body.js';
import { foldStrokedD } from '../shared/fold-diacritics.js';
import { splitSearchWords } from '../shared/search-words.js';
import {
  SUMMARY_COLUMNS,
  toSummary,
  type ArticleSummary,
  type Page,
  type SummaryRow,
} from './articles.js';
import type { Database } from './types.js';
import { VISIBLE } from './visibility.js';

export interface SearchHit extends ArticleSummary {
  /** The body as the importer rendered it, for the snippet. */
  bodyHtml: string;
  /** The accented text contains the words exactly as typed, diacritics included. */
  exact: boolean;
}

export interface SearchOptions {
  now: number;
  limit: number;
  offset: number;
}

/**
 * FTS5 expressions built from plain words only, every word quoted, so nothing a reader types
 * (" * ( OR NEAR) is ever read as query syntax. `found` needs every word in the folded index
 * (whose tokenizer folds the words as it folded the text); `exact` needs the words, in order and
 * with their diacritics, in the accented one.
 */
export function buildSearchMatch(query: string): { found: string; exact: string } | undefined {
  const words = splitSearchWords(query);
  if (words.length === 0) return undefined;
  const quote = (w: string) => `"${w.replace(/"/g, '""')}"`;
  return {
    found: words.map((w) => quote(foldStrokedD(w))).join(' '),
    exact: quote(words.join(' ')),
  };
}

/**
 * Published articles matching the query: exact-diacritic matches first, then by relevance
 * (bm25, the title weighing more than the body), then newest first.
 */
export async function searchArticles(
  db: Database,
  query: string,
  { now, limit, offset }: SearchOptions,
): Promise<Page<SearchHit>> {
  const match = buildSearchMatch(query);
  if (match === undefined) return { items: [], total: 0 };
  // The hits in a subquery of their own, so the FTS columns (title, body) never clash with the
  // articles' columns and VISIBLE reads as everywhere else.
  const hits = `(SELECT rowid AS hit_id, bm25(article_search_folded, 4, 1) AS relevance,
      rowid IN (SELECT rowid FROM article_search WHERE article_search MATCH :exact) AS exact
    FROM article_search_folded WHERE article_search_folded MATCH :found)`;
  const [rows, count] = await Promise.all([
    db.all<SummaryRow & { body_html: StoredBody; exact: number }>(
      `SELECT ${SUMMARY_COLUMNS}, body_html, exact
       FROM ${hits} JOIN articles ON id = hit_id JOIN article_bodies USING (id)
       WHERE ${VISIBLE}
       ORDER BY exact DESC, relevance, published_at DESC, id DESC
       LIMIT :limit OFFSET :offset`,
      {
        ':exact': match.exact,
        ':found': match.found,
        ':now': now,
        ':limit': limit,
        ':offset': offset,
      },
    ),
    db.get<{ total: number }>(
      `SELECT count(*) AS total FROM article_search_folded
       JOIN articles ON id = article_search_folded.rowid
       WHERE article_search_folded MATCH :found AND ${VISIBLE}`,
      { ':found': match.found, ':now': now },
    ),
  ]);
  return {
    items: rows.map((r) => ({
      ...toSummary(r),
      bodyHtml: unpackBody(r.body_html),
      exact: r.exact === 1,
    })),
    total: count?.total ?? 0,
  };
}
