import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { openDatabase } from '../../db/database.js';
import { readSiteFacts, type SiteFacts } from '../../db/site-facts.js';
import { openTestClock } from '../../shared/clock.js';
import { previewPath } from '../../shared/urls.js';
import { createImporter } from './import-content.js';
import { startSyncLoop } from './sync-loop.js';
import { lowerThreadPriority } from './thread-priority.js';
import type { SyncThreadSettings, ToMain, ToSync } from './sync-thread.js';

// The importer's thread: it owns the database's writing connection, the folder watchers and
// every sync, and tells the site's thread what it published. Nothing here runs on the thread
// that answers readers.
const settings = workerData as SyncThreadSettings;
// Readers first: this thread and the parsing threads it starts run at a background priority.
lowerThreadPriority();
const port = parentPort!;
const send = (message: ToMain) => port.postMessage(message);

// Log lines go to the site's thread, which writes them with its own logger.
const logger = pino(
  { level: settings.logLevel },
  { write: (line: string) => send({ type: 'log', line }) },
);
const now = settings.clock ? openTestClock(settings.clock).now : Date.now;

const db = await openDatabase(settings.databasePath);
let facts: SiteFacts = await readSiteFacts(db);
let dueTimer: NodeJS.Timeout | undefined;

// A scheduled article appears at its time with no job and no restart: the facts are moved on
// then, without waiting for a reader to ask.
const watchDue = () => {
  clearTimeout(dueTimer);
  if (facts.nextDueAt === undefined) return;
  const wait = Math.min(Math.max(facts.nextDueAt - now(), 0), 2 ** 31 - 1);
  dueTimer = setTimeout(() => void loop.run(() => importer.publishDue()), wait);
  dueTimer.unref();
};

const importer = createImporter({
  db,
  contentDir: settings.contentDir,
  logger,
  now,
  role: settings.role,
  settleMs: settings.settleMs,
  parseThreads: settings.parseThreads ?? 0,
  previewUrl: (id) => settings.siteUrl + previewPath(settings.previewSecret, id),
  onPublish: (published) => {
    facts = published;
    watchDue();
    send({ type: 'published', facts: published });
  },
});
const sendStatus = () => send({ type: 'status', status: importer.status() });
const loop = await startSyncLoop({
  contentDir: settings.contentDir,
  importer,
  logger,
  watch: settings.watch,
  walkAtStart: settings.walkAtStart,
  walkEveryMs: settings.walkEveryMs,
  onSync: (report, kind) => {
    sendStatus();
    send({ type: 'synced', report, kind });
  },
  onFailure: sendStatus,
});
watchDue();

type Call = Extract<ToSync, { type: 'call' }>;
const calls: Record<Call['method'], (settleMs?: number) => Promise<unknown>> = {
  sync: (settleMs) => importer.sync({ settleMs }),
  publishDue: () => importer.publishDue(),
  // How much the thread keeps once garbage is collected: what it holds between syncs.
  measureHeap: async () => {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
    return v8.getHeapStatistics().used_heap_size;
  },
};

port.on('message', (message: ToSync) => {
  if (message.type === 'close') {
    clearTimeout(dueTimer);
    void loop
      .close()
      .then(() => importer.close())
      .then(() => db.close())
      .finally(() => send({ type: 'closed' }));
    return;
  }
  loop
    .run(() => calls[message.method](message.settleMs))
    .then(
      (result) => send({ type: 'result', id: message.id, result }),
      (error: unknown) =>
        send({
          type: 'result',
          id: message.id,
          error: {
            message: error instanceof Error ? error.message : String(error),
            code: (error as { code?: string } | null)?.code,
          },
        }),
    )
    .finally(sendStatus);
});
send({ type: 'ready', status: importer.status() });
