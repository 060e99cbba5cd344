import { batches } from './batches.js';
import type { Database, Executor } from './database.js';
import { indexArticles, unindexArticles } from './search-index.js';

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
  /** The version of the rendering code that made the stored HTML. */
  renderVersion: string;
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
  sapoHtml: string;
  bodyHtml: string;
  firstImage: { url: string; width: number; height: number } | undefined;
  /** Title, lead and body as plain text: what search indexes (not stored as such). */
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
  renderVersion: string;
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
    render_version: string;
  }>(
    `SELECT id, source_path, source_hash, source_size, source_mtime_ms, published_at, updated_at,
       deleted_at, media_paths, render_version FROM articles`,
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
    renderVersion: r.render_version,
  }));
}

/** Drafts and scheduled articles, soonest first: what editors may want to preview. */
export async function listUnpublishedArticles(
  db: Database,
  now: number,
): Promise<{ id: number; file: string; title: string; draft: boolean; publishedAt: number }[]> {
  const rows = await db.all<{
    id: number;
    source_path: string;
    title: string;
    draft: number;
    published_at: number;
  }>(
    `SELECT id, source_path, title, draft, published_at FROM articles
     WHERE deleted_at IS NULL AND (draft = 1 OR published_at > ?)
     ORDER BY draft, published_at, id`,
    [now],
  );
  return rows.map((r) => ({
    id: r.id,
    file: r.source_path,
    title: r.title,
    draft: r.draft === 1,
    publishedAt: r.published_at,
  }));
}

/** Every id ever given, in id order, as the ledger in content/ records them. */
export async function listLedgerEntries(
  db: Database,
): Promise<
  { id: number; publishedAt: number; updatedAt: number | undefined; hash: string; path: string }[]
> {
  const rows = await db.all<{
    id: number;
    published_at: number;
    updated_at: number | null;
    source_hash: string;
    source_path: string;
  }>('SELECT id, published_at, updated_at, source_hash, source_path FROM articles ORDER BY id');
  return rows.map((r) => ({
    id: r.id,
    publishedAt: r.published_at,
    updatedAt: r.updated_at ?? undefined,
    hash: r.source_hash,
    path: r.source_path,
  }));
}

/**
 * Articles known only from the ledger whose files are gone: rows that answer 410 at their old
 * URL, as they did on the server that removed them.
 */
export async function insertRemovedArticles(
  tx: Executor,
  articles: readonly {
    id: number;
    sourcePath: string;
    hash: string;
    publishedAt: number;
    updatedAt: number | undefined;
  }[],
  at: number,
): Promise<void> {
  for (const batch of batches(articles)) {
    await tx.run(
      `INSERT INTO articles (id, source_path, source_hash, source_size, source_mtime_ms, slug,
         title, sapo, published_at, updated_at, imported_at, deleted_at, render_version)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, 0, 0, '', '', '', j.value ->> 3,
         j.value ->> 4, ?, ?, '' FROM json_each(?) AS j`,
      [
        at,
        at,
        JSON.stringify(
          batch.map((a) => [a.id, a.sourcePath, a.hash, a.publishedAt, a.updatedAt ?? null]),
        ),
      ],
    );
  }
}

const ARTICLE_COLUMNS = [
  'id',
  'source_path',
  'source_hash',
  'source_size',
  'source_mtime_ms',
  'slug',
  'title',
  'sapo',
  'reading_minutes',
  'byline',
  'author',
  'author_slug',
  'section',
  'section_slug',
  'image',
  'image_width',
  'image_height',
  'image_alt',
  'image_caption',
  'draft',
  'published_at',
  'updated_at',
  'imported_at',
  'media_paths',
  'render_version',
] as const;

const articleRow = (id: number, a: ArticleInput): (string | number | null)[] => [
  id,
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
  a.renderVersion,
];

/**
 * Writes articles, new ones and rewritten ones alike, with their bodies, tags and search index,
 * under the ids the importer chose. A rewritten article is restored if it was removed.
 */
