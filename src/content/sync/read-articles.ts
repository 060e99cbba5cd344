import type { Worker } from 'node:worker_threads';
import type { ImageInfo } from '../../shared/responsive-image.js';
import type { ContentFs, FsCounts } from './content-fs.js';
import type { ContentFile } from './examine-path.js';
import type { MediaIndex } from './measure-media.js';
import { readArticleFile, type ReadOutcome } from './read-article-file.js';
import { startWorker } from './start-worker.js';

/** Below this many files they are read here: handing them to workers costs more than it saves. */
const WORKER_THRESHOLD = 64;
/** Files a worker is handed at a time; the next batch goes to whichever worker is free first. */
const WORKER_BATCH = 32;
/**
 * Files parsed ahead of the one the caller takes next, at most: the workers parse faster than
 * a batch is stored, and without a bound a slice of 5,000 files waited parsed in memory. Four
 * batches for each of two workers keep them busy; a 10,000-article import peaked about 40 MB
 * lower at 250 than at 1,000, in the same time.
 */
export const READ_AHEAD = 250;
/** Workers with nothing to parse for this long are stopped: a served site keeps none idle. */
const IDLE_MS = 10_000;

/** What the importer's thread asks of a parsing worker. */
export type ToParser =
  { type: 'images'; images: [string, ImageInfo][] } | { type: 'read'; sources: ContentFile[] };

/** What a parsing worker sends back for a batch of files. */
export interface ParserReply {
  outcomes: ReadOutcome[];
  counts: FsCounts;
}

export interface ArticleReader {
  /**
   * Reads and parses article files, yielding their outcomes in the order given while the rest
   * are still being read, so the caller can store the first ones meanwhile.
   */
  read(sources: readonly ContentFile[], images: MediaIndex): AsyncGenerator<ReadOutcome>;
  close(): Promise<void>;
}

interface Parser {
  worker: Worker;
  /** The version of the pictures it was last sent. */
  imagesVersion: number;
}

/**
 * Reads articles: a few here, a large batch (a first import, a folder copied in, a release
 * rendering everything again) spread over `threads` worker threads kept from one batch to the
 * next, so a walk through a large folder, slice after slice, starts no worker twice.
 */
export function createArticleReader(
  cfs: ContentFs,
  { threads }: { threads: number },
): ArticleReader {
  const parsers: Parser[] = [];
  let idle: NodeJS.Timeout | undefined;

  const stopAll = async () => {
    clearTimeout(idle);
    const stopping = parsers.splice(0).map((p) => p.worker.terminate());
    await Promise.all(stopping);
  };

  const hire = (count: number): Parser[] => {
    clearTimeout(idle);
    while (parsers.length < count) {
      const worker = startWorker(new URL('./parse-worker.js', import.meta.url), {
        contentRoot: cfs.root,
      });
      // A command that has imported everything ends without waiting for idle workers.
      worker.unref();
      parsers.push({ worker, imagesVersion: -1 });
    }
    return parsers.slice(0, count);
  };

  async function* readHere(
    sources: readonly ContentFile[],
    images: MediaIndex,
  ): AsyncGenerator<ReadOutcome> {
    const findImage = (path: string) => images.get(path);
    for (const [index, source] of sources.entries()) {
      yield readArticleFile(cfs, source, { findImage });
      // Let the thread's other work (a reply to the site, a timer) in between two files.
      if (index % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async function* readInWorkers(
    sources: readonly ContentFile[],
    images: MediaIndex,
    workers: Parser[],
  ): AsyncGenerator<ReadOutcome> {
    const outcomes = new Array<ReadOutcome | undefined>(sources.length);
    let wake: (() => void) | undefined;
    let failure: unknown;
    let next = 0;
    /** The file the caller takes next; workers wait while they are READ_AHEAD files past it. */
    let taken = 0;
    const parked: (() => void)[] = [];
    const finished = Promise.all(
      workers.map(
        (parser) =>
          new Promise<void>((resolve, reject) => {
            const { worker } = parser;
            if (parser.imagesVersion !== images.version) {
              worker.postMessage({ type: 'images', images: [...images] } satisfies ToParser);
              parser.imagesVersion = images.version;
            }
            let start = 0;
            const hand = () => {
              if (next >= sources.length) {
                worker.off('message', onMessage);
                worker.off('error', reject);
                return resolve();
              }
              if (next - taken >= READ_AHEAD) {
                parked.push(hand);
                return;
              }
              start = next;
              next = Math.min(next + WORKER_BATCH, sources.length);
              worker.postMessage({
                type: 'read',
                sources: sources.slice(start, next),
              } satisfies ToParser);
            };
            const onMessage = ({ outcomes: batch, counts }: ParserReply) => {
              cfs.counts.read += counts.read;
              cfs.counts.stat += counts.stat;
              batch.forEach((outcome, i) => (outcomes[start + i] = outcome));
              wake?.();
              hand();
            };
            worker.on('message', onMessage);
            worker.on('error', reject);
            hand();
          }),
      ),
    );
    finished.catch((error: unknown) => {
      failure = error;
      wake?.();
    });
    let complete = false;
    try {
      for (let index = 0; index < sources.length; index++) {
        while (outcomes[index] === undefined) {
          if (failure !== undefined) throw failure;
          await new Promise<void>((resolve) => (wake = resolve));
        }
        const outcome = outcomes[index]!;
        // Yielded outcomes are the caller's: keeping them here too would hold the whole batch.
        outcomes[index] = undefined;
        taken = index + 1;
        for (const resume of parked.splice(0)) resume();
        yield outcome;
      }
      await finished;
      complete = true;
    } finally {
      // A worker that failed, or a batch given up half-way (an error thrown, or the caller
      // stopping), leaves workers mid-batch or waiting for room: the next batch starts anew.
      if (!complete) await stopAll();
      clearTimeout(idle);
      idle = setTimeout(() => void stopAll(), IDLE_MS);
      idle.unref();
    }
  }

  return {
    read(sources, images) {
      if (threads < 1 || sources.length < WORKER_THRESHOLD) return readHere(sources, images);
      const count = Math.min(threads, Math.ceil(sources.length / WORKER_THRESHOLD));
      return readInWorkers(sources, images, hire(count));
    },
    close: stopAll,
  };
}
