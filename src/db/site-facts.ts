import { listArticleStates, type ArticleState } from './article-states.js';
import type { Database, Executor } from './types.js';
import { isVisible, LISTED, TAG_VISIBLE, VISIBLE } from './visibility.js';
import { listWarnings, pickShownWarnings } from './warnings.js';

export interface SectionLink {
  name: string;
  slug: string;
}

/** An urgent warning as the banner at the top of every page shows it. */
export interface SiteWarning {
  title: string;
  /** Made safe at import. */
  html: string;
  link: string | undefined;
  expiresAt: number;
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
  /**
   * The next moment what readers see changes by the clock alone: a scheduled publication, or a
   * warning's expiry. Until then these facts hold.
   */
  nextDueAt: number | undefined;
  /** Sections with published articles, the busiest first: the site's navigation. */
  sections: SectionLink[];
  /** The urgent warnings every page shows now, newest first. */
  warnings: SiteWarning[];
}

interface FactsRow {
  generation: number;
  articles: number;
  last_id: number;
  next_due_at: number | null;
  sections: string;
  warnings: string;
  computed_at: number;
}

const EMPTY: SiteFacts = {
  generation: 0,
  articles: 0,
  lastId: 0,
  nextDueAt: undefined,
  sections: [],
  warnings: [],
};

/** The facts as last computed; an empty site's when nothing was ever imported. */
export async function readSiteFacts(db: Pick<Database, 'get'>): Promise<SiteFacts> {
  const row = await db.get<FactsRow>(
    'SELECT generation, articles, last_id, next_due_at, sections, warnings, computed_at FROM site_facts WHERE id = 1',
  );
  return row ? toFacts(row) : EMPTY;
}

const toFacts = (row: FactsRow): SiteFacts => ({
  generation: row.generation,
  articles: row.articles,
  lastId: row.last_id,
  nextDueAt: row.next_due_at ?? undefined,
  sections: JSON.parse(row.sections) as SectionLink[],
  warnings: JSON.parse(row.warnings) as SiteWarning[],
});

/** True when a scheduled article has come due since the facts were computed. */
export const isDue = (facts: SiteFacts, now: number): boolean =>
  facts.nextDueAt !== undefined && now >= facts.nextDueAt;

type FacetKind = 'section' | 'tag' | 'author';

/** The sections, tags and author an article is counted under. */
function facetsOf(a: ArticleState): [FacetKind, string][] {
  const keys: [FacetKind, string][] = [];
  if (a.sectionSlug !== undefined) keys.push(['section', a.sectionSlug]);
  if (a.authorSlug !== undefined) keys.push(['author', a.authorSlug]);
  for (const tag of a.tags) keys.push(['tag', tag.slug]);
  return keys;
}

/**
 * Moves the facts on by what changed: `before` holds the changed articles as they stood when
 * the facts were last computed (absent when new), and the same ids are read again as they stand
 * now. Counts change by the articles that appeared or disappeared, plus the scheduled articles
 * that came due meanwhile; each section, tag or author touched gets its name from its newest
 * article again. Work in proportion to the change, never to the archive. Runs inside the sync's
 * transaction, so pages never see articles and facts that disagree. Without facts to start from
 * (a new database) they are counted whole.
 */
