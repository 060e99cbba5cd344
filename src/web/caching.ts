import type { Response } from 'express';

/**
 * Pages may be stored by browsers and shared caches (nginx, a CDN) but must be revalidated on
 * every use: editors expect a change on the page within a second, and revalidation is a cheap
 * 304 thanks to the ETag Express computes and the Last-Modified set here.
 */
export function setPageCaching(res: Response, lastModifiedMs: number | undefined): void {
  res.set('Cache-Control', 'public, no-cache');
  if (lastModifiedMs !== undefined && lastModifiedMs > 0) {
    res.set('Last-Modified', new Date(lastModifiedMs).toUTCString());
  }
}
