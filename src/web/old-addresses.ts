import type { RequestHandler } from 'express';
import type { Database } from '../db/types.js';
import { getRedirect } from '../db/redirects.js';
import { normalizeOldPath } from '../shared/urls.js';
import { PAGE_CACHE_CONTROL } from './caching.js';

/**
 * Old links of a site that moved here (content/_chuyen-huong.txt) answer 301 to where their
 * article or page is now. MUST run before the routes: an editor who lists an old path means it,
 * even where it looks like a path of this site. Tried with its query first (an old
 * "/index.php?id=118"), then without.
 */
export function redirectOldAddresses(db: Database): RequestHandler {
  return async (req, res, next) => {
    const url = req.originalUrl;
    const mark = url.indexOf('?');
    const to =
      (mark === -1 ? undefined : await getRedirect(db, normalizeOldPath(url))) ??
      (await getRedirect(db, normalizeOldPath(mark === -1 ? url : url.slice(0, mark))));
    if (to === undefined) return next();
    // Like a page: an editor who changes the file is followed within a second.
    res.set('Cache-Control', PAGE_CACHE_CONTROL);
    res.redirect(301, encodeURI(to));
  };
}
