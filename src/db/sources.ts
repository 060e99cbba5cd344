import type { Database, Executor } from './database.js';
import { indexArticle, unindexArticle } from './search-index.js';

/** What the importer remembers about the file behind each article. */
export interface SourceState {
  id: number;
  sourcePath: string;
  hash: string;
  size: number;
  mtimeMs: number;
  publishedAt: number;
  updatedAt: number | undefined;
  deletedAt: number | undefined;
  mediaPaths: string[];
}

/** Everything stored for one article; the importer has already decided every value. */
export interface ArticleInput {
  sourcePath: string;
  hash: string;
  size: number;
  mtimeMs: number;
  slug: string;
  title: string;
  sapo: string;
  bodyHtml: string;
  bodyText: string;
  readingMinutes: number;
  byline: string | undefined;
  author: string | undefined;
  authorSlug: string | undefined;
  section: string | undefined;
  sectionSlug: string | undefined;
  tags: { name: string; slug: string }[];
  image: { url: string; width: number; height: number } | undefined;
  imageAlt: string | undefined;
  imageCaption: string | undefined;
  draft: boolean;
  publishedAt: number;
  updatedAt: number | undefined;
  importedAt: number;
  mediaPaths: string[];
}

export interface StoredProblem {
  file: string;
  line?: number | undefined;
  severity: 'error' | 'warning';
  message: string;
  size: number | undefined;
  mtimeMs: number | undefined;
}

export async function listSourceStates(db: Database): Promise<SourceState[]> {
  const rows = await db.all<{
    id: number;
    source_path: string;
    source_hash: string;
    source_size: number;
    source_mtime_ms: number;
    published_at: number;
    updated_at: number | null;
    deleted_at: number | null;
    media_paths: string;
  }>(
    `SELECT id, source_path, source_hash, source_size, source_mtime_ms, published_at, updated_at,
       deleted_at, media_paths FROM articles`,
  );
  return rows.map((r) => ({
    id: r.id,
    sourcePath: r.source_path,
    hash: r.source_hash,
    size: r.source_size,
    mtimeMs: r.source_mtime_ms,
    publishedAt: r.published_at,
    updatedAt: r.updated_at ?? undefined,
    deletedAt: r.deleted_at ?? undefined,
    mediaPaths: JSON.parse(r.media_paths) as string[],
  }));
}

/** Inserts a new article (id undefined) or rewrites an existing one, tags included; returns its id. */
export async function upsertArticle(
  tx: Executor,
  id: number | undefined,
  a: ArticleInput,
): Promise<number> {
  const values = [
    a.sourcePath,
    a.hash,
    a.size,
    a.mtimeMs,
    a.slug,
    a.title,
    a.sapo,
    a.readingMinutes,
    a.byline ?? null,
    a.author ?? null,
    a.authorSlug ?? null,
    a.section ?? null,
    a.sectionSlug ?? null,
    a.image?.url ?? null,
    a.image?.width ?? null,
    a.image?.height ?? null,
    a.imageAlt ?? null,
    a.imageCaption ?? null,
    a.draft ? 1 : 0,
    a.publishedAt,
    a.updatedAt ?? null,
    a.importedAt,
    JSON.stringify(a.mediaPaths),
  ];
  let articleId: number;
  if (id === undefined) {
    const result = await tx.run(
      `INSERT INTO articles (source_path, source_hash, source_size, source_mtime_ms, slug, title,
         sapo, reading_minutes, byline, author, author_slug, section, section_slug, image,
         image_width, image_height, image_alt, image_caption, draft, published_at, updated_at,
         imported_at, media_paths)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      values,
    );
    articleId = result.lastID;
  } else {
    await tx.run(
      `UPDATE articles SET source_path = ?, source_hash = ?, source_size = ?, source_mtime_ms = ?,
         slug = ?, title = ?, sapo = ?, reading_minutes = ?, byline = ?, author = ?,
         author_slug = ?, section = ?, section_slug = ?, image = ?, image_width = ?,
         image_height = ?, image_alt = ?, image_caption = ?, draft = ?, published_at = ?,
         updated_at = ?, imported_at = ?, media_paths = ?, deleted_at = NULL
       WHERE id = ?`,
      [...values, id],
    );
    articleId = id;
    await tx.run('DELETE FROM article_tags WHERE article_id = ?', [id]);
  }
  await tx.run(
    `INSERT OR REPLACE INTO article_bodies (id, body_html, body_text) VALUES (?, ?, ?)`,
    [articleId, a.bodyHtml, a.bodyText],
  );
  // Tags carry their article's date and whether it is listed, so a tag's page is one index range.
  if (a.tags.length > 0) {
    await tx.run(
      `INSERT OR IGNORE INTO article_tags (article_id, tag, tag_slug, position, published_at, listed)
       SELECT ?, j.value ->> 'name', j.value ->> 'slug', j.key, ?, ? FROM json_each(?) AS j`,
      [articleId, a.publishedAt, a.draft ? 0 : 1, JSON.stringify(a.tags)],
    );
  }
  // In the same transaction as the row: search never finds text the article no longer has.
  await indexArticle(tx, articleId, a);
  return articleId;
}

/** The file is unchanged in content but was touched or moved: remember where and how it is now. */
export async function updateSource(
  tx: Executor,
  id: number,
  source: { sourcePath: string; size: number; mtimeMs: number },
): Promise<void> {
  await tx.run(
    'UPDATE articles SET source_path = ?, source_size = ?, source_mtime_ms = ? WHERE id = ?',
    [source.sourcePath, source.size, source.mtimeMs, id],
  );
}

/** The file is gone: the article answers 410 from now on, and keeps its row and id. */
export async function markArticleDeleted(tx: Executor, id: number, at: number): Promise<void> {
  await tx.run('UPDATE articles SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL', [at, id]);
  await tx.run('UPDATE article_tags SET listed = 0 WHERE article_id = ?', [id]);
  await unindexArticle(tx, id);
}

export async function replaceProblems(
  tx: Executor,
  file: string,
  problems: Omit<StoredProblem, 'file'>[],
  at: number,
): Promise<void> {
  await tx.run('DELETE FROM file_problems WHERE file = ?', [file]);
  for (const p of problems) {
    await tx.run(
      `INSERT INTO file_problems (file, line, severity, message, source_size, source_mtime_ms,
         reported_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [file, p.line ?? null, p.severity, p.message, p.size ?? null, p.mtimeMs ?? null, at],
    );
  }
}

export async function listProblems(db: Database): Promise<StoredProblem[]> {
  const rows = await db.all<{
    file: string;
    line: number | null;
    severity: 'error' | 'warning';
    message: string;
    source_size: number | null;
    source_mtime_ms: number | null;
  }>(
    `SELECT file, line, severity, message, source_size, source_mtime_ms FROM file_problems
     ORDER BY file, line`,
  );
  return rows.map((r) => ({
    file: r.file,
    line: r.line ?? undefined,
    severity: r.severity,
    message: r.message,
    size: r.source_size ?? undefined,
    mtimeMs: r.source_mtime_ms ?? undefined,
  }));
}

/** Number of editors' files that are rejected right now. */
export async function countRejectedFiles(db: Database): Promise<number> {
  const row = await db.get<{ total: number }>(
    "SELECT count(DISTINCT file) AS total FROM file_problems WHERE severity = 'error'",
  );
  return row?.total ?? 0;
}
