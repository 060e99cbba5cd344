import { DatabaseError, type Executor } from './types.js';

/**
 * One SQL script, run inside the migration's transaction. Plain SQL only, never a call into the
 * code: a migration is frozen as it shipped, and code changes. What only the code can compute
 * (reading times, the search index's folded text, related articles) is rebuilt by the first sync
 * after the upgrade, which renders again every article an older release rendered.
 */
export type Migration = string;

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
  `
  -- The first full-text index. Migration 4 replaced it before anything read it again, so it is
  -- made empty; the index that replaced it is filled there.
  CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, title_folded, body_folded,
    tokenize = 'unicode61 remove_diacritics 0'
  );
  `,
  `
  -- What a page needs is computed at import, so no request reads the whole archive.

  -- Bodies move to their own table, as HTML only: the article rows become narrow, and the
  -- importer's and the site's reads of them no longer walk every body in the archive.
  CREATE TABLE article_bodies (
    id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    body_html TEXT NOT NULL,
    sapo_html TEXT NOT NULL DEFAULT '',
    first_image TEXT
  );
  INSERT INTO article_bodies (id, body_html) SELECT id, body_html FROM articles;
  ALTER TABLE articles ADD COLUMN reading_minutes INTEGER NOT NULL DEFAULT 1;
  -- JSON array of article ids, best first; more than a page shows, because some may not be
  -- visible yet when a reader asks (scheduled) and are skipped then.
  ALTER TABLE articles ADD COLUMN related_ids TEXT NOT NULL DEFAULT '[]';
  -- Which version of the rendering code made the stored HTML. Empty for every article stored
  -- before: the first sync renders each again, with its reading time and related articles.
  ALTER TABLE articles ADD COLUMN render_version TEXT NOT NULL DEFAULT '';

  -- Tags carry their article's date and visibility, so a tag's page is one index range.
  ALTER TABLE article_tags ADD COLUMN published_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE article_tags ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;
  UPDATE article_tags SET
    published_at = (SELECT published_at FROM articles WHERE id = article_id),
    listed = (SELECT deleted_at IS NULL AND draft = 0 FROM articles WHERE id = article_id);
  CREATE INDEX article_tags_by_date ON article_tags (tag_slug, published_at DESC, article_id DESC)
    WHERE listed = 1;

  -- Each section, tag and author with its display name and article count.
  CREATE TABLE facets (
    kind TEXT NOT NULL CHECK (kind IN ('section', 'tag', 'author')),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    articles INTEGER NOT NULL,
    newest_at INTEGER NOT NULL,
    PRIMARY KEY (kind, slug)
  ) WITHOUT ROWID;
  -- Old addresses from content/_chuyen-huong.txt, resolved at import to paths of this site.
  CREATE TABLE redirects (
    from_path TEXT PRIMARY KEY,
    to_path TEXT NOT NULL
  ) WITHOUT ROWID;
  -- The one row every page reads: navigation, count, next scheduled publication and a generation
  -- number that changes with every import readers can see.
  CREATE TABLE site_facts (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    last_id INTEGER NOT NULL,
    next_due_at INTEGER,
    sections TEXT NOT NULL,
    computed_at INTEGER NOT NULL
  );

  -- The index holds no copy of the text (it is in article_bodies), in two tables: as written,
  -- to rank exact-diacritic matches first, and folded by SQLite's tokenizer, with the đ it cannot
  -- fold folded here.
  DROP TABLE article_search;
  CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0');
  CREATE VIRTUAL TABLE article_search_folded USING fts5(
    title, body, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2');
  INSERT INTO article_search (rowid, title, body)
    SELECT id, title, body_text FROM articles WHERE deleted_at IS NULL;
  INSERT INTO article_search_folded (rowid, title, body)
    SELECT id,
      replace(replace(replace(replace(title, 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'),
      replace(replace(replace(replace(body_text, 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D')
    FROM articles WHERE deleted_at IS NULL;
  ALTER TABLE articles DROP COLUMN body_html;
  ALTER TABLE articles DROP COLUMN body_text;
  `,
  `
  -- A sync reads only what changed: each lookup it makes is one index, never the archive.

  -- The pictures each article shows, by picture: a changed picture finds its articles at once.
  CREATE TABLE article_media (
    path TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (path, article_id)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO article_media (path, article_id)
    SELECT j.value, a.id FROM articles AS a, json_each(a.media_paths) AS j;
  ALTER TABLE articles DROP COLUMN media_paths;

  -- The ledger in content/ as last read: what a replica may publish, and the ids and dates a
  -- rebuilt database takes from it. Damaged lines are kept to be written back as they were.
  CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    hash TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    updated_at INTEGER
  );
  CREATE INDEX ledger_entries_by_path ON ledger_entries (path);
  CREATE INDEX ledger_entries_by_hash ON ledger_entries (hash);
  CREATE TABLE ledger_damaged (
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    text TEXT NOT NULL,
    id INTEGER,
    PRIMARY KEY (file, line)
  ) WITHOUT ROWID;
  -- Articles whose line in the ledger is not written yet: a crash between the commit and the
  -- write leaves them here, and the next sync writes them.
  ALTER TABLE articles ADD COLUMN ledger_pending INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX articles_ledger_pending ON articles (id) WHERE ledger_pending = 1;

  -- Small facts the sync keeps between runs (how far the ledger file was read).
  CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  -- Drafts for the editors' report, without reading every article.
  CREATE INDEX articles_drafts ON articles (published_at) WHERE deleted_at IS NULL AND draft = 1;

  -- A section's and an author's articles in the order related articles and listings walk them,
  -- ties broken by id, so a window of neighbours is one range of the index.
  DROP INDEX articles_by_section;
  CREATE INDEX articles_by_section ON articles (section_slug, published_at DESC, id DESC)
    WHERE deleted_at IS NULL AND draft = 0;
  DROP INDEX articles_by_author;
  CREATE INDEX articles_by_author ON articles (author_slug, published_at DESC, id DESC)
    WHERE deleted_at IS NULL AND draft = 0;
  `,
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
  `
  -- Every version of an article readers saw (or will see, at its time), as content/_phien-ban/
  -- keeps it: the file's bytes are there under their hash, these rows are its index files as
  -- last read or written. A version's page reads its bytes from there.
  CREATE TABLE article_versions (
    article_id INTEGER NOT NULL,
    number INTEGER NOT NULL,
    hash TEXT NOT NULL,
    -- ".md" or ".txt": how the kept bytes are read.
    ext TEXT NOT NULL,
    -- From when readers saw it: its first publication, then the time each new text was saved.
    seen_at INTEGER NOT NULL,
    -- The anchors of the corrections and updates it carries (JSON array): a note came with a
    -- version when the version before it did not carry it.
    notes TEXT NOT NULL DEFAULT '[]',
    -- Not yet written to its index file in content/ (a primary writes it after the commit).
    pending INTEGER NOT NULL DEFAULT 0,
    -- 0 while its page waits to be made: the version read from its kept bytes, and what changed
    -- since the one before. Only articles with two versions or more have history pages.
    rendered INTEGER NOT NULL DEFAULT 1,
    -- JSON: the version as its page shows it (title, lead, body, notes), rendered at import.
    content TEXT,
    -- JSON: its paragraphs as plain text, what the next version is compared with.
    text TEXT,
    -- JSON: what changed since the version before it, word by word.
    changes TEXT,
    -- JSON: the kinds of notes that came with it ("correction", "update"): those it carries and
    -- the version before it did not.
    notes_added TEXT,
    -- Why its kept bytes could not be read (gone, damaged), for its page and the report.
    problem TEXT,
    -- The rendering code that made content: a release that changes it makes it again.
    render_version TEXT,
    PRIMARY KEY (article_id, number)
  );
  CREATE INDEX article_versions_pending ON article_versions (article_id) WHERE pending = 1;
  CREATE INDEX article_versions_to_render ON article_versions (article_id, number)
    WHERE rendered = 0;
  -- Lines of the index files that could not be read, kept to be written back as they were.
  CREATE TABLE version_damaged (
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    text TEXT NOT NULL,
    article_id INTEGER,
    PRIMARY KEY (file, line)
  ) WITHOUT ROWID;
  -- How many versions an article has: its page links the history when there are two or more.
  ALTER TABLE articles ADD COLUMN versions INTEGER NOT NULL DEFAULT 0;
  -- Published articles with no kept version: those a release before this one published, whose
  -- current text the first walk keeps.
  CREATE INDEX articles_unkept ON articles (published_at)
    WHERE versions = 0 AND deleted_at IS NULL AND draft = 0;

  -- Urgent warnings from content/_canh-bao*.md and .txt, as last read without a problem.
  CREATE TABLE warnings (
    file TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    html TEXT NOT NULL,
    link TEXT,
    expires_at INTEGER NOT NULL,
    -- Where "expires:" is written, for the editors' report once the time has passed.
    expires_line INTEGER,
    -- When the file was saved: the newest warnings are shown first.
    saved_at INTEGER NOT NULL
  );
  -- The warnings every page shows now (at most three, newest first), beside the navigation.
  ALTER TABLE site_facts ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
  `,
  `
  -- Bodies are stored compressed from this release on (src/db/article-body.ts reads both forms):
  -- every article is rendered again by the first sync, which stores its body so. The space the
  -- text bodies held is reused by the database; VACUUM gives it back to the disk at once.
  UPDATE articles SET render_version = '';

  -- The pictures an article shows, by article: an edit replaces its article's rows by this index
  -- instead of reading every picture of the archive.
  CREATE INDEX article_media_by_article ON article_media (article_id);
  `,
];

export async function migrate(
  db: Executor,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  const current = row?.user_version ?? 0;
  if (current > migrations.length) {
    throw new DatabaseError(
      `database schema version ${current} is newer than this program knows (${migrations.length}); upgrade the program`,
    );
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    const migration = migrations[version - 1]!;
    await db.run('BEGIN IMMEDIATE');
    try {
      // SQLite splits the script itself: a trigger's body or a string may hold a ";".
      await db.exec(migration);
      // PRAGMA takes no bound parameters; version is a loop counter, not input.
      await db.run(`PRAGMA user_version = ${version}`);
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK').catch(() => undefined);
      throw new DatabaseError(`database migration ${version} failed`, { cause: error });
    }
  }
}
