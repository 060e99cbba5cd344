import { escapeHtml } from './escape-html.js';

/** An image as stored at import: its versioned URL and its size in pixels. */
export interface ImageInfo {
  /** "/media/Th%E1%BB%9Di%20s%E1%BB%B1/ruong.jpg?v=3f2a9c01be" */
  url: string;
  width: number;
  height: number;
}

/** The widths pages offer; /media only makes these, so nobody can ask for a thousand sizes. */
export const IMAGE_WIDTHS = [320, 480, 640, 960, 1280, 1920] as const;

export interface ResponsiveImage {
  src: string;
  width: number;
  height: number;
  /** Same format as the original. */
  srcset: string;
  webpSrcset: string;
}

/**
 * Every width below the original, plus the original: never upscaled.
 * (url "/media/a.jpg?v=1", width 700) → srcset "/media/a.jpg?v=1&w=320 320w, …, /media/a.jpg?v=1 700w".
 */
export function responsiveImage({ url, width, height }: ImageInfo): ResponsiveImage {
  const widths = IMAGE_WIDTHS.filter((w) => w < width);
  const join = url.includes('?') ? '&' : '?';
  const at = (w: number | undefined, webp: boolean) =>
    url +
    (w === undefined ? '' : `${join}w=${w}`) +
    (webp ? `${w === undefined ? join : '&'}f=webp` : '');
  const set = (webp: boolean) =>
    [...widths.map((w) => `${at(w, webp)} ${w}w`), `${at(undefined, webp)} ${width}w`].join(', ');
  return { src: url, width, height, srcset: set(false), webpSrcset: set(true) };
}

/** How wide the image is drawn: full width on phones, the article column beyond. */
export const ARTICLE_IMAGE_SIZES = '(min-width: 44rem) 40rem, calc(100vw - 2rem)';

/**
 * The <picture> markup Markdown images get at import: WebP for browsers that take it, the
 * original format otherwise, width and height so the page does not jump, and lazy loading.
 */
export function pictureHtml(info: ImageInfo, alt: string): string {
  const image = responsiveImage(info);
  return (
    `<picture><source type="image/webp" srcset="${escapeHtml(image.webpSrcset)}" sizes="${ARTICLE_IMAGE_SIZES}">` +
    `<img src="${escapeHtml(image.src)}" srcset="${escapeHtml(image.srcset)}" sizes="${ARTICLE_IMAGE_SIZES}" ` +
    `width="${image.width}" height="${image.height}" alt="${escapeHtml(alt)}" loading="lazy" decoding="async"></picture>`
  );
}
