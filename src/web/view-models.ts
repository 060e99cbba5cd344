import type { Article, ArticleSummary } from '../db/articles.js';
import {
  ARTICLE_IMAGE_SIZES,
  responsiveImage,
  type ResponsiveImage,
} from '../shared/responsive-image.js';
import { escapeHtml } from '../shared/escape-html.js';
import { articlePath } from '../shared/site-paths.js';
import { formatVietnamDate, formatVietnamDay, toVietnamIso } from '../shared/vietnam-time.js';
import { facetPath } from './facets.js';

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

export interface ArticleView extends ArticleCard {
  /** The lead as markdown-it or the text rules made it at import: safe HTML. */
  sapoHtml: string;
  bodyHtml: string;
  updated: Moment | undefined;
  tags: { name: string; url: string }[];
  imageCaption: string | undefined;
  /** "N phút đọc". */
  readingMinutes: number;
}

/** An article's last edit, or its publication when never edited. */
export const changedAt = (a: { publishedAt: number; updatedAt: number | undefined }): number =>
  a.updatedAt ?? a.publishedAt;

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

export function toArticleView(a: Article): ArticleView {
  return {
    ...toCard(a),
    // Rows stored before leads kept their HTML show the text until they are rendered again.
    sapoHtml: a.sapoHtml === '' && a.sapo !== '' ? escapeHtml(a.sapo) : a.sapoHtml,
    bodyHtml: a.bodyHtml,
    updated: a.updatedAt === undefined ? undefined : moment(a.updatedAt),
    tags: a.tags.map((t) => ({ name: t.name, url: facetPath('tag', t.slug) })),
    imageCaption: a.imageCaption,
    readingMinutes: a.readingMinutes,
  };
}

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
  const separator = basePath.includes('?') ? '&' : '?';
  const url = (n: number) => (n === 1 ? basePath : `${basePath}${separator}trang=${n}`);
  return {
    current,
    total,
    previousUrl: current > 1 ? url(current - 1) : undefined,
    nextUrl: current < total ? url(current + 1) : undefined,
  };
}
