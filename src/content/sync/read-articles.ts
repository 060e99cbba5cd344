import type { Worker } from 'node:worker_threads';
import type { ImageInfo } from '../../shared/responsive-image.js';
import type { ContentFs, FsCounts } from './content-fs.js';
import type { ContentFile } from './examine-path.js';
import { readArticleFile, type ReadOutcome } from './read-article-file.js';
import { startWorker } from './start-worker.js';

/** Below this many files a sync reads them itself: starting a worker costs more than it saves. */
const WORKER_THRESHOLD = 64;
/** Files a worker is handed at a time; the next batch goes to whichever worker is free first. */
const WORKER_BATCH = 32;

export interface ReadOptions {
  /** Pictures in content/ by path, as articles link to them. */
  images: ReadonlyMap<string, ImageInfo>;
  /** Threads to parse a large batch on. */
  threads: number;
}

/** What a parsing worker sends back for a batch of files. */
interface WorkerReply {
  outcomes: ReadOutcome[];
  counts: FsCounts;
}

/**
 * Reads and parses article files, yielding their outcomes in the order given while the rest are
 * still being read, so the caller can store the first ones meanwhile. A large batch (a first
 * import, a folder copied in) is spread over worker threads; a few files are read here.
 */
export async function* readArticleFiles(
  cfs: ContentFs,
  sources: readonly ContentFile[],
  { images, threads }: ReadOptions,
): AsyncGenerator<ReadOutcome> {
  const workers = Math.min(threads, Math.ceil(sources.length / WORKER_THRESHOLD));
  if (workers <= 1) {
    const findImage = (path: string) => images.get(path);
    for (const [index, source] of sources.entries()) {
      yield readArticleFile(cfs, source, { findImage });
      // Let the thread's other work (a reply to the site, a timer) in between two files.
      if (index % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  yield* readInWorkers(cfs, sources, images, workers);
}

async function* readInWorkers(
  cfs: ContentFs,
  sources: readonly ContentFile[],
  images: ReadonlyMap<string, ImageInfo>,
  count: number,
): AsyncGenerator<ReadOutcome> {
  const outcomes: (ReadOutcome | undefined)[] = new Array<ReadOutcome | undefined>(sources.length);
  let wake: (() => void) | undefined;
  let failure: unknown;
  let next = 0;
  const workers = Array.from({ length: count }, () => startParseWorker(cfs.root, [...images]));
  const finished = Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          let start = 0;
          const hand = () => {
            if (next >= sources.length) return resolve();
            start = next;
            next = Math.min(next + WORKER_BATCH, sources.length);
            worker.postMessage(sources.slice(start, next));
          };
          worker.on('message', ({ outcomes: batch, counts }: WorkerReply) => {
            cfs.counts.read += counts.read;
            cfs.counts.stat += counts.stat;
            batch.forEach((outcome, i) => (outcomes[start + i] = outcome));
            wake?.();
            hand();
          });
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (next < sources.length) reject(new Error(`a parsing worker stopped (${code})`));
          });
          hand();
        }),
    ),
  );
  finished.catch((error: unknown) => {
    failure = error;
    wake?.();
  });
  try {
    for (let index = 0; index < sources.length; index++) {
      while (outcomes[index] === undefined) {
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const outcome = outcomes[index]!;
      // Yielded outcomes are the caller's: keeping them here too would hold the whole batch.
      outcomes[index] = undefined;
      yield outcome;
    }
    await finished;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function startParseWorker(contentRoot: string, images: [string, ImageInfo][]): Worker {
  return startWorker(new URL('./parse-worker.js', import.meta.url), { contentRoot, images });
}
