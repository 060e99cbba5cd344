import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { countArticles } from '../../db/articles.js';
import { countRejectedFiles } from '../../db/sources.js';
import type { PageDeps } from './page-deps.js';

/**
 * `/healthz` for load balancers and uptime checks: 200 when the database answers, 503 when it
 * does not. Counts only; which files are rejected and why is for `npm run check`, not the public.
 */
export function health({ db, now, logger }: PageDeps & { logger: Logger }): RequestHandler {
  return async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const [articles, rejectedFiles] = await Promise.all([
        countArticles(db, now()),
        countRejectedFiles(db),
      ]);
      res.json({ status: 'ok', database: 'ok', articles, rejectedFiles });
    } catch (error) {
      logger.error({ err: error }, 'health check: database unreachable');
      res.status(503).json({ status: 'error', database: 'unreachable' });
    }
  };
}
