import type { ArticleNote, NoteKind } from './article-notes.js';
import { batches } from './batches.js';
import type { Executor } from './types.js';
import { VISIBLE } from './visibility.js';
import type { Reader } from './sources.js';

/** One version of an article as content/_phien-ban/ keeps it (see kept-versions.ts). */
export interface VersionRow {
  articleId: number;
  number: number;
  hash: string;
  ext: string;
  seenAt: number;
  notes: string[];
}

interface Row {
  article_id: number;
  number: number;
  hash: string;
  ext: string;
  seen_at: number;
  notes: string;
}

const COLUMNS = 'article_id, number, hash, ext, seen_at, notes';

const toVersion = (r: Row): VersionRow => ({
  articleId: r.article_id,
  number: r.number,
  hash: r.hash,
  ext: r.ext,
  seenAt: r.seen_at,
  notes: JSON.parse(r.notes) as string[],
});

const sameVersion = (a: VersionRow, b: VersionRow): boolean =>
  a.hash === b.hash &&
  a.ext === b.ext &&
  a.seenAt === b.seenAt &&
  a.notes.join(',') === b.notes.join(',');

/** The newest version of each of these articles, seen or not. */
export async function listLatestVersions(
  db: Reader,
  ids: readonly number[],
): Promise<Map<number, VersionRow>> {
  const found = new Map<number, VersionRow>();
  for (const batch of batches(ids)) {
    const rows = await db.all<Row>(
      `SELECT ${COLUMNS} FROM article_versions AS v
       WHERE article_id IN (SELECT value FROM json_each(?))
         AND number = (SELECT max(number) FROM article_versions WHERE article_id = v.article_id)`,
      [JSON.stringify(batch)],
    );
    for (const row of rows) found.set(row.article_id, toVersion(row));
  }
  return found;
}

/** Of these texts, those already kept as a version of their article, as "id:hash". */
export async function listKeptTexts(
  db: Reader,
  texts: readonly Pick<VersionRow, 'articleId' | 'hash'>[],
): Promise<Set<string>> {
  if (texts.length === 0) return new Set();
  const rows = await db.all<{ article_id: number; hash: string }>(
    `SELECT v.article_id, v.hash FROM json_each(?) AS t
     JOIN article_versions AS v
       ON v.article_id = json_extract(t.value, '$[0]') AND v.hash = json_extract(t.value, '$[1]')`,
    [JSON.stringify(texts.map((t) => [t.articleId, t.hash]))],
  );
  return new Set(rows.map((r) => `${r.article_id}:${r.hash}`));
}

/** Whether another version of the article than `number` has these bytes. */
export async function isHashKeptElsewhere(
  db: Reader,
  v: Pick<VersionRow, 'articleId' | 'number' | 'hash'>,
): Promise<boolean> {
  const row = await db.get<{ found: number }>(
    `SELECT 1 AS found FROM article_versions
     WHERE article_id = ? AND number != ? AND hash = ? LIMIT 1`,
    [v.articleId, v.number, v.hash],
  );
  return row !== undefined;
}

// The versions a statement's JSON parameter names, as [article id, number] pairs: one lookup of
// the primary key each. (A correlated EXISTS over json_each read the whole table per statement.)
const KEY_ITEMS = 'j.value ->> 0, j.value ->> 1';
const THESE_VERSIONS = `(article_id, number) IN (SELECT ${KEY_ITEMS} FROM json_each(?) AS j)`;

/** Stores versions a primary has just kept, to be written to their index files after the commit. */
export async function upsertKeptVersions(
  tx: Executor,
  versions: readonly VersionRow[],
): Promise<void> {
  for (const batch of batches(versions)) {
    await tx.run(
      `INSERT INTO article_versions (${COLUMNS}, pending)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4,
         j.value ->> 5, 1 FROM json_each(?) AS j WHERE true
       ON CONFLICT (article_id, number) DO UPDATE SET hash = excluded.hash, ext = excluded.ext,
         seen_at = excluded.seen_at, notes = excluded.notes, pending = 1`,
      [
        JSON.stringify(
          batch.map((v) => [
            v.articleId,
            v.number,
            v.hash,
            v.ext,
            v.seenAt,
            JSON.stringify(v.notes),
          ]),
        ),
      ],
    );
  }
}

