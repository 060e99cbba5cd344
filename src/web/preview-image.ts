import type { Article } from '../db/articles.js';
import type { SiteInfo } from './site-info.js';
import { absoluteUrl } from './xml.js';

/** The site's own picture in `public/`, made from the logo by scripts/make-share-image.ts. */
export const SITE_IMAGE = { file: 'share.png', width: 1200, height: 630 } as const;

// Twitter's minimum for the large card; a smaller picture is shown as a thumbnail instead.
const LARGE_CARD = { width: 300, height: 157 };

/** The picture a link preview (Open Graph, Twitter, JSON-LD) shows, ready for the page head. */
export interface PreviewImage {
  /** Absolute, from SITE_URL: a preview is read far from the site. */
  url: string;
  width: number;
  height: number;
  /** Undefined when nobody described it (a picture taken from the body). */
  alt: string | undefined;
  twitterCard: 'summary_large_image' | 'summary';
}

type Pictured = Pick<Article, 'image' | 'imageAlt' | 'firstImage'>;

/**
 * What a shared link shows: the article's own picture, else the first one in its text, else the
 * site's (every page without an article, too), so no preview is ever without a picture.
 */
export function previewImage(site: SiteInfo, article?: Pictured): PreviewImage {
  const [picture, alt] =
    article?.image !== undefined
      ? [article.image, article.imageAlt]
      : article?.firstImage !== undefined
        ? [article.firstImage, undefined]
        : [site.image, site.name];
  const large = picture.width >= LARGE_CARD.width && picture.height >= LARGE_CARD.height;
  return {
    url: absoluteUrl(site.url, picture.url),
    width: picture.width,
    height: picture.height,
    alt,
    twitterCard: large ? 'summary_large_image' : 'summary',
  };
}
