import type { Logger } from 'pino';
import type { Database } from '../../db/types.js';
import type { LedgerFiles } from '../editor-files/ledger-files.js';
import { refreshEditorReport } from '../editor-files/refresh-editor-report.js';
import { formatProblem } from '../parse/content-error.js';
import type { ContentFs, FsCounts } from './content-fs.js';
import type { SyncReport } from './sync-report.js';
import type { ContentRole } from './sync-role.js';

export interface FinishOptions {
  db: Database;
  cfs: ContentFs;
  ledger: LedgerFiles;
  role: ContentRole;
  logger: Logger;
  now: () => number;
  previewUrl: ((id: number) => string) | undefined;
}

/**
 * After a sync has stored what it found: a primary writes the ledger's lines and the editors'
 * report into content/ (a replica never writes there), each problem found is logged once, and
 * the report says how many times the sync looked at the folder since `before`.
 */
export async function finishBatch(
  { db, cfs, ledger, role, logger, now, previewUrl }: FinishOptions,
  report: SyncReport,
  before: FsCounts,
): Promise<void> {
  if (role === 'primary') {
    await ledger.writePending();
    await refreshEditorReport(db, cfs.root, now, previewUrl);
  }
  for (const problem of report.problems) {
    const line = formatProblem(problem);
    if (problem.severity === 'error') logger.warn({ file: problem.file }, line);
    else logger.info({ file: problem.file }, line);
  }
  report.looked = {
    stat: cfs.counts.stat - before.stat,
    readdir: cfs.counts.readdir - before.readdir,
    read: cfs.counts.read - before.read,
  };
}
