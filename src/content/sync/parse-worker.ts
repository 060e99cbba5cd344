import { parentPort, workerData } from 'node:worker_threads';
import type { ImageInfo } from '../../shared/responsive-image.js';
import { openContentFs } from './content-fs.js';
import type { ContentFile } from './examine-path.js';
import { readArticleFile } from './read-article-file.js';

// A worker thread of readArticleFiles: batches of files in, their outcomes out, in order, with
// how many times each batch looked at the disk.
const { contentRoot, images } = workerData as {
  contentRoot: string;
  images: [string, ImageInfo][];
};
const byPath = new Map(images);
const findImage = (path: string) => byPath.get(path);
const cfs = openContentFs(contentRoot);

parentPort!.on('message', (batch: ContentFile[]) => {
  const before = { ...cfs.counts };
  const outcomes = batch.map((source) => readArticleFile(cfs, source, { findImage }));
  parentPort!.postMessage({
    outcomes,
    counts: {
      stat: cfs.counts.stat - before.stat,
      read: cfs.counts.read - before.read,
      readdir: 0,
    },
  });
});