export async function upsertArticles(
  tx: Executor,
  articles: readonly { id: number; input: ArticleInput }[],
): Promise<void> {
  if (articles.length === 0) return;
  const ids = JSON.stringify(articles.map((a) => a.id));
  // Paths are unique, and within one import two files may swap names: free every path being
  // written first, so no row is ever briefly in another's place.
  await tx.run(
    'UPDATE articles SET source_path = char(0) || id WHERE id IN (SELECT value FROM json_each(?))',
    [ids],
  );
  await tx.run('DELETE FROM article_tags WHERE article_id IN (SELECT value FROM json_each(?))', [
    ids,
  ]);
  const columns = ARTICLE_COLUMNS.join(', ');
  const values = ARTICLE_COLUMNS.map((_, i) => `j.value ->> ${i}`).join(', ');
  const updates = ARTICLE_COLUMNS.slice(1)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  for (const batch of batches(articles)) {
    // "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT, not a join.
    await tx.run(
      `INSERT INTO articles (${columns}) SELECT ${values} FROM json_each(?) AS j WHERE true
       ON CONFLICT (id) DO UPDATE SET ${updates}, deleted_at = NULL`,
      [JSON.stringify(batch.map(({ id, input }) => articleRow(id, input)))],
    );
    await tx.run(
      `INSERT INTO article_bodies (id, body_html, sapo_html, first_image)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3
       FROM json_each(?) AS j WHERE true
       ON CONFLICT (id) DO UPDATE SET body_html = excluded.body_html,
         sapo_html = excluded.sapo_html, first_image = excluded.first_image`,
      [
        JSON.stringify(
          batch.map(({ id, input }) => [
            id,
            input.bodyHtml,
            input.sapoHtml,
            input.firstImage === undefined ? null : JSON.stringify(input.firstImage),
          ]),
        ),
      ],
    );
    // Tags carry their article's date and whether it is listed, so a tag's page is one index
    // range; a tag written twice in one article counts once.
    const tags = batch.flatMap(({ id, input }) =>
      input.tags.map((t, position) => [
        id,
        t.name,
        t.slug,
        position,
        input.publishedAt,
        input.draft ? 0 : 1,
      ]),
    );
    if (tags.length > 0) {
      await tx.run(
        `INSERT OR IGNORE INTO article_tags (article_id, tag, tag_slug, position, published_at, listed)
         SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5
         FROM json_each(?) AS j`,
        [JSON.stringify(tags)],
      );
    }
  }
  // In the same transaction as the rows: search never finds text an article no longer has.
  await indexArticles(
    tx,
    articles.map(({ id, input }) => ({ id, title: input.title, bodyText: input.bodyText })),
  );
}

/** Files unchanged in content but touched or moved: remember where and how they are now. */
export async function updateSources(
  tx: Executor,
  sources: readonly { id: number; sourcePath: string; size: number; mtimeMs: number }[],
): Promise<void> {
  for (const batch of batches(sources)) {
    await tx.run(
      `UPDATE articles SET source_path = j.value ->> 1, source_size = j.value ->> 2,
         source_mtime_ms = j.value ->> 3
       FROM json_each(?) AS j WHERE articles.id = j.value ->> 0`,
      [JSON.stringify(batch.map((s) => [s.id, s.sourcePath, s.size, s.mtimeMs]))],
    );
  }
}

/** Their files are gone: the articles answer 410 from now on, and keep their rows and ids. */
export async function markArticlesDeleted(
  tx: Executor,
  ids: readonly number[],
  at: number,
): Promise<void> {
  for (const batch of batches(ids)) {
    const json = JSON.stringify(batch);
    await tx.run(
      `UPDATE articles SET deleted_at = ?
       WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
      [at, json],
    );
    await tx.run(
      'UPDATE article_tags SET listed = 0 WHERE article_id IN (SELECT value FROM json_each(?))',
      [json],
    );
  }
  await unindexArticles(tx, ids);
}

/** The highest article id ever given, whether or not its row is still there. */
export async function getLastArticleId(tx: Executor): Promise<number> {
  const row = await tx.get<{ last: number | null }>(
    `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'articles'), 0),
       coalesce((SELECT max(id) FROM articles), 0)) AS last`,
  );
  return row?.last ?? 0;
}
