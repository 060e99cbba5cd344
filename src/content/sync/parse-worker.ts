import { parentPort, workerData } from 'node:worker_threads';
import type { ImageInfo } from '../../shared/responsive-image.js';
import { openContentFs } from './content-fs.js';
import type { ParserReply, ToParser } from './read-articles.js';
import { readArticleFile } from './read-article-file.js';

// A worker thread of readArticleFiles: batches of files in, their outcomes out, in order, with
// how many times each batch looked at the disk.
const { contentRoot } = workerData as { contentRoot: string };
let images = new Map<string, ImageInfo>();
const findImage = (path: string) => images.get(path);
const cfs = openContentFs(contentRoot);

parentPort!.on('message', (message: ToParser) => {
  if (message.type === 'images') {
    images = new Map(message.images);
    return;
  }
  const before = { ...cfs.counts };
  const outcomes = message.sources.map((source) => readArticleFile(cfs, source, { findImage }));
  parentPort!.postMessage({
    outcomes,
    counts: {
      stat: cfs.counts.stat - before.stat,
      read: cfs.counts.read - before.read,
      readdir: 0,
    },
  } satisfies ParserReply);
});
