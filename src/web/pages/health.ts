import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { countRejectedFiles } from '../../db/sources.js';
import type { LiveFacts } from '../live-facts.js';
import type { PageDeps } from './page-deps.js';

/**
 * `/healthz` for load balancers and uptime checks: 200 when the database answers, 503 when it
 * does not. Counts only; which files are rejected and why is for `npm run check`, not the public.
 */
export function health({
  db,
  facts,
  logger,
}: PageDeps & { facts: LiveFacts; logger: Logger }): RequestHandler {
  return async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const rejectedFiles = await countRejectedFiles(db);
      const { articles } = await facts.fresh();
      res.json({ status: 'ok', database: 'ok', articles, rejectedFiles });
    } catch (error) {
      logger.error({ err: error }, 'health check: database unreachable');
      res.status(503).json({ status: 'error', database: 'unreachable' });
    }
  };
}
