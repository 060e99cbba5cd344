import type { MediaRecord } from '../../db/media.js';
import { mediaUrl, type ImageInfo } from '../../shared/responsive-image.js';
import { readImage } from './read-image.js';
import type { ContentFile } from './scan-content.js';

/** The images in content/ as a sync found them, and what it must store of them. */
export interface MeasuredMedia {
  /** New and changed images, measured: rows to write. */
  writes: MediaRecord[];
  /** Rows of images that are gone, or no longer read as images. */
  deletes: MediaRecord[];
  /** Paths of images new, changed or gone: the articles that show them are rendered again. */
  changed: Set<string>;
  /** Every usable image, by its path in content/, as articles link to it. */
  images: Map<string, ImageInfo>;
}

/**
 * Measures the images that are new or changed since `rows` (what the database holds); the
 * others keep their rows unread. An image `settling` says may still be being written waits for
 * a later sync.
 */
export async function measureMedia(
  found: readonly ContentFile[],
  rows: readonly MediaRecord[],
  settling: (source: ContentFile) => boolean,
): Promise<MeasuredMedia> {
  const media = new Map(rows.map((m) => [m.path, m]));
  const writes: MediaRecord[] = [];
  const changed = new Set<string>();
  for (const image of found) {
    const row = media.get(image.file);
    if (row && row.size === image.size && row.mtimeMs === image.mtimeMs) continue;
    if (settling(image)) continue;
    const measured = await readImage(image);
    if (measured === undefined) {
      if (row) media.delete(image.file);
      changed.add(image.file);
      continue;
    }
    const record = { path: image.file, size: image.size, mtimeMs: image.mtimeMs, ...measured };
    if (row?.hash !== measured.hash) changed.add(image.file);
    media.set(image.file, record);
    writes.push(record);
  }
  const imageFiles = new Set(found.map((i) => i.file));
  const deletes = rows.filter((m) => !imageFiles.has(m.path) || !media.has(m.path));
  for (const gone of deletes) {
    media.delete(gone.path);
    changed.add(gone.path);
  }
  const images = new Map<string, ImageInfo>();
  for (const m of media.values()) {
    images.set(m.path, { url: mediaUrl(m.path, m.hash), width: m.width, height: m.height });
  }
  return { writes, deletes, changed, images };
}
