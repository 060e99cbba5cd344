import type { ArticleNote } from '../db/article-notes.js';
import type { Article, ArticleSummary } from '../db/articles.js';
import type { SiteWarning } from '../db/site-facts.js';
import {
  ARTICLE_IMAGE_SIZES,
  responsiveImage,
  type ResponsiveImage,
} from '../shared/responsive-image.js';
import { escapeHtml } from '../shared/escape-html.js';
import { articlePath, facetPath, pagePath } from '../shared/urls.js';
import { formatVietnamDate, formatVietnamDay, toVietnamIso } from '../shared/vietnam-time.js';

export interface Moment {
  text: string;
  day: string;
  iso: string;
}

export interface ArticleCard {
  url: string;
  title: string;
  sapo: string;
  byline: string | undefined;
  authorUrl: string | undefined;
  section: string | undefined;
  sectionUrl: string | undefined;
  published: Moment;
  image: PictureView | undefined;
}

export interface PictureView extends ResponsiveImage {
  alt: string;
  sizes: string;
}

/** A correction or an update as a box on the page shows it. */
export interface NoteView {
  anchor: string;
  date: Moment;
  /** Rendered at import, links checked: safe HTML. */
  html: string;
}

export interface ArticleView extends ArticleCard {
  /** BCP 47, when the article is not in Vietnamese. */
  lang: string | undefined;
  /** The lead as markdown-it or the text rules made it at import: safe HTML. */
  sapoHtml: string;
  bodyHtml: string;
  /** "Cập nhật": the latest note's date or `updated:`, never a mere edit. */
  updated: Moment | undefined;
  /** Corrections that stand at the top of the article, the others, and the updates. */
  notes: { top: NoteView[]; corrections: NoteView[]; updates: NoteView[] };
  tags: { name: string; url: string }[];
  imageCaption: string | undefined;
  /** "N phút đọc". */
  readingMinutes: number;
}

/**
 * An article's last change of any kind, or its publication: what caches are told
 * (Last-Modified). A typo fixed moves it.
 */
export const changedAt = (a: { publishedAt: number; updatedAt: number | undefined }): number =>
  a.updatedAt ?? a.publishedAt;

/**
 * When readers are told an article last changed (dateModified, article:modified_time, feeds):
 * its latest correction or update, or `updated:`, else its publication.
 */
export const modifiedAt = (a: { publishedAt: number; modifiedAt: number | undefined }): number =>
  a.modifiedAt ?? a.publishedAt;

/**
 * The newest change among the articles a page shows: its Last-Modified, taken from the content
 * alone so every server built from the same files sends the same one. Undefined for none.
 */
export function newestChange(
  articles: readonly { publishedAt: number; updatedAt: number | undefined }[],
): number | undefined {
  return articles.length === 0 ? undefined : Math.max(...articles.map(changedAt));
}

export function moment(epochMs: number): Moment {
  return {
    text: formatVietnamDate(epochMs),
    day: formatVietnamDay(epochMs),
    iso: toVietnamIso(epochMs),
  };
}

export function toCard(a: ArticleSummary): ArticleCard {
  return {
    url: articlePath(a),
    title: a.title,
    sapo: a.sapo,
    byline: a.byline,
    authorUrl: a.authorSlug === undefined ? undefined : facetPath('author', a.authorSlug),
    section: a.section,
    sectionUrl: a.sectionSlug === undefined ? undefined : facetPath('section', a.sectionSlug),
    published: moment(a.publishedAt),
    image:
      a.image === undefined
        ? undefined
        : {
            ...responsiveImage(a.image),
            // Alt text describes the picture; without one, the headline says what it is about.
            alt: a.imageAlt ?? a.title,
            sizes: ARTICLE_IMAGE_SIZES,
          },
  };
}

export const toNoteView = (n: ArticleNote): NoteView => ({
  anchor: n.anchor,
  date: moment(n.date),
  html: n.html,
});

export function toArticleView(a: Article): ArticleView {
  const corrections = a.notes.filter((n) => n.kind === 'correction');
  return {
    ...toCard(a),
    lang: a.lang,
    // Rows stored before leads kept their HTML show the text until they are rendered again.
    sapoHtml: a.sapoHtml === '' && a.sapo !== '' ? escapeHtml(a.sapo) : a.sapoHtml,
    bodyHtml: a.bodyHtml,
    updated: a.modifiedAt === undefined ? undefined : moment(a.modifiedAt),
    notes: {
      top: corrections.filter((n) => n.top).map(toNoteView),
      corrections: corrections.filter((n) => !n.top).map(toNoteView),
      updates: a.notes.filter((n) => n.kind === 'update').map(toNoteView),
    },
    tags: a.tags.map((t) => ({ name: t.name, url: facetPath('tag', t.slug) })),
    imageCaption: a.imageCaption,
    readingMinutes: a.readingMinutes,
  };
}

/** An urgent warning as the banner on every page shows it. */
export interface WarningView {
  title: string;
  /** Made safe at import. */
  html: string;
  link: string | undefined;
  until: Moment;
}

export const toWarningView = (w: SiteWarning): WarningView => ({
  title: w.title,
  html: w.html,
  link: w.link,
  until: moment(w.expiresAt),
});

export interface Pagination {
  current: number;
  total: number;
  previousUrl: string | undefined;
  nextUrl: string | undefined;
}

/**
 * Page N of a listing at `basePath` (which may carry a query, as search does); page 1 is the
 * bare path so it has one URL only.
 */
export function pagination(
  basePath: string,
  current: number,
  totalItems: number,
  perPage: number,
): Pagination {
  const total = Math.max(1, Math.ceil(totalItems / perPage));
  return {
    current,
    total,
    previousUrl: current > 1 ? pagePath(basePath, current - 1) : undefined,
    nextUrl: current < total ? pagePath(basePath, current + 1) : undefined,
  };
}
