import { createHash } from 'node:crypto';
import type { ContentFs } from './content-fs.js';
import type { ContentFile } from './examine-path.js';

export interface MeasuredImage {
  hash: string;
  width: number;
  height: number;
}

/**
 * Size (as displayed, EXIF rotation applied) and content hash of an image, or undefined when
 * the file is not an image sharp can read (a half-copied photo, a PDF renamed .jpg).
 */
export async function readImage(
  cfs: ContentFs,
  source: ContentFile,
): Promise<MeasuredImage | undefined> {
  try {
    const bytes = cfs.readFile(source.diskPath);
    // Loaded with the first picture: most syncs have none.
    const { default: sharp } = await import('sharp');
    const metadata = await sharp(bytes).metadata();
    const { width, height } = metadata.autoOrient;
    if (!width || !height) return undefined;
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    return { hash, width, height };
  } catch {
    return undefined;
  }
}
