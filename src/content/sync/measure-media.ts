import type { MediaRecord } from '../../db/media.js';
import type { ImageInfo } from '../../shared/responsive-image.js';
import { mediaUrl } from '../../shared/urls.js';
import type { ContentFs } from './content-fs.js';
import type { ContentFile } from './examine-path.js';
import { readImage } from './read-image.js';

/** What a sync must store of the images it looked at. */
export interface MeasuredMedia {
  /** New and changed images, measured: rows to write. */
  writes: MediaRecord[];
  /** Paths of rows whose images are gone, or no longer read as images. */
  deletes: string[];
  /** Paths of images new, changed or gone: the articles that show them are rendered again. */
  changed: Set<string>;
}

/**
 * Measures the images `found` that are new or changed since their rows (`stored`, what the
 * database holds for them and for the paths that are gone); the others keep their rows unread.
 * An image `settling` says may still be being written waits for a later sync. `images`, the
 * pictures articles link to, is brought up to date.
 */
export async function measureMedia(
  cfs: ContentFs,
  found: readonly ContentFile[],
  stored: readonly MediaRecord[],
  { settling, images }: { settling: (source: ContentFile) => boolean; images: MediaIndex },
): Promise<MeasuredMedia> {
  const rows = new Map(stored.map((m) => [m.path, m]));
  const measured: MeasuredMedia = { writes: [], deletes: [], changed: new Set() };
  const present = new Set<string>();
  for (const image of found) {
    present.add(image.file);
    const row = rows.get(image.file);
    if (row && row.size === image.size && row.mtimeMs === image.mtimeMs) continue;
    if (settling(image)) continue;
    const size = await readImage(cfs, image);
    if (size === undefined) {
      if (row) measured.deletes.push(image.file);
      measured.changed.add(image.file);
      continue;
    }
    const record = { path: image.file, size: image.size, mtimeMs: image.mtimeMs, ...size };
    if (row?.hash !== size.hash) measured.changed.add(image.file);
    measured.writes.push(record);
  }
  for (const row of stored) {
    if (!present.has(row.path)) {
      measured.deletes.push(row.path);
      measured.changed.add(row.path);
    }
  }
  for (const path of measured.deletes) images.delete(path);
  for (const m of measured.writes) images.set(m.path, toImageInfo(m));
  return measured;
}

/**
 * The pictures in content/ by path, as articles link to them, with a version that moves with
 * every change: parsing workers are sent the pictures again only when they changed.
 */
export class MediaIndex extends Map<string, ImageInfo> {
  version = 0;

  override set(path: string, image: ImageInfo): this {
    this.version++;
    return super.set(path, image);
  }

  override delete(path: string): boolean {
    this.version++;
    return super.delete(path);
  }
}

export const toImageInfo = (m: MediaRecord): ImageInfo => ({
  url: mediaUrl(m.path, m.hash),
  width: m.width,
  height: m.height,
});
