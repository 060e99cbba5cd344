import type { Executor } from './database.js';
import { addImportFacts } from './import-facts-migration.js';
import { createSearchIndex } from './search-index-migration.js';

/**
 * SQL text, or a function for a step SQL alone cannot do (the search index's folded text is
 * computed in JS). Either way it runs inside the migration's transaction.
 */
export type Migration = string | ((tx: Executor) => Promise<void>);

/**
 * The schema as an append-only list: migration N brings a database at version N-1 to N, and
 * `PRAGMA user_version` records where a file stands. Never edit a migration that has shipped;
 * add the next one.
 */
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE articles (
    -- AUTOINCREMENT, not a plain rowid: an id once given is never handed out again, so an old
    -- link can never land on a different article.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_path TEXT NOT NULL UNIQUE,
    source_hash TEXT NOT NULL,
    source_size INTEGER NOT NULL,
    source_mtime_ms REAL NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    sapo TEXT NOT NULL,
    body_html TEXT NOT NULL,
    body_text TEXT NOT NULL,
    byline TEXT,
    author TEXT,
    author_slug TEXT,
    section TEXT,
    section_slug TEXT,
    image TEXT,
    image_alt TEXT,
    image_caption TEXT,
    draft INTEGER NOT NULL DEFAULT 0,
    published_at INTEGER NOT NULL,
    updated_at INTEGER,
    imported_at INTEGER NOT NULL,
    deleted_at INTEGER
  );
  CREATE INDEX articles_by_date ON articles (published_at DESC, id DESC)
    WHERE deleted_at IS NULL AND draft = 0;
  CREATE INDEX articles_by_section ON articles (section_slug, published_at DESC)
    WHERE deleted_at IS NULL AND draft = 0;
  CREATE INDEX articles_by_author ON articles (author_slug, published_at DESC)
    WHERE deleted_at IS NULL AND draft = 0;
  CREATE INDEX articles_by_hash ON articles (source_hash);

  CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    tag_slug TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag_slug)
  );
  CREATE INDEX article_tags_by_slug ON article_tags (tag_slug);

  -- What is wrong with editors' files right now; rows for a file are replaced each time it is read.
  CREATE TABLE file_problems (
    file TEXT NOT NULL,
    line INTEGER,
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
    message TEXT NOT NULL,
    source_size INTEGER,
    source_mtime_ms REAL,
    reported_at INTEGER NOT NULL
  );
  CREATE INDEX file_problems_by_file ON file_problems (file);
  `,
  `
  -- Images beside the articles, measured once at import: pages set width and height so nothing
  -- jumps while they load, and the hash versions their URLs so they can be cached for a year.
  CREATE TABLE media (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    hash TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL
  );
  ALTER TABLE articles ADD COLUMN image_width INTEGER;
  ALTER TABLE articles ADD COLUMN image_height INTEGER;
  -- The images an article shows (JSON array of content paths): when one changes, the article
  -- is rendered again.
  ALTER TABLE articles ADD COLUMN media_paths TEXT NOT NULL DEFAULT '[]';
  `,
  createSearchIndex,
  addImportFacts,
  `
  -- The date readers are told an article changed, apart from any change of its file: the latest
  -- correction's or update's date, or "updated:". updated_at stays the last change of content
  -- (Last-Modified, sitemaps, the ledger). Filled when the articles are rendered again.
  ALTER TABLE articles ADD COLUMN modified_at INTEGER;
  -- The article's language when it is not Vietnamese, as a BCP 47 tag ("tyz", "hnj", "ium").
  ALTER TABLE articles ADD COLUMN lang TEXT;

  -- Corrections and updates from the articles' front matter, rendered at import, in the order
  -- the article shows them (position).
  CREATE TABLE article_notes (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('correction', 'update')),
    -- The note's id on its article's page and in feeds, the same for as long as its date.
    anchor TEXT NOT NULL,
    noted_at INTEGER NOT NULL,
    top INTEGER NOT NULL DEFAULT 0,
    html TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
  );
  -- /dinh-chinh and its feeds: the corrections, newest first, as one range of this index.
  CREATE INDEX article_notes_by_date
    ON article_notes (kind, noted_at DESC, article_id DESC, position);
  `,
];

export async function migrate(
  db: Executor,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  const current = row?.user_version ?? 0;
  if (current > migrations.length) {
    throw new Error(
      `database schema version ${current} is newer than this program knows (${migrations.length}); upgrade the program`,
    );
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    const migration = migrations[version - 1]!;
    await db.run('BEGIN IMMEDIATE');
    try {
      // SQLite splits the script itself: a trigger's body or a string may hold a ";".
      if (typeof migration === 'string') await db.exec(migration);
      else await migration(db);
      // PRAGMA takes no bound parameters; version is a loop counter, not input.
      await db.run(`PRAGMA user_version = ${version}`);
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK').catch(() => undefined);
      throw new Error(`database migration ${version} failed`, { cause: error });
    }
  }
}
