import type { RequestHandler } from 'express';
import { listSections } from '../db/articles.js';
import type { PageDeps } from './pages/page-deps.js';

/**
 * The section links in every page's masthead. MUST run before the routes, and also feeds the
 * 404 and 410 pages, which render from the same header.
 */
export function loadNavigation({ db, now }: PageDeps): RequestHandler {
  return async (_req, res, next) => {
    res.locals.sections = await listSections(db, now());
    next();
  };
}
