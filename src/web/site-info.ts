/**
 * The site as its pages, feeds and structured data name it: its name and its absolute base URL
 * (SITE_URL, never the request's Host header). Built once in src/app.ts from the configuration.
 */
export interface SiteInfo {
  name: string;
  url: string;
  /** The picture of link previews that have none of their own: a versioned /assets URL. */
  image: { url: string; width: number; height: number };
}
