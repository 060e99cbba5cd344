import { parentPort, workerData } from 'node:worker_threads';
import type { ImageInfo } from '../../shared/responsive-image.js';
import { readArticleFile, type ReadOutcome } from './read-article-file.js';
import type { ContentFile } from './scan-content.js';

// A worker thread of readArticleFiles: batches of files in, their outcomes out, in order.
const images = new Map((workerData as { images: [string, ImageInfo][] }).images);
const findImage = (path: string) => images.get(path);

parentPort!.on('message', (batch: ContentFile[]) => {
  void Promise.all(batch.map((source) => readArticleFile(source, { findImage }))).then(
    (outcomes: ReadOutcome[]) => parentPort!.postMessage(outcomes),
  );
});