/** How many versions each of these articles has, on its row: its page links them from two on. */
export async function countVersions(tx: Executor, ids: readonly number[]): Promise<void> {
  for (const batch of batches(ids)) {
    await tx.run(
      `UPDATE articles SET versions =
         (SELECT count(*) FROM article_versions WHERE article_id = articles.id)
       WHERE id IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(batch)],
    );
  }
}

/** The versions of ids `first` to `last`, for their index file. */
export async function listVersionRange(
  db: Reader,
  first: number,
  last: number,
): Promise<VersionRow[]> {
  const rows = await db.all<Row>(
    `SELECT ${COLUMNS} FROM article_versions WHERE article_id BETWEEN ? AND ?
     ORDER BY article_id, number`,
    [first, last],
  );
  return rows.map(toVersion);
}

/** Ids whose versions are not written to their index files yet. */
export async function listPendingVersionIds(db: Reader): Promise<number[]> {
  const rows = await db.all<{ article_id: number }>(
    'SELECT DISTINCT article_id FROM article_versions WHERE pending = 1',
  );
  return rows.map((r) => r.article_id);
}

/** These versions are in their index files now, as they stand. */
export async function clearVersionsPending(
  tx: Executor,
  written: readonly VersionRow[],
): Promise<void> {
  for (const batch of batches(written)) {
    // Only as written: a version changed meanwhile stays pending for the next write.
    await tx.run(
      `UPDATE article_versions SET pending = 0 WHERE pending = 1
         AND (article_id, number, hash) IN (SELECT ${KEY_ITEMS}, j.value ->> 2 FROM json_each(?) AS j)`,
      [JSON.stringify(batch.map((v) => [v.articleId, v.number, v.hash]))],
    );
  }
}

/** Whether any article from `first` to `last` has a version: its index file should exist. */
export async function hasVersionsIn(db: Reader, first: number, last: number): Promise<boolean> {
  const row = await db.get<{ found: number }>(
    'SELECT 1 AS found FROM article_versions WHERE article_id BETWEEN ? AND ? LIMIT 1',
    [first, last],
  );
  return row !== undefined;
}

/** An index line that could not be read, kept to be written back as it was. */
export interface DamagedVersionLine {
  file: string;
  line: number;
  text: string;
  articleId: number | undefined;
}

export async function listDamagedVersionLines(
  db: Reader,
  file: string,
): Promise<DamagedVersionLine[]> {
  const rows = await db.all<{ line: number; text: string; article_id: number | null }>(
    'SELECT line, text, article_id FROM version_damaged WHERE file = ? ORDER BY line',
    [file],
  );
  return rows.map((r) => ({
    file,
    line: r.line,
    text: r.text,
    articleId: r.article_id ?? undefined,
  }));
}

/**
 * Makes the stored versions of ids `first` to `last` exactly those of their index file as just
 * read, and its damaged lines `damaged`; versions a primary has kept but not written yet stay.
 * Returns the ids whose versions changed.
 */
export async function replaceVersionRange(
  tx: Executor,
  { first, last, file }: { first: number; last: number; file: string },
  versions: readonly VersionRow[],
  damaged: readonly DamagedVersionLine[],
): Promise<number[]> {
  const stored = await tx.all<Row & { pending: number }>(
    `SELECT ${COLUMNS}, pending FROM article_versions WHERE article_id BETWEEN ? AND ?`,
    [first, last],
  );
  const key = (v: { articleId: number; number: number }) => `${v.articleId}/${v.number}`;
  const pending = new Set(stored.filter((r) => r.pending === 1).map((r) => key(toVersion(r))));
  const before = new Map(stored.map((r) => [key(toVersion(r)), toVersion(r)]));
  const wanted = new Map(versions.filter((v) => !pending.has(key(v))).map((v) => [key(v), v]));
  const changed = new Set<number>();
  const gone: VersionRow[] = [];
  for (const [k, v] of before) {
    if (!pending.has(k) && !wanted.has(k)) {
      gone.push(v);
      changed.add(v.articleId);
    }
  }
  const written: VersionRow[] = [];
  for (const [k, v] of wanted) {
    const was = before.get(k);
    if (was !== undefined && sameVersion(was, v)) continue;
    written.push(v);
    changed.add(v.articleId);
  }
  for (const batch of batches(gone)) {
    await tx.run(`DELETE FROM article_versions WHERE ${THESE_VERSIONS}`, [
      JSON.stringify(batch.map((v) => [v.articleId, v.number])),
    ]);
  }
  await upsertKeptVersions(tx, written);
  await clearVersionsPending(tx, written);
  await markVersionsToRender(tx, written, gone);
  await tx.run('DELETE FROM version_damaged WHERE file = ?', [file]);
  for (const d of damaged) {
    await tx.run('INSERT INTO version_damaged (file, line, text, article_id) VALUES (?, ?, ?, ?)', [
      file,
      d.line,
      d.text,
      d.articleId ?? null,
    ]);
  }
  return [...changed];
}

/** A published article with no version kept yet, and what its first version needs. */
export interface UnkeptArticle {
  id: number;
  sourcePath: string;
  hash: string;
  publishedAt: number;
  notes: string[];
}

/**
 * Up to 500 articles readers see with no kept version: those published by a release before
 * versions were kept. Read along an index that holds only them (and drafts to come).
 */
export async function listUnkeptArticles(db: Reader, now: number): Promise<UnkeptArticle[]> {
  const rows = await db.all<{
    id: number;
    source_path: string;
    source_hash: string;
    published_at: number;
    notes: string;
  }>(
    `SELECT id, source_path, source_hash, published_at,
       (SELECT json_group_array(anchor) FROM article_notes WHERE article_id = a.id) AS notes
     FROM articles AS a
     WHERE versions = 0 AND ${VISIBLE}
     LIMIT 500`,
    { ':now': now },
  );
  return rows.map((r) => ({
    id: r.id,
    sourcePath: r.source_path,
    hash: r.source_hash,
    publishedAt: r.published_at,
    notes: JSON.parse(r.notes) as string[],
  }));
}

type VersionKey = Pick<VersionRow, 'articleId' | 'number'>;

/**
 * After versions were kept, replaced, read from an index file or removed: which history pages
 * must be made again. A version changed is read again from its bytes; the one after it (and
 * after a version removed) is compared again; and once an article has two versions, those never
 * read yet are read. An article with one version has no history page, so nothing is made.
 */
export async function markVersionsToRender(
  tx: Executor,
  changed: readonly VersionKey[],
  removed: readonly VersionKey[] = [],
): Promise<void> {
  const ids = [...new Set([...changed, ...removed].map((v) => v.articleId))];
  if (ids.length === 0) return;
  const key = (v: VersionKey) => `${v.articleId}/${v.number}`;
  const changedKeys = new Set(changed.map(key));
  const rows = await tx.all<{ article_id: number; number: number; unread: number }>(
    `SELECT article_id, number, content IS NULL AND problem IS NULL AS unread
     FROM article_versions WHERE article_id IN (SELECT value FROM json_each(?))
     ORDER BY article_id, number`,
    [JSON.stringify(ids)],
  );
  const byArticle = new Map<number, (VersionKey & { unread: number })[]>(ids.map((id) => [id, []]));
  for (const r of rows) byArticle.get(r.article_id)?.push({ ...r, articleId: r.article_id });
  const reread: VersionKey[] = [];
  const compare: VersionKey[] = [];
  for (const [id, list] of byArticle) {
    for (const [i, row] of list.entries()) {
      const previous = list[i - 1];
      if (changedKeys.has(key(row))) reread.push(row);
      else if (list.length < 2) continue;
      else if (row.unread === 1) reread.push(row);
      else if (
        previous !== undefined &&
        (changedKeys.has(key(previous)) ||
          removed.some(
            (r) => r.articleId === id && r.number < row.number && r.number > previous.number,
          ))
      ) {
        compare.push(row);
      }
    }
  }
  const single = new Set(ids.filter((id) => byArticle.get(id)!.length < 2));
  const update = async (sql: string, list: VersionKey[]) => {
    for (const batch of batches(list)) {
      await tx.run(`UPDATE article_versions SET ${sql} WHERE ${THESE_VERSIONS}`, [
        JSON.stringify(batch.map((v) => [v.articleId, v.number])),
      ]);
    }
  };
  const cleared = 'content = NULL, text = NULL, changes = NULL, problem = NULL';
  await update(
    `rendered = 0, ${cleared}`,
    reread.filter((v) => !single.has(v.articleId)),
  );
  await update(
    `rendered = 1, ${cleared}`,
    reread.filter((v) => single.has(v.articleId)),
  );
  await update('rendered = 0, changes = NULL', compare);
}

/** A version as its page shows it, read from its kept bytes at import. */
export interface VersionContent {
  title: string;
  lang: string | undefined;
  /** Safe HTML, made by the parser as an article's is. */
  sapoHtml: string;
  bodyHtml: string;
  notes: ArticleNote[];
}

/**
 * What changed from one version to the next, paragraph by paragraph: a run of paragraphs that
 * stayed the same (how many), or one that changed, word by word ([0, "same"], [-1, "removed"],
 * [1, "added"]).
 */
export type VersionChange = { same: number } | { parts: [-1 | 0 | 1, string][] };

/** A version with what its page shows, as stored; all undefined until made. */
export interface VersionRecord extends VersionRow {
  rendered: boolean;
  content: VersionContent | undefined;
  /** Its paragraphs as plain text, what the next version is compared with. */
  text: string[] | undefined;
  /** What changed since the version before it; undefined for the first. */
  changes: VersionChange[] | undefined;
  /** Why its bytes could not be read. */
  problem: string | undefined;
  /** The kinds of notes that came with it. */
  notesAdded: NoteKind[];
}

interface RecordRow extends Row {
  rendered: number;
  content: string | null;
  text: string | null;
  changes: string | null;
  problem: string | null;
  notes_added: string | null;
}

const RECORD_COLUMNS = `${COLUMNS}, rendered, content, text, changes, problem, notes_added`;

const parsed = <T>(json: string | null): T | undefined =>
  json === null ? undefined : (JSON.parse(json) as T);

const toRecord = (r: RecordRow): VersionRecord => ({
  ...toVersion(r),
  rendered: r.rendered === 1,
  content: parsed<VersionContent>(r.content),
  text: parsed<string[]>(r.text),
  changes: parsed<VersionChange[]>(r.changes),
  problem: r.problem ?? undefined,
  notesAdded: parsed<NoteKind[]>(r.notes_added) ?? [],
});

/** Every version of an article with what is stored for its page, oldest first. */
export async function listVersionRecords(db: Reader, articleId: number): Promise<VersionRecord[]> {
  const rows = await db.all<RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM article_versions WHERE article_id = ? ORDER BY number`,
    [articleId],
  );
  return rows.map(toRecord);
}

/** One version of an article with its page's content, if readers have seen it by `now`. */
export async function getVersionRecord(
  db: Reader,
  articleId: number,
  number: number,
  now: number,
): Promise<VersionRecord | undefined> {
  const row = await db.get<RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM article_versions
     WHERE article_id = ? AND number = ? AND seen_at <= ?`,
    [articleId, number, now],
  );
  return row && toRecord(row);
}

/** Up to `limit` articles with versions waiting for their pages to be made. */
export async function listArticlesToRender(db: Reader, limit: number): Promise<number[]> {
  const rows = await db.all<{ article_id: number }>(
    `SELECT DISTINCT article_id FROM article_versions WHERE rendered = 0
     ORDER BY article_id LIMIT ?`,
    [limit],
  );
  return rows.map((r) => r.article_id);
}

/** What making a version's page found. */
export interface RenderedVersion extends VersionKey {
  content: VersionContent | undefined;
  text: string[] | undefined;
  changes: VersionChange[] | undefined;
  problem: string | undefined;
  notesAdded: NoteKind[];
  renderVersion: string;
}

export async function storeRenderedVersions(
  tx: Executor,
  rendered: readonly RenderedVersion[],
): Promise<void> {
  for (const v of rendered) {
    await tx.run(
      `UPDATE article_versions SET rendered = 1, content = ?, text = ?, changes = ?, problem = ?,
         notes_added = ?, render_version = ? WHERE article_id = ? AND number = ?`,
      [
        v.content === undefined ? null : JSON.stringify(v.content),
        v.text === undefined ? null : JSON.stringify(v.text),
        v.changes === undefined ? null : JSON.stringify(v.changes),
        v.problem ?? null,
        JSON.stringify(v.notesAdded),
        v.renderVersion,
        v.articleId,
        v.number,
      ],
    );
  }
}

/**
 * Versions to make again: those made by other rendering code than `renderVersion` (a release
 * changed it), and those whose bytes could not be read (a replica's copy may have brought them
 * since). Run once a walk, so a whole pass over the versions waits that long.
 */
export async function markVersionsToRenderAgain(
  tx: Executor,
  renderVersion: string,
): Promise<void> {
  await tx.run(
    `UPDATE article_versions SET rendered = 0, content = NULL, text = NULL, changes = NULL,
       problem = NULL
     WHERE rendered = 1 AND (problem IS NOT NULL OR (content IS NOT NULL AND render_version IS NOT ?))`,
    [renderVersion],
  );
}

/** A version as the history page lists it. */
export type VersionSummary = Omit<VersionRecord, 'content' | 'text' | 'changes'>;

/** An article's versions readers have seen by `now`, oldest first: one range of the key. */
export async function listVersionsOf(
  db: Reader,
  articleId: number,
  now: number,
): Promise<VersionSummary[]> {
  const rows = await db.all<Omit<RecordRow, 'content' | 'text' | 'changes'>>(
    `SELECT ${COLUMNS}, rendered, problem, notes_added FROM article_versions
     WHERE article_id = ? AND seen_at <= ? ORDER BY number`,
    [articleId, now],
  );
  return rows.map((r) => ({
    ...toVersion(r),
    rendered: r.rendered === 1,
    problem: r.problem ?? undefined,
    notesAdded: parsed<NoteKind[]>(r.notes_added) ?? [],
  }));
}

/** What a history page needs of its article: who it is, whether readers may see it. */
export interface HistoryArticle {
  id: number;
  slug: string;
  title: string;
  lang: string | undefined;
  draft: boolean;
  publishedAt: number;
  deletedAt: number | undefined;
  versions: number;
}

export async function getHistoryArticle(
  db: Reader,
  id: number,
): Promise<HistoryArticle | undefined> {
  const row = await db.get<{
    id: number;
    slug: string;
    title: string;
    lang: string | null;
    draft: number;
    published_at: number;
    deleted_at: number | null;
    versions: number;
  }>(
    `SELECT id, slug, title, lang, draft, published_at, deleted_at, versions FROM articles
     WHERE id = ?`,
    [id],
  );
  return (
    row && {
      id: row.id,
      slug: row.slug,
      title: row.title,
      lang: row.lang ?? undefined,
      draft: row.draft === 1,
      publishedAt: row.published_at,
      deletedAt: row.deleted_at ?? undefined,
      versions: row.versions,
    }
  );
}
