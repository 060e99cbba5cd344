import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The importer's niceness: 10, as `nice` gives a background job. When readers keep every core
 * busy, the kernel gives the site's thread the core first, and the importer runs in what is
 * left; when the cores are idle, the importer runs at full speed all the same.
 */
export const IMPORTER_NICENESS = 10;

/**
 * Lowers the scheduling priority of the calling thread alone, and of the threads it starts
 * afterwards, which inherit it (the parsing workers). Linux gives each thread its own niceness:
 * `setpriority` given a thread's id changes that thread, and /proc/thread-self names the thread
 * asking. Elsewhere, or where /proc is not mounted, the thread keeps its priority; returns
 * whether it was lowered.
 */
export function lowerThreadPriority(niceness = IMPORTER_NICENESS): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const threadId = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    // The main thread's id is the process's: lowering it would slow the readers, not spare them.
    if (!Number.isInteger(threadId) || threadId === process.pid) return false;
    os.setPriority(threadId, niceness);
    return true;
  } catch {
    return false;
  }
}
