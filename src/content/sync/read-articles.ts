import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ImageInfo } from '../../shared/responsive-image.js';
import { readArticleFile, type ReadOutcome } from './read-article-file.js';
import type { ContentFile } from './scan-content.js';

/** Below this many files a sync reads them here: starting a worker costs more than it saves. */
const WORKER_THRESHOLD = 64;
/** Files a worker is handed at a time; the next batch goes to whichever worker is free first. */
const WORKER_BATCH = 32;
/** Files read at once here, so the disk works while the previous one is parsed. */
const CONCURRENT_READS = 8;

interface Reading {
  /** Settles when every file is read, or rejects with why the reading failed. */
  finished: Promise<void>;
  stop(): Promise<void>;
}

type Deliver = (index: number, outcome: ReadOutcome) => void;

/**
 * Reads and parses article files, yielding their outcomes in the order given while the rest are
 * still being read, so the caller can store the first ones meanwhile. A large batch (a first
 * import, a folder copied in) is spread over worker threads, one per core; a few files are read
 * here. `images` are the pictures measured in content/, by their path there.
 */
export async function* readArticleFiles(
  sources: readonly ContentFile[],
  images: ReadonlyMap<string, ImageInfo>,
  onProgress?: (done: number) => void,
): AsyncGenerator<ReadOutcome> {
  const outcomes: (ReadOutcome | undefined)[] = new Array<ReadOutcome | undefined>(sources.length);
  let done = 0;
  let wake: (() => void) | undefined;
  let failure: unknown;
  const deliver: Deliver = (index, outcome) => {
    outcomes[index] = outcome;
    onProgress?.(++done);
    wake?.();
  };
  const workers = Math.min(os.availableParallelism(), Math.ceil(sources.length / WORKER_THRESHOLD));
  const reading =
    workers > 1
      ? readInWorkers(sources, images, workers, deliver)
      : readHere(sources, images, deliver);
  reading.finished.catch((error: unknown) => {
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
      // Yielded outcomes are the caller's: keeping them here too would hold the whole import.
      outcomes[index] = undefined;
      yield outcome;
    }
    await reading.finished;
  } finally {
    await reading.stop();
  }
}

function readHere(
  sources: readonly ContentFile[],
  images: ReadonlyMap<string, ImageInfo>,
  deliver: Deliver,
): Reading {
  let next = 0;
  let stopped = false;
  const findImage = (path: string) => images.get(path);
  const reader = async () => {
    while (next < sources.length && !stopped) {
      const index = next++;
      deliver(index, await readArticleFile(sources[index]!, { findImage }));
    }
  };
  const finished = Promise.all(Array.from({ length: CONCURRENT_READS }, reader)).then(() => {});
  return {
    finished,
    stop: async () => {
      stopped = true;
      await finished.catch(() => {});
    },
  };
}

function readInWorkers(
  sources: readonly ContentFile[],
  images: ReadonlyMap<string, ImageInfo>,
  count: number,
  deliver: Deliver,
): Reading {
  let next = 0;
  const workers = Array.from({ length: count }, () => startParseWorker([...images]));
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
          worker.on('message', (batch: ReadOutcome[]) => {
            batch.forEach((outcome, i) => deliver(start + i, outcome));
            hand();
          });
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (next < sources.length) reject(new Error(`a parsing worker stopped (${code})`));
          });
          hand();
        }),
    ),
  ).then(() => {});
  return {
    finished,
    stop: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

// Under tsx (tests, `npm run import` from the sources) the worker is TypeScript, which a worker
// thread cannot load by itself: it registers tsx first. Built, it is plain JavaScript.
function startParseWorker(images: [string, ImageInfo][]): Worker {
  const typescript = import.meta.url.endsWith('.ts');
  const url = new URL(`./parse-worker.${typescript ? 'ts' : 'js'}`, import.meta.url);
  if (!typescript) return new Worker(url, { workerData: { images } });
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`,
    { eval: true, workerData: { images } },
  );
}
