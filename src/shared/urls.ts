import { createHmac } from 'node:crypto';

// Every URL the site links to or answers, built here and nowhere else: the route table
// (src/web/routes.ts) takes its patterns from these, the pages and views build their links with
// them, and the importer names articles, previews and pictures with them (the editors' report,
// old addresses, the HTML stored at import). It sits in shared/ because both stages use it.

/** The home page; `?trang=N` for the older pages of it, as of every listing. */
export const HOME_PATH = '/';
export const PAGE_PARAM = 'trang';

/** ("/chu-de/lua", 3) → "/chu-de/lua?trang=3"; page 1 is the listing's own path. */
export function pagePath(path: string, page: number): string {
  if (page === 1) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${PAGE_PARAM}=${page}`;
}

/** "/huyen-uy-pac-nam-bam-sat-thuc-tien-thuc-hien-nhiem-vu-trong-tam-1.html" */
export const articlePath = (a: { slug: string; id: number }): string => `/${a.slug}-${a.id}.html`;

/**
 * "/12.html": an article by its id alone, which answers 301 to its current URL. For what must
 * outlive a change of title, such as a correction's id in a feed.
 */
export const articleIdPath = (id: number): string => `/${id}.html`;

/** The route of an article: one path segment, "<slug>-<id>.html" (anything else is a 404). */
export const ARTICLE_ROUTE = '/:file';

/** What a listing page groups articles by; each answers at its own URL. */
export type FacetKind = 'section' | 'tag' | 'author';

/** Where each kind of listing lives. */
export const FACET_PATHS: Readonly<Record<FacetKind, string>> = {
  section: '/chuyen-muc',
  tag: '/chu-de',
  author: '/tac-gia',
};

/** ("tag", "nong-nghiep") → "/chu-de/nong-nghiep"; (kind, ":slug") is its route. */
export const facetPath = (facet: FacetKind, slug: string): string =>
  `${FACET_PATHS[facet]}/${slug}`;

/** Search: "?q=" the words, "&trang=N" the page. */
export const SEARCH_PATH = '/tim-kiem';
export const SEARCH_PARAM = 'q';

/** "pác nặm" → "/tim-kiem?q=p%C3%A1c%20n%E1%BA%B7m"; no words, the search page itself. */
export const searchPath = (words: string): string =>
  words === '' ? SEARCH_PATH : `${SEARCH_PATH}?${SEARCH_PARAM}=${encodeURIComponent(words)}`;

/** The search URL with a placeholder for the words, as search engines' templates want it. */
export const searchTemplate = (placeholder: string): string =>
  `${SEARCH_PATH}?${SEARCH_PARAM}=${placeholder}`;

/** Each feed format's file, under the path of what it follows. */
export const FEED_FILES = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } as const;
export type FeedFormat = keyof typeof FEED_FILES;

/** ("", "rss") → "/rss.xml"; ("/chu-de/nong-nghiep", "json") → "/chu-de/nong-nghiep/feed.json". */
export const feedPath = (basePath: string, format: FeedFormat): string =>
  `${basePath}/${FEED_FILES[format]}`;

/** The sitemap index, the Google News sitemap, and the article sitemaps by number (from 1). */
export const SITEMAP_PATH = '/sitemap.xml';
export const SITEMAPS_PREFIX = '/sitemaps';
export const NEWS_SITEMAP_PATH = `${SITEMAPS_PREFIX}/news.xml`;
export const articleSitemapPath = (number: number): string =>
  `${SITEMAPS_PREFIX}/articles-${number}.xml`;
/** "articles-3.xml" → 3; undefined for any other name. */
export function articleSitemapNumber(file: string): number | undefined {
  const match = /^articles-([1-9]\d{0,5})\.xml$/.exec(file);
  return match ? Number(match[1]) : undefined;
}

export const ROBOTS_PATH = '/robots.txt';
export const HEALTH_PATH = '/healthz';

/** Every correction, newest first, with its feeds beside it. */
export const CORRECTIONS_PATH = '/dinh-chinh';

/** Every version readers saw of each article, and what changed each time. */
export const HISTORY_PREFIX = '/phien-ban';

/** "/phien-ban/12": the versions of article 12, newest first. */
export const historyPath = (id: number): string => `${HISTORY_PREFIX}/${id}`;

/** "/phien-ban/12/3": version 3 of article 12 as readers saw it, and what it changed. */
export const versionPath = (id: number, number: number): string =>
  `${HISTORY_PREFIX}/${id}/${number}`;

/** What a reader with no network is shown, and where the saved articles are listed. */
export const OFFLINE_PATH = '/ngoai-tuyen';

/** The path prefix of draft previews. */
export const PREVIEW_PREFIX = '/xem-truoc';

/**
 * The unguessable part of a draft's preview link: an HMAC of its id under the site's preview
 * secret, so a link cannot be derived from another and a new secret retires every old link.
 */
export function previewToken(secret: string, id: number): string {
  return createHmac('sha256', secret).update(`preview:${id}`).digest('base64url').slice(0, 32);
}

/** "/xem-truoc/12/Jd8…": where a draft or scheduled article can be read before it is out. */
export const previewPath = (secret: string, id: number): string =>
  `${PREVIEW_PREFIX}/${id}/${previewToken(secret, id)}`;

/** The pictures editors put beside their articles. */
export const MEDIA_PREFIX = '/media';

/** "Thời sự/anh.jpg", "3f2a9c01be12" → "/media/Th%E1%BB%9Di%20s%E1%BB%B1/anh.jpg?v=3f2a9c01be12". */
export function mediaUrl(contentPath: string, hash: string): string {
  return `${MEDIA_PREFIX}/${contentPath.split('/').map(encodeURIComponent).join('/')}?v=${hash}`;
}

/** "/tin%20cu?id=1" → "/tin cu?id=1": how old paths are compared, however they are encoded. */
export function normalizeOldPath(url: string): string {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // A malformed escape is compared as written.
  }
  return decoded.normalize('NFC');
}
