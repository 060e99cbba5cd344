import { NOTE_COLUMNS, toNote, type ArticleNote, type NoteRow } from './article-notes.js';
import type { ListOptions } from './articles.js';
import type { Database } from './types.js';
import { VISIBLE } from './visibility.js';

/** A correction as `/dinh-chinh` lists it: the note, and the article it corrects. */
export interface Correction {
  note: ArticleNote;
  article: {
    id: number;
    slug: string;
    title: string;
    lang: string | undefined;
    publishedAt: number;
    updatedAt: number | undefined;
  };
}

interface CorrectionRow extends NoteRow {
  id: number;
  slug: string;
  title: string;
  lang: string | null;
  published_at: number;
  updated_at: number | null;
}

// The corrections of the articles readers can see: a range of the notes' date index, each
// note's article then read by its id. CROSS JOIN keeps that order: SQLite would otherwise be
// free to start from the articles and read them all.
const CORRECTIONS = `FROM article_notes AS n CROSS JOIN articles AS a ON a.id = n.article_id
  WHERE n.kind = 'correction' AND ${VISIBLE}`;

/** Every correction of a visible article, newest first, a page at a time. */
export async function listCorrections(
  db: Database,
  { now, limit, offset }: ListOptions,
): Promise<Correction[]> {
  const rows = await db.all<CorrectionRow>(
    `SELECT ${NOTE_COLUMNS}, a.id, a.slug, a.title, a.lang, a.published_at, a.updated_at
     ${CORRECTIONS} ORDER BY n.noted_at DESC, n.article_id DESC, n.position
     LIMIT :limit OFFSET :offset`,
    { ':now': now, ':limit': limit, ':offset': offset },
  );
  return rows.map((row) => ({
    note: toNote(row),
    article: {
      id: row.id,
      slug: row.slug,
      title: row.title,
      lang: row.lang ?? undefined,
      publishedAt: row.published_at,
      updatedAt: row.updated_at ?? undefined,
    },
  }));
}

/**
 * How many corrections `listCorrections` has in all, for its pages. Counted along the same index
 * range: corrections are few beside articles, and whether one shows depends on the time.
 */
export async function countCorrections(db: Database, now: number): Promise<number> {
  const row = await db.get<{ total: number }>(`SELECT count(*) AS total ${CORRECTIONS}`, {
    ':now': now,
  });
  return row?.total ?? 0;
}
