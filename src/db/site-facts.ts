import { VISIBLE } from './articles.js';
import type { Database, Executor } from './database.js';

export interface SectionLink {
  name: string;
  slug: string;
}

/**
 * What every page needs to know about the site as a whole, computed when content is imported
 * or when a scheduled article comes due, and read back as one row.
 */
export interface SiteFacts {
  /** Changes with every import or publication readers can see: cached pages older than it are stale. */
  generation: number;
  /** Articles readers can see. */
  articles: number;
  /** The highest article id ever given (sitemap files are id ranges). */
  lastId: number;
  /** The next scheduled publication; until then these facts hold. */
  nextDueAt: number | undefined;
  /** Sections with published articles, the busiest first: the site's navigation. */
  sections: SectionLink[];
}

interface FactsRow {
  generation: number;
  articles: number;
  last_id: number;
  next_due_at: number | null;
  sections: string;
}

/** The facts as last computed; an empty site's when nothing was ever imported. */
export async function readSiteFacts(db: Pick<Database, 'get'>): Promise<SiteFacts> {
  const row = await db.get<FactsRow>(
    'SELECT generation, articles, last_id, next_due_at, sections FROM site_facts WHERE id = 1',
  );
  if (!row) return { generation: 0, articles: 0, lastId: 0, nextDueAt: undefined, sections: [] };
  return {
    generation: row.generation,
    articles: row.articles,
    lastId: row.last_id,
    nextDueAt: row.next_due_at ?? undefined,
    sections: JSON.parse(row.sections) as SectionLink[],
  };
}

/** True when a scheduled article has come due since the facts were computed. */
export const isDue = (facts: SiteFacts, now: number): boolean =>
  facts.nextDueAt !== undefined && now >= facts.nextDueAt;

/**
 * Recomputes every section, tag and author with its name and count, the navigation, the number
 * of visible articles and the next scheduled publication, as of `now`, and moves the generation
 * on. Runs inside the import's transaction (or its own, when a scheduled article comes due), so
 * pages never see articles and facts that disagree.
 */
export async function refreshSiteFacts(tx: Executor, now: number): Promise<SiteFacts> {
  await tx.run('DELETE FROM facets');
  // With one max() in a query SQLite takes the other bare columns from the row holding it: the
  // name as the newest article writes it, so fixing "Thoi su" to "Thời sự" renames the section.
  await tx.run(
    `INSERT INTO facets (kind, slug, name, articles, newest_at)
     SELECT 'section', section_slug, section, count(*), max(published_at) FROM articles
     WHERE section_slug IS NOT NULL AND ${VISIBLE} GROUP BY section_slug`,
    [now],
  );
  await tx.run(
    `INSERT INTO facets (kind, slug, name, articles, newest_at)
     SELECT 'author', author_slug, author, count(*), max(published_at) FROM articles
     WHERE author_slug IS NOT NULL AND ${VISIBLE} GROUP BY author_slug`,
    [now],
  );
  await tx.run(
    `INSERT INTO facets (kind, slug, name, articles, newest_at)
     SELECT 'tag', tag_slug, tag, count(*), max(published_at) FROM article_tags
     WHERE listed = 1 AND published_at <= ? GROUP BY tag_slug`,
    [now],
  );
  const sections = await tx.all<SectionLink>(
    `SELECT name, slug FROM facets WHERE kind = 'section'
     ORDER BY articles DESC, newest_at DESC, slug`,
  );
  const counts = await tx.get<{
    articles: number;
    last_id: number | null;
    next_due_at: number | null;
  }>(
    `SELECT
       (SELECT count(*) FROM articles WHERE ${VISIBLE}) AS articles,
       (SELECT max(id) FROM articles) AS last_id,
       (SELECT min(published_at) FROM articles
        WHERE deleted_at IS NULL AND draft = 0 AND published_at > ?) AS next_due_at`,
    [now, now],
  );
  const previous = await tx.get<{ generation: number }>(
    'SELECT generation FROM site_facts WHERE id = 1',
  );
  const facts: SiteFacts = {
    generation: (previous?.generation ?? 0) + 1,
    articles: counts?.articles ?? 0,
    lastId: counts?.last_id ?? 0,
    nextDueAt: counts?.next_due_at ?? undefined,
    sections,
  };
  await tx.run(
    `INSERT OR REPLACE INTO site_facts
       (id, generation, articles, last_id, next_due_at, sections, computed_at)
     VALUES (1, ?, ?, ?, ?, ?, ?)`,
    [
      facts.generation,
      facts.articles,
      facts.lastId,
      facts.nextDueAt ?? null,
      JSON.stringify(sections),
      now,
    ],
  );
  return facts;
}
