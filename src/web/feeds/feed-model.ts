import type { Correction } from '../../db/corrections.js';
import type { FeedArticle } from '../../db/feed-articles.js';
import type { SiteInfo } from '../site-info.js';
import { articleIdPath, articlePath } from '../../shared/urls.js';
import { modifiedAt } from '../view-models.js';
import { absoluteUrl } from '../xml.js';
import { feedPath } from '../../shared/urls.js';
import type { FeedScope } from './feed-links.js';

export const FEED_SIZE = 50;

/** One feed, whatever its format: every URL already absolute. */
export interface Feed {
  title: string;
  description: string;
  homeUrl: string;
  rssUrl: string;
  atomUrl: string;
  jsonUrl: string;
  siteName: string;
  /** The newest change readers are told of in any entry; the feed's own updated time. */
  updatedAt: number;
  items: FeedItem[];
}

export interface FeedItem {
  /** What readers keep the entry by, when it is not its URL. */
  id?: string;
  /** The article's absolute URL: its id never changes, so neither does this. */
  url: string;
  title: string;
  summary: string;
  contentHtml: string;
  author: string | undefined;
  section: string | undefined;
  tags: string[];
  imageUrl: string | undefined;
  publishedAt: number;
  updatedAt: number;
  /** BCP 47, when the entry is not in Vietnamese. */
  language: string | undefined;
}

/** The feeds of a scope (the site, or a section, tag or author) from its newest articles. */
export function buildFeed(site: SiteInfo, articles: FeedArticle[], scope: FeedScope): Feed {
  return assembleFeed(
    site,
    scope,
    articles.map((a) => toItem(site, a)),
  );
}

/**
 * The corrections feed: an entry per correction, linked to it on its article's page. Its id
 * names the article by its id alone, so it stays when a correction changes the title.
 */
export function buildCorrectionsFeed(
  site: SiteInfo,
  corrections: Correction[],
  scope: FeedScope,
): Feed {
  const items = corrections.map(({ note, article }): FeedItem => ({
    id: `${site.url}${articleIdPath(article.id)}#${note.anchor}`,
    url: `${site.url}${articlePath(article)}#${note.anchor}`,
    title: `Đính chính: ${article.title}`,
    summary: note.text,
    contentHtml: absoluteLinks(site.url, note.html),
    author: undefined,
    section: undefined,
    tags: [],
    imageUrl: undefined,
    publishedAt: note.date,
    updatedAt: note.date,
    language: article.lang,
  }));
  return assembleFeed(site, scope, items);
}

function assembleFeed(site: SiteInfo, scope: FeedScope, items: FeedItem[]): Feed {
  return {
    title: scope.title,
    description: scope.description,
    homeUrl: site.url + (scope.basePath === '' ? '/' : scope.basePath),
    rssUrl: site.url + feedPath(scope.basePath, 'rss'),
    atomUrl: site.url + feedPath(scope.basePath, 'atom'),
    jsonUrl: site.url + feedPath(scope.basePath, 'json'),
    siteName: site.name,
    updatedAt: Math.max(0, ...items.map((i) => i.updatedAt)),
    items,
  };
}

function toItem(site: SiteInfo, a: FeedArticle): FeedItem {
  return {
    url: site.url + articlePath(a),
    title: a.title,
    summary: a.sapo,
    contentHtml: absoluteLinks(site.url, a.bodyHtml),
    author: a.author ?? a.byline,
    section: a.section,
    tags: a.tags.map((t) => t.name),
    imageUrl: a.image === undefined ? undefined : absoluteUrl(site.url, a.image.url),
    publishedAt: a.publishedAt,
    updatedAt: modifiedAt(a),
    language: a.lang,
  };
}

/**
 * Feed readers show the body away from the site, where "/media/…" means nothing: site-relative
 * links and images become absolute. The body is markdown-it's output, always double-quoted.
 */
function absoluteLinks(siteUrl: string, html: string): string {
  return html
    .replace(/\b(src|href)="\/(?!\/)/g, `$1="${siteUrl}/`)
    .replace(
      /\bsrcset="([^"]*)"/g,
      (_, set: string) => `srcset="${set.replace(/(^|, )\/(?!\/)/g, `$1${siteUrl}/`)}"`,
    );
}
