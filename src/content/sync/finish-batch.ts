import type { Logger } from 'pino';
import type { Database } from '../../db/types.js';
import type { LedgerFiles } from '../editor-files/ledger-files.js';
import { refreshEditorReport } from '../editor-files/refresh-editor-report.js';
import type { VersionRenderer } from '../editor-files/render-versions.js';
import type { VersionFiles } from '../editor-files/version-files.js';
import { formatProblem } from '../parse/content-error.js';
import type { ContentFs, FsCounts } from './content-fs.js';
import type { SyncReport } from './sync-report.js';
import type { ContentRole } from './sync-role.js';

export interface FinishOptions {
  db: Database;
  cfs: ContentFs;
  ledger: LedgerFiles;
  versions: VersionFiles;
  histories: VersionRenderer;
  role: ContentRole;
  logger: Logger;
  now: () => number;
  previewUrl: ((id: number) => string) | undefined;
}

/**
 * After a sync has stored what it found: a primary writes the kept versions' index, the
 * ledger's lines and the editors' report into content/ (a replica never writes there), each
 * problem found is logged once, and the report says how many times the sync looked at the
 * folder since `before`. The versions' index before the ledger: a copy to a replica that brings
 * a ledger line mostly brings the version it publishes with it.
 */
export async function finishBatch(
  { db, cfs, ledger, versions, histories, role, logger, now, previewUrl }: FinishOptions,
  report: SyncReport,
  before: FsCounts,
): Promise<void> {
  if (role === 'primary') {
    await versions.writePending();
    await ledger.writePending();
  }
  // An edit's history page is made before the sync is over; a large batch's, in the loop.
  for (let slice = 0; slice < 5 && (await histories.step()); slice++);
  if (role === 'primary') await refreshEditorReport(db, cfs.root, now, previewUrl);
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
