import type { SourceState } from '../../db/sources.js';
import type { ArticleInput } from '../../db/upsert-articles.js';
import type { ContentProblem } from '../parse/content-error.js';
import type { ContentFile } from './examine-path.js';
import type { ParsedFile } from './read-article-file.js';
import { slugify } from '../parse/slug.js';

/** A file's size and modification time: how a later sync sees that it is untouched. */
export const stat = (source: ContentFile) => ({ size: source.size, mtimeMs: source.mtimeMs });

/** A problem tied to this version of the file: not reported again until the file changes. */
export const withStat = (source: ContentFile) => (problem: ContentProblem) => ({
  ...problem,
  ...stat(source),
});

/** A problem not tied to one version of a file: the ledger's, the redirects', the scan's. */
export const withoutStat = (problem: ContentProblem) => ({
  ...problem,
  size: undefined,
  mtimeMs: undefined,
});

/**
 * A parsed file → the article row to store, its dates decided: `previous` is what was known of
 * its id before this import (undefined for a new article).
 */
export function toInput(
  source: ContentFile,
  { hash, parsed, body }: Pick<ParsedFile, 'hash' | 'parsed' | 'body'>,
  previous: SourceState | undefined,
  at: number,
  renderVersion: string,
): ArticleInput {
  // The first import fixes the publication time; later edits are updates, never re-publications.
  // Times taken from the file are kept to the second, as the ledger writes them.
  const fileTime = Math.floor(source.mtimeMs / 1000) * 1000;
  const publishedAt = parsed.date ?? previous?.publishedAt ?? fileTime;
  const contentChanged = previous !== undefined && previous.hash !== hash;
  const after = (time: number | undefined) =>
    time !== undefined && time > publishedAt ? time : undefined;
  // What readers are told ("Cập nhật", dateModified, feeds): the article changed when an editor
  // says so, with a correction, an update or `updated:`. A typo fixed says nothing.
  const modifiedAt = after(latest(parsed.updated, ...parsed.notes.map((n) => n.date)));
  // What caches, crawlers and the ledger are told: any change of content, when it was saved.
  const updatedAt = after(latest(modifiedAt, contentChanged ? fileTime : previous?.updatedAt));
  const section = parsed.section;
  const tags = new Map<string, string>();
  for (const name of parsed.tags) {
    const slug = slugify(name);
    if (slug !== '' && !tags.has(slug)) tags.set(slug, name);
  }
  return {
    sourcePath: source.file,
    hash,
    ...stat(source),
    slug: parsed.slug,
    title: parsed.title,
    sapo: parsed.sapo,
    sapoHtml: parsed.sapoHtml,
    body,
    firstImage: parsed.firstImage,
    bodyText: parsed.bodyText,
    readingMinutes: parsed.readingMinutes,
    byline: parsed.byline,
    author: parsed.author,
    authorSlug: parsed.author === undefined ? undefined : slugify(parsed.author) || undefined,
    section,
    sectionSlug: section === undefined ? undefined : slugify(section) || undefined,
    tags: [...tags].map(([slug, name]) => ({ name, slug })),
    image: parsed.image,
    imageAlt: parsed.imageAlt,
    imageCaption: parsed.imageCaption,
    draft: parsed.draft,
    lang: parsed.lang,
    publishedAt,
    updatedAt,
    modifiedAt,
    notes: parsed.notes,
    importedAt: at,
    mediaPaths: parsed.mediaPaths,
    renderVersion,
  };
}

function latest(...times: (number | undefined)[]): number | undefined {
  const known = times.filter((t) => t !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
}