export async function advanceSiteFacts(
  tx: Executor,
  now: number,
  before: readonly ArticleState[] = [],
  changedIds: readonly number[] = [],
): Promise<SiteFacts> {
  const previous = await tx.get<FactsRow>(
    'SELECT generation, articles, last_id, next_due_at, sections, warnings, computed_at FROM site_facts WHERE id = 1',
  );
  if (previous === undefined || previous.computed_at > now) return refreshSiteFacts(tx, now);
  const since = previous.computed_at;
  const changed = new Set([...changedIds, ...before.map((b) => b.id)]);
  const dueIds = (
    await tx.all<{ id: number }>(
      `SELECT id FROM articles WHERE ${VISIBLE} AND published_at > :since`,
      { ':now': now, ':since': since },
    )
  )
    .map((r) => r.id)
    .filter((id) => !changed.has(id));
  const [after, due] = await Promise.all([
    listArticleStates(tx, [...changed]),
    listArticleStates(tx, dueIds),
  ]);

  const deltas = new Map<string, number>();
  const count = (a: ArticleState, by: number) => {
    for (const [kind, slug] of [...facetsOf(a), ['site', ''] as const]) {
      const key = `${kind}\0${slug}`;
      deltas.set(key, (deltas.get(key) ?? 0) + by);
    }
  };
  for (const b of before) if (isVisible(b, since)) count(b, -1);
  for (const a of [...after, ...due]) if (isVisible(a, now)) count(a, +1);
  // A section renamed in its newest article ("Thoi su" → "Thời sự") changes no count.
  for (const a of after) count(a, 0);

  let articles = previous.articles;
  for (const [key, delta] of deltas) {
    const [kind, slug] = key.split('\0') as [FacetKind | 'site', string];
    if (kind === 'site') {
      articles += delta;
      continue;
    }
    await updateFacet(tx, kind, slug, delta, now);
  }
  return storeFacts(tx, now, previous.generation + 1, articles);
}

// The newest visible article of a facet, by the index that lists the facet: its name as that
// article writes it, and its date (sections are ordered by size, then by recency).
const NEWEST: Record<FacetKind, string> = {
  section: `SELECT section AS name, published_at FROM articles
    WHERE section_slug = :slug AND ${VISIBLE} ORDER BY published_at DESC, id DESC LIMIT 1`,
  author: `SELECT author AS name, published_at FROM articles
    WHERE author_slug = :slug AND ${VISIBLE} ORDER BY published_at DESC, id DESC LIMIT 1`,
  tag: `SELECT tag AS name, published_at FROM article_tags
    WHERE tag_slug = :slug AND ${TAG_VISIBLE}
    ORDER BY published_at DESC, article_id DESC LIMIT 1`,
};

async function updateFacet(
  tx: Executor,
  kind: FacetKind,
  slug: string,
  delta: number,
  now: number,
): Promise<void> {
  const row = await tx.get<{ articles: number }>(
    'SELECT articles FROM facets WHERE kind = ? AND slug = ?',
    [kind, slug],
  );
  const articles = (row?.articles ?? 0) + delta;
  const newest =
    articles > 0
      ? await tx.get<{ name: string; published_at: number }>(NEWEST[kind], {
          ':slug': slug,
          ':now': now,
        })
      : undefined;
  if (newest === undefined) {
    await tx.run('DELETE FROM facets WHERE kind = ? AND slug = ?', [kind, slug]);
    return;
  }
  await tx.run(
    `INSERT INTO facets (kind, slug, name, articles, newest_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, slug) DO UPDATE SET name = excluded.name, articles = excluded.articles,
       newest_at = excluded.newest_at`,
    [kind, slug, newest.name, articles, newest.published_at],
  );
}

/** A section, tag or author as counted: its name (from its newest article), size and date. */
export interface FacetCount {
  kind: FacetKind;
  slug: string;
  name: string;
  articles: number;
  newestAt: number;
}

// Each facet's count, and its name and date from its newest article (ties: the higher id), as
// advanceSiteFacts picks them.
const COUNTS = (['section', 'author', 'tag'] as const).map((kind) => {
  const [column, slug, from, id, where] =
    kind === 'tag'
      ? ['tag', 'tag_slug', 'article_tags', 'article_id', TAG_VISIBLE]
      : [kind, `${kind}_slug`, 'articles', 'id', `${kind}_slug IS NOT NULL AND ${VISIBLE}`];
  return `SELECT '${kind}' AS kind, ${slug} AS slug, ${column} AS name, n AS articles,
      published_at AS newestAt FROM (
      SELECT ${slug}, ${column}, published_at,
        row_number() OVER (PARTITION BY ${slug} ORDER BY published_at DESC, ${id} DESC) AS rank,
        count(*) OVER (PARTITION BY ${slug}) AS n
      FROM ${from} WHERE ${where})
    WHERE rank = 1`;
});

