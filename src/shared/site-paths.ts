import { createHmac } from 'node:crypto';

// Where an article lives, for every stage that needs to name it: pages, feeds and sitemaps (web),
// and the editors' report and redirects (content). The route table in src/web/routes.ts answers
// these paths.

/** "/huyen-uy-pac-nam-bam-sat-thuc-tien-thuc-hien-nhiem-vu-trong-tam-1.html" */
export const articlePath = (a: { slug: string; id: number }): string => `/${a.slug}-${a.id}.html`;

/**
 * "/12.html": an article by its id alone, which answers 301 to its current URL. For what must
 * outlive a change of title, such as a correction's id in a feed.
 */
export const articleIdPath = (id: number): string => `/${id}.html`;

/** Every correction, newest first, with its feeds beside it. */
export const CORRECTIONS_PATH = '/dinh-chinh';

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
