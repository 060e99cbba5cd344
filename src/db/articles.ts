import type { Database, SqlValue } from './database.js';

export interface Tag {
  name: string;
  slug: string;
}

/** What lists show of an article. */
export interface ArticleSummary {
  id: number;
  slug: string;
  title: string;
  sapo: string;
  byline: string | undefined;
  author: string | undefined;
  authorSlug: string | undefined;
  section: string | undefined;
  sectionSlug: string | undefined;
  image: string | undefined;
  imageAlt: string | undefined;
  publishedAt: number;
  updatedAt: number | undefined;
}

/** One article with everything its page shows, and the state that decides whether it is shown. */
export interface Article extends ArticleSummary {
  bodyHtml: string;
  bodyText: string;
  imageCaption: string | undefined;
  tags: Tag[];
  draft: boolean;
  deletedAt: number | undefined;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export const SUMMARY_COLUMNS = `id, slug, title, sapo, byline, author, author_slug, section, section_slug,
  image, image_alt, published_at, updated_at`;

// "Published" in one place: not deleted, not a draft, and its time has come. The time is a
// parameter, so a scheduled article appears the moment it is due, with no job and no write.
export const VISIBLE = 'deleted_at IS NULL AND draft = 0 AND published_at <= ?';

export interface SummaryRow {
  id: number;
  slug: string;
  title: string;
  sapo: string;
  byline: string | null;
  author: string | null;
  author_slug: string | null;
  section: string | null;
  section_slug: string | null;
  image: string | null;
  image_alt: string | null;
  published_at: number;
  updated_at: number | null;
}

interface ArticleRow extends SummaryRow {
  body_html: string;
  body_text: string;
  image_caption: string | null;
  draft: number;
  deleted_at: number | null;
}

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

export function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    sapo: row.sapo,
    byline: orUndefined(row.byline),
    author: orUndefined(row.author),
    authorSlug: orUndefined(row.author_slug),
    section: orUndefined(row.section),
    sectionSlug: orUndefined(row.section_slug),
    image: orUndefined(row.image),
    imageAlt: orUndefined(row.image_alt),
    publishedAt: row.published_at,
    updatedAt: orUndefined(row.updated_at),
  };
}

/** Any article with this id, whatever its state (the page decides between 200, 404 and 410). */
export async function getArticle(db: Database, id: number): Promise<Article | undefined> {
  const row = await db.get<ArticleRow>(
    `SELECT ${SUMMARY_COLUMNS}, body_html, body_text, image_caption, draft, deleted_at
     FROM articles WHERE id = ?`,
    [id],
  );
  if (!row) return undefined;
  const tags = await db.all<{ tag: string; tag_slug: string }>(
    'SELECT tag, tag_slug FROM article_tags WHERE article_id = ? ORDER BY position',
    [id],
  );
  return {
    ...toSummary(row),
    bodyHtml: row.body_html,
    bodyText: row.body_text,
    imageCaption: orUndefined(row.image_caption),
    tags: tags.map((t) => ({ name: t.tag, slug: t.tag_slug })),
    draft: row.draft === 1,
    deletedAt: orUndefined(row.deleted_at),
  };
}

export interface ListOptions {
  now: number;
  limit: number;
  offset: number;
}

/** Published articles, newest first, with the total for pagination. */
export async function listArticles(
  db: Database,
  { now, limit, offset }: ListOptions,
): Promise<Page<ArticleSummary>> {
  return listWhere(db, VISIBLE, [now], limit, offset);
}

async function listWhere(
  db: Database,
  where: string,
  params: SqlValue[],
  limit: number,
  offset: number,
): Promise<Page<ArticleSummary>> {
  const [rows, count] = await Promise.all([
    db.all<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE ${where}
       ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    ),
    db.get<{ total: number }>(`SELECT count(*) AS total FROM articles WHERE ${where}`, params),
  ]);
  return { items: rows.map(toSummary), total: count?.total ?? 0 };
}

/** Number of articles readers can see now. */
export async function countArticles(db: Database, now: number): Promise<number> {
  const row = await db.get<{ total: number }>(
    `SELECT count(*) AS total FROM articles WHERE ${VISIBLE}`,
    [now],
  );
  return row?.total ?? 0;
}

/**
 * When anything readers can see last changed: an import, a removal, or a scheduled article's
 * time arriving. Listing pages send it as Last-Modified.
 */
export async function getLastChange(db: Database, now: number): Promise<number> {
  const row = await db.get<{ at: number | null }>(
    `SELECT max(
       coalesce((SELECT max(imported_at) FROM articles), 0),
       coalesce((SELECT max(deleted_at) FROM articles), 0),
       coalesce((SELECT max(published_at) FROM articles WHERE published_at <= ?), 0)
     ) AS at`,
    [now],
  );
  return row?.at ?? 0;
}
