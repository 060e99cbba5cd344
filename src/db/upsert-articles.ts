import { replaceNotes, type ArticleNote } from './article-notes.js';
import { batches } from './batches.js';
import type { Executor } from './types.js';
import { relistTags } from './visibility.js';
import { indexArticles } from './search-index.js';

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
  /** The body's HTML, packed as article_bodies stores it (article-body.ts). */
  body: Uint8Array;
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
  /** BCP 47, when the article is not in Vietnamese. */
  lang: string | undefined;
  publishedAt: number;
  /** The last change of content, any change (the ledger's third column). */
  updatedAt: number | undefined;
  /** The "Cập nhật" date: the latest note's date or `updated:`. */
  modifiedAt: number | undefined;
  /** Corrections, then updates, each newest first. */
  notes: ArticleNote[];
  importedAt: number;
  mediaPaths: string[];
  renderVersion: string;
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
  'lang',
  'published_at',
  'updated_at',
  'modified_at',
  'imported_at',
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
  a.lang ?? null,
  a.publishedAt,
  a.updatedAt ?? null,
  a.modifiedAt ?? null,
  a.importedAt,
  a.renderVersion,
];

/**
 * Writes articles, new ones and rewritten ones alike, with their bodies, tags, notes and search index,
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
  await tx.run('DELETE FROM article_media WHERE article_id IN (SELECT value FROM json_each(?))', [
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
       SELECT j.value ->> 0, unhex(j.value ->> 1), j.value ->> 2, j.value ->> 3
       FROM json_each(?) AS j WHERE true
       ON CONFLICT (id) DO UPDATE SET body_html = excluded.body_html,
         sapo_html = excluded.sapo_html, first_image = excluded.first_image`,
      [
        JSON.stringify(
          batch.map(({ id, input }) => [
            id,
            Buffer.from(input.body).toString('hex'),
            input.sapoHtml,
            input.firstImage === undefined ? null : JSON.stringify(input.firstImage),
          ]),
        ),
      ],
    );
    // The pictures each article shows, by picture: a changed picture finds its articles.
    const media = batch.flatMap(({ id, input }) => input.mediaPaths.map((p) => [p, id]));
    if (media.length > 0) {
      await tx.run(
        `INSERT OR IGNORE INTO article_media (path, article_id)
         SELECT j.value ->> 0, j.value ->> 1 FROM json_each(?) AS j`,
        [JSON.stringify(media)],
      );
    }
    // A tag written twice in one article counts once.
    const tags = batch.flatMap(({ id, input }) =>
      input.tags.map((t, position) => [id, t.name, t.slug, position]),
    );
    if (tags.length > 0) {
      await tx.run(
        `INSERT OR IGNORE INTO article_tags (article_id, tag, tag_slug, position)
         SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3 FROM json_each(?) AS j`,
        [JSON.stringify(tags)],
      );
    }
    // Tags carry their article's date and whether it is listed, so a tag's page is one index range.
    await relistTags(
      tx,
      batch.map((a) => a.id),
    );
  }
  await replaceNotes(
    tx,
    articles.map(({ id, input }) => ({ id, notes: input.notes })),
  );
  // In the same transaction as the rows: search never finds text an article no longer has.
  await indexArticles(
    tx,
    articles.map(({ id, input }) => ({ id, title: input.title, bodyText: input.bodyText })),
  );
}
