import { batches } from './batches.js';
import type { Database, Executor } from './types.js';

export type NoteKind = 'correction' | 'update';

/** A dated note an editor adds to an article: a correction of a fact, or an update. */
export interface ArticleNote {
  kind: NoteKind;
  /**
   * "dinh-chinh-20240502-0900": the note's id on its article's page and in feeds, the same for
   * as long as its date is. Two versions of a file with the same anchors carry the same notes.
   */
  anchor: string;
  date: number;
  /** A correction shown at the top of the article, where the error was read. */
  top: boolean;
  /** The text as HTML, rendered at import with its links checked. */
  html: string;
  /** The same as plain text, for structured data and feed summaries. */
  text: string;
}

export interface NoteRow {
  kind: NoteKind;
  anchor: string;
  noted_at: number;
  top: number;
  html: string;
  text: string;
}

export const NOTE_COLUMNS = 'kind, anchor, noted_at, top, html, text';

export const toNote = (row: NoteRow): ArticleNote => ({
  kind: row.kind,
  anchor: row.anchor,
  date: row.noted_at,
  top: row.top === 1,
  html: row.html,
  text: row.text,
});

/** An article's notes in the order its page shows them. */
export async function listNotes(db: Pick<Database, 'all'>, id: number): Promise<ArticleNote[]> {
  const rows = await db.all<NoteRow>(
    `SELECT ${NOTE_COLUMNS} FROM article_notes WHERE article_id = ? ORDER BY position`,
    [id],
  );
  return rows.map(toNote);
}

/** Replaces the notes of the articles being written with the ones their files now carry. */
export async function replaceNotes(
  tx: Executor,
  articles: readonly { id: number; notes: readonly ArticleNote[] }[],
): Promise<void> {
  await tx.run('DELETE FROM article_notes WHERE article_id IN (SELECT value FROM json_each(?))', [
    JSON.stringify(articles.map((a) => a.id)),
  ]);
  const rows = articles.flatMap(({ id, notes }) =>
    notes.map((n, position) => [
      id,
      position,
      n.kind,
      n.anchor,
      n.date,
      n.top ? 1 : 0,
      n.html,
      n.text,
    ]),
  );
  for (const batch of batches(rows)) {
    await tx.run(
      `INSERT INTO article_notes (article_id, position, kind, anchor, noted_at, top, html, text)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4,
         j.value ->> 5, j.value ->> 6, j.value ->> 7
       FROM json_each(?) AS j`,
      [JSON.stringify(batch)],
    );
  }
}
