import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { countRejectedFiles } from '../../db/file-problems.js';
import { toVietnamIso } from '../../shared/vietnam-time.js';
import type { LiveFacts } from '../live-facts.js';
import type { PageDeps } from './page-deps.js';

/** How importing has gone, as the importer reports it (see SyncStatus in the content stage). */
export interface SyncHealth {
  caughtUp: boolean;
  lastSuccessAt: number | undefined;
  failingSince: number | undefined;
  lastFailure: string | undefined;
}

/** Failures shorter than this are a retry in progress (a lock, a file mid-copy), not an outage. */
export const FAILING_GRACE_MS = 5000;

/**
 * `/healthz` for load balancers and uptime checks. 200 while the site serves what it should:
 * `ok`, or `catching-up` while the first sync after a start brings the last good site up to
 * date. 503 when the database does not answer, or when every import has failed for longer than
 * a few seconds (a full disk, a read-only database): readers would no longer see what editors
 * publish. It recovers by itself with the next successful import. Counts and words only: which
 * files are rejected and why is for `npm run check`, not the public.
 */
export function health({
  db,
  now,
  facts,
  logger,
  syncStatus,
}: PageDeps & { facts: LiveFacts; logger: Logger; syncStatus: () => SyncHealth }): RequestHandler {
  return async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    let rejectedFiles: number;
    let articles: number;
    try {
      rejectedFiles = await countRejectedFiles(db);
      ({ articles } = await facts.fresh());
    } catch (error) {
      logger.error({ err: error }, 'health check: database unreachable');
      res.status(503).json({ status: 'error', database: 'unreachable' });
      return;
    }
    const sync = syncStatus();
    const lastSync = sync.lastSuccessAt === undefined ? null : toVietnamIso(sync.lastSuccessAt);
    const body = { database: 'ok', articles, rejectedFiles, lastSync };
    const failingFor = sync.failingSince === undefined ? 0 : now() - sync.failingSince;
    if (failingFor > FAILING_GRACE_MS) {
      res.status(503).json({
        status: 'error',
        ...body,
        reason: `nhập nội dung thất bại liên tục ${Math.round(failingFor / 1000)} giây: ${sync.lastFailure}`,
      });
      return;
    }
    res.json({ status: sync.caughtUp ? 'ok' : 'catching-up', ...body });
  };
}