/**
 * Counts the whole archive as of `now`: every section, tag and author, and the articles readers
 * see. What the facts moved on change by change must add up to; read only.
 */
export async function countSiteFacts(
  db: Pick<Executor, 'all' | 'get'>,
  now: number,
): Promise<{ articles: number; facets: FacetCount[] }> {
  const facets: FacetCount[] = [];
  for (const sql of COUNTS) facets.push(...(await db.all<FacetCount>(sql, { ':now': now })));
  facets.sort(byFacet);
  const counted = await db.get<{ articles: number }>(
    `SELECT count(*) AS articles FROM articles WHERE ${VISIBLE}`,
    { ':now': now },
  );
  return { articles: counted?.articles ?? 0, facets };
}

/** The facets as stored, in the order countSiteFacts gives them. */
export async function listFacetCounts(db: Pick<Executor, 'all'>): Promise<FacetCount[]> {
  const facets = await db.all<FacetCount>(
    'SELECT kind, slug, name, articles, newest_at AS newestAt FROM facets',
  );
  return facets.sort(byFacet);
}

const byFacet = (a: FacetCount, b: FacetCount) =>
  a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;

/**
 * Counts every section, tag and author with its name, the navigation and the number of visible
 * articles over the whole archive, as of `now`, and moves the generation on: for a database with
 * no facts yet, and when what was moved on change by change no longer adds up.
 */
export async function refreshSiteFacts(tx: Executor, now: number): Promise<SiteFacts> {
  const counted = await countSiteFacts(tx, now);
  await tx.run('DELETE FROM facets');
  if (counted.facets.length > 0) {
    await tx.run(
      `INSERT INTO facets (kind, slug, name, articles, newest_at)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4
       FROM json_each(?) AS j`,
      [JSON.stringify(counted.facets.map((f) => [f.kind, f.slug, f.name, f.articles, f.newestAt]))],
    );
  }
  const previous = await tx.get<{ generation: number }>(
    'SELECT generation FROM site_facts WHERE id = 1',
  );
  return storeFacts(tx, now, (previous?.generation ?? 0) + 1, counted.articles);
}

/**
 * Writes the facts as of `now`: the navigation from the facets, the warnings shown, and the next
 * moment the clock alone changes a page (an article's time, a warning's expiry).
 */
async function storeFacts(
  tx: Executor,
  now: number,
  generation: number,
  articles: number,
): Promise<SiteFacts> {
  const [sections, latest, warnings] = await Promise.all([
    tx.all<SectionLink>(
      `SELECT name, slug FROM facets WHERE kind = 'section'
       ORDER BY articles DESC, newest_at DESC, slug`,
    ),
    tx.get<{ last_id: number | null; next_due_at: number | null }>(
      `SELECT (SELECT max(id) FROM articles) AS last_id,
         (SELECT min(published_at) FROM articles
          WHERE ${LISTED} AND published_at > ?) AS next_due_at`,
      [now],
    ),
    listWarnings(tx),
  ]);
  const nextExpiry = Math.min(...warnings.map((w) => w.expiresAt).filter((at) => at > now));
  const nextDueAt = Math.min(latest?.next_due_at ?? Infinity, nextExpiry);
  const facts: SiteFacts = {
    generation,
    articles,
    lastId: latest?.last_id ?? 0,
    nextDueAt: Number.isFinite(nextDueAt) ? nextDueAt : undefined,
    sections,
    warnings: pickShownWarnings(warnings, now).map(({ title, html, link, expiresAt }) => ({
      title,
      html,
      link,
      expiresAt,
    })),
  };
  await tx.run(
    `INSERT OR REPLACE INTO site_facts
       (id, generation, articles, last_id, next_due_at, sections, warnings, computed_at)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
    [
      facts.generation,
      facts.articles,
      facts.lastId,
      facts.nextDueAt ?? null,
      JSON.stringify(sections),
      JSON.stringify(facts.warnings),
      now,
    ],
  );
  return facts;
}
