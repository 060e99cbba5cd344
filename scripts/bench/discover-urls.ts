import type { HttpClient } from '../../harness/create-http-client.js';

export interface SiteUrls {
  /** The district report's page: the article every load uses, as in issue 8. */
  article: string;
  /** Distinct article pages, spread over the archive, for the render-time part. */
  articles: string[];
  home: string;
  /** `/?trang=500`, or the deepest home page that exists in a smaller archive. */
  deepListing: string;
  section: string;
  tag: string;
  author: string;
  search: string;
  rss: string;
}

export class DiscoveryError extends Error {
  constructor(message: string) {
    super(`could not find the page URLs: ${message}`);
    this.name = 'DiscoveryError';
  }
}

const ARTICLE_PATH = /^\/[^/?#]*-\d+\.html$/;
const SEED_SLUG = '/huyen-uy-pac-nam-bam-sat-thuc-tien-';
const DEEP_PAGE = 500;

const text = async (client: HttpClient, pathname: string) => {
  const response = await client.get(pathname);
  return response.status === 200 ? response.body.toString('utf8') : undefined;
};
const locs = (xml: string) =>
  [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map(
    (m) => new URL(m[1]!.replace(/&amp;/g, '&')).pathname,
  );
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);

/** The article pages a page links to, in the order it shows them. */
export const articleLinks = (html: string) => hrefs(html).filter((h) => ARTICLE_PATH.test(h));

/**
 * Finds the pages to load the way a crawler would, through public URLs only (the sitemap, then
 * links on pages), so the same discovery works on any version of the site.
 */
export async function discoverUrls(client: HttpClient, searchQuery: string): Promise<SiteUrls> {
  let articles: string[] = [];
  const index = await text(client, '/sitemap.xml');
  if (index) {
    for (const sitemap of locs(index).filter((p) => p.includes('/sitemaps/articles'))) {
      const xml = await text(client, sitemap);
      if (xml) articles.push(...locs(xml).filter((p) => ARTICLE_PATH.test(p)));
    }
  }
  if (articles.length === 0) {
    const home = (await text(client, '/')) ?? '';
    articles = articleLinks(home);
  }
  if (articles.length === 0) throw new DiscoveryError('no article links in the sitemap or on /');
  const article = articles.find((p) => p.startsWith(SEED_SLUG)) ?? articles[0]!;

  const page = await text(client, article);
  if (!page) throw new DiscoveryError(`${article} does not answer 200`);
  const links = hrefs(page);
  const first = (prefix: string) => {
    const found = links.find((h) => h.startsWith(prefix) && !h.slice(prefix.length).includes('/'));
    if (!found) throw new DiscoveryError(`no ${prefix}… link on ${article}`);
    return found;
  };

  // Spread the sample over the whole archive: old and new rows, not only the newest ones.
  const step = Math.max(1, Math.floor(articles.length / 1000));
  const sample = articles.filter((_, i) => i % step === 0).slice(0, 1000);

  return {
    article,
    articles: sample,
    home: '/',
    deepListing: await deepestHomePage(client),
    section: first('/chuyen-muc/'),
    tag: first('/chu-de/'),
    author: first('/tac-gia/'),
    search: `/tim-kiem?q=${searchQuery.replace(/ /g, '+')}`,
    rss: '/rss.xml',
  };
}

/** `/?trang=500`, or a binary search for the last page that answers 200. */
async function deepestHomePage(client: HttpClient): Promise<string> {
  const ok = async (n: number) => (await client.get(`/?trang=${n}`)).status === 200;
  if (await ok(DEEP_PAGE)) return `/?trang=${DEEP_PAGE}`;
  let low = 1;
  let high = DEEP_PAGE;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await ok(middle)) low = middle;
    else high = middle;
  }
  return low === 1 ? '/' : `/?trang=${low}`;
}
