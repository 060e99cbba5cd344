import type { ContentProblem } from '../parse/content-error.js';

/** What one sync did, in counts and problems: for the log, `npm run import` and the watcher. */
export interface SyncReport {
  added: number;
  updated: number;
  moved: number;
  deleted: number;
  rejected: number;
  unchanged: number;
  /** Files still being written; a later sync picks them up. */
  pending: number;
  /** On a replica: files the ledger does not name yet (as they are now), so not published. */
  waiting: number;
  /** When to look again for the pending files, in milliseconds. */
  retryInMs: number | undefined;
  /** Problems found in this pass (files already reported and unchanged are not repeated). */
  problems: ContentProblem[];
}

export function createSyncReport(): SyncReport {
  return {
    added: 0,
    updated: 0,
    moved: 0,
    deleted: 0,
    rejected: 0,
    unchanged: 0,
    pending: 0,
    waiting: 0,
    retryInMs: undefined,
    problems: [],
  };
}

/** `files` not ready to read yet: counted as pending, to be looked at within `retryInMs`. */
export function postpone(report: SyncReport, retryInMs: number, files = 1): void {
  report.pending += files;
  report.retryInMs = Math.min(report.retryInMs ?? Infinity, retryInMs);
}
