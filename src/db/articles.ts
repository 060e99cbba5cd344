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
  /** The lead picture: versioned /media URL and its size in pixels. */
  image: { url: string; width: number; height: number } | undefined;
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
  image, image_width, image_height, image_alt, published_at, updated_at`;

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
  image_width: number | null;
  image_height: number | null;
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
    image:
      row.image === null || row.image_width === null || row.image_height === null
        ? undefined
        : { url: row.image, width: row.image_width, height: row.image_height },
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

/** What a listing page groups articles by; each answers at its own URL. */
export type Facet = 'section' | 'tag' | 'author';

const FACET_FILTER: Record<Facet, string> = {
  section: 'section_slug = ?',
  author: 'author_slug = ?',
  tag: 'id IN (SELECT article_id FROM article_tags WHERE tag_slug = ?)',
};

// The display name as the newest article writes it: an editor who fixes "Thoi su" to "Thời sự"
// renames the section with the next article.
const FACET_NAME: Record<Facet, string> = {
  section: `SELECT section AS name FROM articles WHERE section_slug = ? AND ${VISIBLE}
    ORDER BY published_at DESC LIMIT 1`,
  author: `SELECT author AS name FROM articles WHERE author_slug = ? AND ${VISIBLE}
    ORDER BY published_at DESC LIMIT 1`,
  tag: `SELECT t.tag AS name FROM article_tags t JOIN articles a ON a.id = t.article_id
    WHERE t.tag_slug = ? AND a.deleted_at IS NULL AND a.draft = 0 AND a.published_at <= ?
    ORDER BY a.published_at DESC LIMIT 1`,
};

/**
 * Published articles of one section, tag or author, newest first, with the group's display
 * name; undefined when no published article belongs to it (the page answers 404).
 */
export async function listArticlesBy(
  db: Database,
  facet: Facet,
  slug: string,
  { now, limit, offset }: ListOptions,
): Promise<(Page<ArticleSummary> & { name: string }) | undefined> {
  const named = await db.get<{ name: string }>(FACET_NAME[facet], [slug, now]);
  if (!named) return undefined;
  const page = await listWhere(
    db,
    `${FACET_FILTER[facet]} AND ${VISIBLE}`,
    [slug, now],
    limit,
    offset,
  );
  return { ...page, name: named.name };
}

export interface SectionLink {
  name: string;
  slug: string;
}

/** Sections with published articles, the busiest first: the site's navigation. */
export async function listSections(db: Database, now: number): Promise<SectionLink[]> {
  // SQLite takes bare columns from the row that holds max(): the newest article's spelling.
  return db
    .all<SectionLink>(
      `SELECT section AS name, section_slug AS slug, max(published_at) AS newest
     FROM articles WHERE section_slug IS NOT NULL AND ${VISIBLE}
     GROUP BY section_slug ORDER BY count(*) DESC, newest DESC`,
      [now],
    )
    .then((rows) => rows.map(({ name, slug }) => ({ name, slug })));
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
