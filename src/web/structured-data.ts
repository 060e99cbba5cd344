import type { Article } from '../db/articles.js';
import { toVietnamIso } from '../shared/vietnam-time.js';
import type { SiteInfo } from './site-info.js';
import { articlePath, facetPath, searchTemplate } from '../shared/urls.js';
import { previewImage, type PreviewImage } from './preview-image.js';
import { modifiedAt } from './view-models.js';

// Inside <script>, the HTML parser ends the block at "</script" and treats "<!--" specially, and
// U+2028/U+2029 break older JavaScript parsers: none of them may appear literally. The JSON
// escapes below mean the same string to any JSON parser.
const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;

/** A JSON-LD object → text that is safe between <script type="application/ld+json"> tags. */
export function serializeJsonLd(value: object): string {
  return JSON.stringify(value).replace(
    UNSAFE_IN_SCRIPT,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The stable logo URL (no fingerprint) search engines keep for the publisher. */
export const logoUrl = (site: SiteInfo): string => `${site.url}/assets/logo.png`;

function publisher(site: SiteInfo) {
  return {
    '@type': 'Organization',
    name: site.name,
    url: `${site.url}/`,
    logo: { '@type': 'ImageObject', url: logoUrl(site), width: 512, height: 512 },
  };
}

// The same picture as the page's Open Graph tags, with its size, as Google's rich results ask.
const imageObject = ({ url, width, height }: PreviewImage) => ({
  '@type': 'ImageObject',
  url,
  width,
  height,
});

/** schema.org NewsArticle for an article page: what Google shows in Top stories. */
export function newsArticleLd(a: Article, site: SiteInfo): object {
  const url = site.url + articlePath(a);
  const corrections = a.notes
    .filter((n) => n.kind === 'correction')
    .map((n) => ({
      '@type': 'CorrectionComment',
      text: n.text,
      datePublished: toVietnamIso(n.date),
    }));
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    description: a.sapo === '' ? undefined : a.sapo,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    inLanguage: a.lang ?? 'vi',
    datePublished: toVietnamIso(a.publishedAt),
    dateModified: toVietnamIso(modifiedAt(a)),
    image: [imageObject(previewImage(site, a))],
    author:
      a.author === undefined
        ? { '@type': 'Organization', name: site.name, url: `${site.url}/` }
        : {
            '@type': 'Person',
            name: a.author,
            url:
              a.authorSlug === undefined ? undefined : site.url + facetPath('author', a.authorSlug),
          },
    publisher: publisher(site),
    articleSection: a.section,
    keywords: a.tags.length === 0 ? undefined : a.tags.map((t) => t.name),
    correction: corrections.length === 0 ? undefined : corrections,
  };
}

/** Trang chủ › section › article, as the breadcrumbs on the page show it. */
export function breadcrumbLd(a: Article, site: SiteInfo): object {
  const trail: { name: string; url: string }[] = [{ name: 'Trang chủ', url: `${site.url}/` }];
  if (a.section !== undefined && a.sectionSlug !== undefined) {
    trail.push({ name: a.section, url: site.url + facetPath('section', a.sectionSlug) });
  }
  trail.push({ name: a.title, url: site.url + articlePath(a) });
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((step, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: step.name,
      item: step.url,
    })),
  };
}

/** The home page's WebSite, whose SearchAction lets a search engine offer the site's search. */
export function websiteLd(site: SiteInfo): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: site.name,
    url: `${site.url}/`,
    inLanguage: 'vi',
    image: imageObject(previewImage(site)),
    publisher: publisher(site),
    potentialAction: {
      '@type': 'SearchAction',
      target: {
        '@type': 'EntryPoint',
        urlTemplate: site.url + searchTemplate('{search_term_string}'),
      },
      'query-input': 'required name=search_term_string',
    },
  };
}
