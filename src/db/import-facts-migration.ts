import { readingMinutes } from '../shared/reading-time.js';
import type { Executor } from './database.js';
import { refreshRelatedArticles } from './related-articles.js';
import { CREATE_SEARCH_TABLES, indexArticles } from './search-index.js';
import { refreshSiteFacts } from './site-facts.js';

/**
 * Migration 4: what a page needs is computed at import, so no request reads the whole archive.
 *
 * - Bodies move to their own table, as HTML only. Columns stored after a long body sit on its overflow pages,
 *   so any query touching them (the importer's list of sources, the site's counts) walked every
 *   body in the archive; the article rows are now narrow.
 * - The search index holds no copy of the text (it is in article_bodies) and lets SQLite fold
 *   the diacritics, which made importing a large archive several times faster.
 * - Reading time and related articles are stored per article.
 * - Tags carry their article's date and visibility, so a tag's page is one index range.
 * - `facets` holds each section, tag and author with its display name and article count, and
 *   `site_facts` the one row every page reads: navigation, count, next scheduled publication and
 *   a generation number that changes with every import readers can see.
 *
 * Shipped, so frozen like any migration.
 */
export async function addImportFacts(tx: Executor): Promise<void> {
  const statements = [
    // What only the article's own page shows: its body, its lead as HTML (a Markdown lead keeps
    // its links), and its first picture (JSON: url, width, height) for link previews.
    `CREATE TABLE article_bodies (
       id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
       body_html TEXT NOT NULL,
       sapo_html TEXT NOT NULL DEFAULT '',
       first_image TEXT
     )`,
    'INSERT INTO article_bodies (id, body_html) SELECT id, body_html FROM articles',
    'ALTER TABLE articles ADD COLUMN reading_minutes INTEGER NOT NULL DEFAULT 1',
    // JSON array of article ids, best first; more than a page shows, because some may not be
    // visible yet when a reader asks (scheduled) and are skipped then.
    "ALTER TABLE articles ADD COLUMN related_ids TEXT NOT NULL DEFAULT '[]'",
    // Which version of the rendering code made the stored HTML; an older one is rendered again.
    "ALTER TABLE articles ADD COLUMN render_version TEXT NOT NULL DEFAULT ''",
    'ALTER TABLE article_tags ADD COLUMN published_at INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE article_tags ADD COLUMN listed INTEGER NOT NULL DEFAULT 0',
    `UPDATE article_tags SET
       published_at = (SELECT published_at FROM articles WHERE id = article_id),
       listed = (SELECT deleted_at IS NULL AND draft = 0 FROM articles WHERE id = article_id)`,
    `CREATE INDEX article_tags_by_date ON article_tags (tag_slug, published_at DESC, article_id DESC)
       WHERE listed = 1`,
    `CREATE TABLE facets (
       kind TEXT NOT NULL CHECK (kind IN ('section', 'tag', 'author')),
       slug TEXT NOT NULL,
       name TEXT NOT NULL,
       articles INTEGER NOT NULL,
       newest_at INTEGER NOT NULL,
       PRIMARY KEY (kind, slug)
     ) WITHOUT ROWID`,
    // Old addresses from content/_chuyen-huong.txt, resolved at import to paths of this site.
    `CREATE TABLE redirects (
       from_path TEXT PRIMARY KEY,
       to_path TEXT NOT NULL
     ) WITHOUT ROWID`,
    `CREATE TABLE site_facts (
       id INTEGER PRIMARY KEY CHECK (id = 1),
       generation INTEGER NOT NULL,
       articles INTEGER NOT NULL,
       last_id INTEGER NOT NULL,
       next_due_at INTEGER,
       sections TEXT NOT NULL,
       computed_at INTEGER NOT NULL
     )`,
  ];
  for (const sql of [...statements, 'DROP TABLE article_search', ...CREATE_SEARCH_TABLES]) {
    await tx.run(sql);
  }

  const bodies = await tx.all<{
    id: number;
    title: string;
    body_text: string;
    deleted_at: number | null;
  }>('SELECT id, title, body_text, deleted_at FROM articles');
  await tx.run(
    `UPDATE articles SET reading_minutes = j.value ->> 1
     FROM json_each(?) AS j WHERE articles.id = j.value ->> 0`,
    [JSON.stringify(bodies.map((b) => [b.id, readingMinutes(b.body_text)]))],
  );
  await indexArticles(
    tx,
    bodies
      .filter((a) => a.deleted_at === null)
      .map((a) => ({ id: a.id, title: a.title, bodyText: a.body_text })),
  );
  // The text now lives in the index and the HTML in article_bodies.
  await tx.run('ALTER TABLE articles DROP COLUMN body_html');
  await tx.run('ALTER TABLE articles DROP COLUMN body_text');
  // Facts exist once there is a site: a new, empty database has none, so a server knows it must
  // import before it can serve anything.
  if (bodies.length > 0) {
    await refreshRelatedArticles(tx);
    await refreshSiteFacts(tx, Date.now());
  }
}
