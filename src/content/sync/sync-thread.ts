import type { Logger } from 'pino';
import type { SiteFacts } from '../../db/site-facts.js';
import type { LogLevel } from '../../logger.js';
import { startWorker } from './start-worker.js';
import type { SyncReport } from './sync-report.js';
import type { ContentRole } from './sync-role.js';
import type { SyncStatus } from './sync-status.js';

/** What the importer's thread is started with: plain data, as a thread receives it. */
export interface SyncThreadSettings {
  databasePath: string;
  contentDir: string;
  role: ContentRole;
  logLevel: LogLevel;
  /** Draft preview links in the editors' report start with it. */
  siteUrl: string;
  previewSecret: string;
  /** Watch content/ (WATCH=1); without, only what is asked for is done. */
  watch: boolean;
  /** Walk the folder soon after starting: a site served from its database catches up. */
  walkAtStart: boolean;
  walkEveryMs?: number;
  settleMs?: number;
  parseThreads?: number;
  /** A test's clock, shared with the thread. */
  clock?: SharedArrayBuffer;
}

export type ToSync =
  | { type: 'call'; id: number; method: 'sync' | 'publishDue' | 'measureHeap'; settleMs?: number }
  | { type: 'close' };

export type ToMain =
  | { type: 'ready'; status: SyncStatus }
  | { type: 'published'; facts: SiteFacts }
  | { type: 'status'; status: SyncStatus }
  | { type: 'synced'; report: SyncReport; kind: 'edit' | 'walk' }
  | { type: 'log'; line: string }
  | { type: 'result'; id: number; result?: unknown; error?: { message: string; code?: string } }
  | { type: 'closed' };

export interface SyncThread {
  /** A full walk through content/, now (after the piece of work under way). */
  sync(options?: { settleMs?: number }): Promise<SyncReport>;
  /** Counts in the scheduled articles that have come due (a reader asked after their time). */
  publishDue(): Promise<void>;
  /** How syncing has gone, as the thread last said: for the health check. */
  status(): SyncStatus;
  /** The heap the thread keeps after garbage collection, in bytes. */
  measureHeap(): Promise<number>;
  /** Settles once the thread watches content/ (rejects if it could not start). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface SyncThreadOptions extends SyncThreadSettings {
  /** The site's logger: the thread's log lines are written through it. */
  logger: Logger;
  /** Called with the facts each time the thread has published something readers see. */
  onPublish: (facts: SiteFacts) => void;
  onSync?: (report: SyncReport, kind: 'edit' | 'walk') => void;
}

/** How the importer stands before its thread has said anything. */
const STARTING: SyncStatus = {
  caughtUp: false,
  lastSuccessAt: undefined,
  failingSince: undefined,
  lastFailure: undefined,
};

/**
 * Starts the importer on a thread of its own: parsing, hashing, building rows, writing them,
 * watching the folder and walking it all happen there, and the thread that answers readers only
 * hears what was published. Returns at once: what is asked of the thread before it is ready
 * waits for it there, so a site can listen while its importer starts.
 */
export function startSyncThread(options: SyncThreadOptions): SyncThread {
  const { logger, onPublish, onSync, ...settings } = options;
  const worker = startWorker(new URL('./sync-worker.js', import.meta.url), settings);
  let status: SyncStatus = STARTING;
  let nextId = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let closed: (() => void) | undefined;
  let failed: Error | undefined;

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: ToMain) => {
      switch (message.type) {
        case 'ready':
          status = message.status;
          resolve();
          break;
        case 'published':
          onPublish(message.facts);
          break;
        case 'status':
          status = message.status;
          break;
        case 'synced':
          onSync?.(message.report, message.kind);
          break;
        case 'log':
          writeLog(logger, message.line);
          break;
        case 'result': {
          const call = waiting.get(message.id);
          waiting.delete(message.id);
          if (message.error) {
            const error = new Error(message.error.message) as Error & { code?: string };
            error.code = message.error.code;
            call?.reject(error);
          } else call?.resolve(message.result);
          break;
        }
        case 'closed':
          closed?.();
          break;
      }
    });
    worker.once('error', (error) => {
      failed = error;
      logger.fatal({ err: error }, 'the importer thread failed');
      for (const call of waiting.values()) call.reject(error);
      waiting.clear();
      reject(error);
    });
  });
  // A failure to start is logged above and rejects every call; nobody need wait on this.
  ready.catch(() => undefined);

  const call = <T>(method: 'sync' | 'publishDue' | 'measureHeap', settleMs?: number) =>
    new Promise<T>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ type: 'call', id, method, settleMs } satisfies ToSync);
    });

  return {
    sync: (syncOptions) => call<SyncReport>('sync', syncOptions?.settleMs),
    publishDue: () => call<undefined>('publishDue'),
    measureHeap: () => call<number>('measureHeap'),
    status: () => ({ ...status }),
    ready,
    async close() {
      if (failed) return;
      const done = new Promise<void>((resolve) => (closed = resolve));
      worker.postMessage({ type: 'close' } satisfies ToSync);
      await done;
      await worker.terminate();
    },
  };
}

// The site's logger stamps its own time, process and host.
const OWN_FIELDS = new Set(['level', 'msg', 'time', 'pid', 'hostname']);

/** A log line of the importer's thread, written by the site's logger at its level. */
function writeLog(logger: Logger, line: string): void {
  const record = JSON.parse(line) as { level: number; msg?: string; [field: string]: unknown };
  const fields = Object.fromEntries(Object.entries(record).filter(([key]) => !OWN_FIELDS.has(key)));
  const name = logger.levels.labels[record.level] as
    'info' | 'warn' | 'error' | 'debug' | 'fatal' | 'trace';
  logger[name](fields, record.msg);
}
