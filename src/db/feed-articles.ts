import { unpackBody, type StoredBody } from './article-body.js';
import {
  listArticles,
  listArticlesBy,
  type ArticleSummary,
  type Facet,
  type Tag,
} from './articles.js';
import type { Database } from './types.js';

/** What a feed entry carries: the summary plus the full body and the tags. */
export interface FeedArticle extends ArticleSummary {
  bodyHtml: string;
  tags: Tag[];
}

export interface FeedOptions {
  now: number;
  limit: number;
}

/** The newest published articles of the whole site, for its feeds, newest first. */
export async function listFeedArticles(
  db: Database,
  { now, limit }: FeedOptions,
): Promise<FeedArticle[]> {
  return withBodies(db, await listArticles(db, { now, limit, offset: 0 }));
}

/**
 * The newest published articles of one section, tag or author, newest first, read as its
 * listing page reads them, with its display name; undefined when it has no published article.
 */
export async function listFeedArticlesBy(
  db: Database,
  facet: Facet,
  slug: string,
  { now, limit }: FeedOptions,
): Promise<{ name: string; articles: FeedArticle[] } | undefined> {
  const listing = await listArticlesBy(db, facet, slug, { now, limit, offset: 0 });
  if (listing === undefined || listing.items.length === 0) return undefined;
  return { name: listing.name, articles: await withBodies(db, listing.items) };
}

/** The page's articles with their bodies and tags, by primary key: two reads, whatever the archive. */
async function withBodies(db: Database, articles: ArticleSummary[]): Promise<FeedArticle[]> {
  if (articles.length === 0) return [];
  const ids = articles.map((a) => a.id);
  const marks = ids.map(() => '?').join(', ');
  const bodies = await db.all<{ id: number; body_html: StoredBody }>(
    `SELECT id, body_html FROM article_bodies WHERE id IN (${marks})`,
    ids,
  );
  const tags = await db.all<{ article_id: number; tag: string; tag_slug: string }>(
    `SELECT article_id, tag, tag_slug FROM article_tags
     WHERE article_id IN (${marks}) ORDER BY article_id, position`,
    ids,
  );
  const bodyOf = new Map(bodies.map((b) => [b.id, b.body_html]));
  return articles.map((a) => ({
    ...a,
    bodyHtml: unpackBody(bodyOf.get(a.id)),
    tags: tags.filter((t) => t.article_id === a.id).map((t) => ({ name: t.tag, slug: t.tag_slug })),
  }));
}
