import { unpackBody, type StoredBody } from './article-body.js';
import { listNotes, type ArticleNote } from './article-notes.js';
import type { FacetKind } from '../shared/urls.js';
import type { Database } from './types.js';
import { TAG_VISIBLE, VISIBLE } from './visibility.js';

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
  /** BCP 47, when the article is not in Vietnamese. */
  lang: string | undefined;
  publishedAt: number;
  /** The last change of its content, any change: what caches and crawlers are told. */
  updatedAt: number | undefined;
  /** The last change readers are told of ("Cập nhật"): its latest note's date or `updated:`. */
  modifiedAt: number | undefined;
}

/** One article with everything its page shows, and the state that decides whether it is shown. */
export interface Article extends ArticleSummary {
  bodyHtml: string;
  /** The lead as HTML, made at import (a Markdown lead keeps its links and emphasis). */
  sapoHtml: string;
  /** The first picture in the body, for link previews. */
  firstImage: { url: string; width: number; height: number } | undefined;
  imageCaption: string | undefined;
  /** "N phút đọc", counted at import. */
  readingMinutes: number;
  /** Related articles as ranked at import, best first; some may not be visible yet. */
  relatedIds: number[];
  tags: Tag[];
  /** Corrections, then updates, each newest first: as the page shows them. */
  notes: ArticleNote[];
  /** How many versions of it readers have seen: its history is linked from two on. */
  versions: number;
  draft: boolean;
  deletedAt: number | undefined;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export const SUMMARY_COLUMNS = `id, slug, title, sapo, byline, author, author_slug, section, section_slug,
  image, image_width, image_height, image_alt, lang, published_at, updated_at, modified_at`;

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
  lang: string | null;
  published_at: number;
  updated_at: number | null;
  modified_at: number | null;
}

interface ArticleRow extends SummaryRow {
  body_html: StoredBody;
  sapo_html: string;
  first_image: string | null;
  image_caption: string | null;
  reading_minutes: number;
  related_ids: string;
  versions: number;
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
    lang: orUndefined(row.lang),
    publishedAt: row.published_at,
    updatedAt: orUndefined(row.updated_at),
    modifiedAt: orUndefined(row.modified_at),
  };
}

/** Any article with this id, whatever its state (the page decides between 200, 404 and 410). */
export async function getArticle(db: Database, id: number): Promise<Article | undefined> {
  // All at once: a page waits for one trip to the database, not three in a row.
  const [row, tags, notes] = await Promise.all([
    db.get<ArticleRow>(
      `SELECT ${SUMMARY_COLUMNS}, body_html,
         coalesce(sapo_html, '') AS sapo_html, first_image, image_caption, reading_minutes,
         related_ids, versions, draft,
         deleted_at
       FROM articles LEFT JOIN article_bodies USING (id) WHERE id = ?`,
      [id],
    ),
    db.all<{ tag: string; tag_slug: string }>(
      'SELECT tag, tag_slug FROM article_tags WHERE article_id = ? ORDER BY position',
      [id],
    ),
    listNotes(db, id),
  ]);
  if (!row) return undefined;
  return {
    ...toSummary(row),
    bodyHtml: unpackBody(row.body_html),
    sapoHtml: row.sapo_html,
    firstImage:
      row.first_image === null
        ? undefined
        : (JSON.parse(row.first_image) as { url: string; width: number; height: number }),
    imageCaption: orUndefined(row.image_caption),
    readingMinutes: row.reading_minutes,
    relatedIds: JSON.parse(row.related_ids) as number[],
    tags: tags.map((t) => ({ name: t.tag, slug: t.tag_slug })),
    notes,
    versions: row.versions,
    draft: row.draft === 1,
    deletedAt: orUndefined(row.deleted_at),
  };
}

export interface ListOptions {
  now: number;
  limit: number;
  offset: number;
}

/**
 * Published articles, newest first: one range of the date index. The total for pagination is
 * in the site's facts, counted at import.
 */
export async function listArticles(
  db: Database,
  { now, limit, offset }: ListOptions,
): Promise<ArticleSummary[]> {
  const rows = await db.all<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE ${VISIBLE}
     ORDER BY published_at DESC, id DESC LIMIT :limit OFFSET :offset`,
    { ':now': now, ':limit': limit, ':offset': offset },
  );
  return rows.map(toSummary);
}

/** What a listing page groups articles by; each answers at its own URL. */
export type Facet = FacetKind;

// Each facet's articles, newest first, read along the index that serves exactly this order.
const FACET_LIST: Record<Facet, string> = {
  section: `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE section_slug = :slug AND ${VISIBLE}
    ORDER BY published_at DESC, id DESC LIMIT :limit OFFSET :offset`,
  author: `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE author_slug = :slug AND ${VISIBLE}
    ORDER BY published_at DESC, id DESC LIMIT :limit OFFSET :offset`,
  // The tag's index pages through article ids; the visibility rule is applied to the page read.
  tag: `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE id IN (
      SELECT article_id FROM article_tags
      WHERE tag_slug = :slug AND ${TAG_VISIBLE}
      ORDER BY published_at DESC, article_id DESC LIMIT :limit OFFSET :offset)
    AND ${VISIBLE} ORDER BY published_at DESC, id DESC`,
};

/** A section, tag or author as counted at import: its display name and article count. */
export async function getFacet(
  db: Database,
  facet: Facet,
  slug: string,
): Promise<{ name: string; articles: number } | undefined> {
  return db.get<{ name: string; articles: number }>(
    'SELECT name, articles FROM facets WHERE kind = ? AND slug = ?',
    [facet, slug],
  );
}

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
  // Both at once (an unknown slug lists nothing): one trip to the database, not two in a row.
  const [named, rows] = await Promise.all([
    getFacet(db, facet, slug),
    db.all<SummaryRow>(FACET_LIST[facet], {
      ':slug': slug,
      ':now': now,
      ':limit': limit,
      ':offset': offset,
    }),
  ]);
  if (!named) return undefined;
  return { items: rows.map(toSummary), total: named.articles, name: named.name };
}
