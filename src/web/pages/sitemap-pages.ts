import {
  listRecentEntries,
  listSitemapChunks,
  listSitemapEntries,
} from '../../db/sitemap-articles.js';
import { toVietnamIso } from '../../shared/vietnam-time.js';
import type { PageHandler } from '../respond.js';
import {
  articlePath,
  articleSitemapNumber,
  articleSitemapPath,
  NEWS_SITEMAP_PATH,
  SITEMAP_PATH,
} from '../../shared/urls.js';
import { escapeXml as x } from '../xml.js';
import { factsOf, type PageDeps } from './page-deps.js';

/** The sitemaps protocol's limit of URLs per file. */
export const SITEMAP_SIZE = 50_000;
/** Google News reads articles of the last two days, at most 1,000 per sitemap. */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
export const NEWS_SITEMAP_SIZE = 1000;

const XML_TYPE = 'application/xml; charset=utf-8';
const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n';

const newest = (times: number[]) => (times.length === 0 ? undefined : Math.max(...times));

/** `/sitemap.xml`: the index of the article sitemaps and the news sitemap. */
export function sitemapIndex({ db, now, site, sitemapSize }: PageDeps): PageHandler {
  return async (_req, res) => {
    const chunks = await listSitemapChunks(db, {
      now: now(),
      size: sitemapSize,
      lastId: factsOf(res).lastId,
    });
    const entries = chunks.map(
      (c) =>
        `<sitemap><loc>${x(site.url + articleSitemapPath(c.number))}</loc><lastmod>${toVietnamIso(c.changedAt)}</lastmod></sitemap>`,
    );
    entries.push(`<sitemap><loc>${x(site.url + NEWS_SITEMAP_PATH)}</loc></sitemap>`);
    return {
      type: XML_TYPE,
      lastModifiedMs: newest(chunks.map((c) => c.changedAt)),
      body: `${XML_HEAD}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`,
    };
  };
}

/** `/sitemaps/articles-<n>.xml`: one file of article URLs; a number past the end is 404. */
export function articleSitemap({ db, now, site, sitemapSize }: PageDeps): PageHandler {
  return async (req) => {
    const number = articleSitemapNumber(String(req.params.file));
    if (number === undefined) return undefined;
    const entries = await listSitemapEntries(db, { now: now(), size: sitemapSize, number });
    if (entries.length === 0) return undefined;
    const urls = entries.map(
      (e) =>
        `<url><loc>${x(site.url + articlePath(e))}</loc><lastmod>${toVietnamIso(e.changedAt)}</lastmod></url>`,
    );
    return {
      type: XML_TYPE,
      lastModifiedMs: newest(entries.map((e) => e.changedAt)),
      body: `${XML_HEAD}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`,
    };
  };
}

/** `/sitemaps/news.xml`: the Google News sitemap. */
export function newsSitemap({ db, now, site }: PageDeps): PageHandler {
  return async () => {
    const at = now();
    const entries = await listRecentEntries(db, {
      now: at,
      since: at - NEWS_WINDOW_MS,
      limit: NEWS_SITEMAP_SIZE,
    });
    const publication = `<news:publication><news:name>${x(site.name)}</news:name><news:language>vi</news:language></news:publication>`;
    const urls = entries.map(
      (e) =>
        `<url><loc>${x(site.url + articlePath(e))}</loc><news:news>${publication}<news:publication_date>${toVietnamIso(e.publishedAt)}</news:publication_date><news:title>${x(e.title)}</news:title></news:news></url>`,
    );
    return {
      type: XML_TYPE,
      lastModifiedMs: newest(entries.map((e) => e.changedAt)),
      body: `${XML_HEAD}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${urls.join('\n')}\n</urlset>\n`,
    };
  };
}

/**
 * `/robots.txt`: everything may be crawled; the sitemap is at SITE_URL. A page like the others,
 * so it has their validators and caching; it changes with SITE_URL only, so it has no
 * Last-Modified to give, and its ETag is what a crawler revalidates with.
 */
export function robotsTxt({ site }: PageDeps): PageHandler {
  return async () => ({
    body: `User-agent: *\nAllow: /\n\nSitemap: ${site.url}${SITEMAP_PATH}\n`,
    type: 'text/plain; charset=utf-8',
  });
}
