import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import sharp from 'sharp';
import type { ContentFile } from './scan-content.js';

export interface MeasuredImage {
  hash: string;
  width: number;
  height: number;
}

/**
 * Size (as displayed, EXIF rotation applied) and content hash of an image, or undefined when
 * the file is not an image sharp can read (a half-copied photo, a PDF renamed .jpg).
 */
export async function readImage(source: ContentFile): Promise<MeasuredImage | undefined> {
  try {
    const bytes = await fs.readFile(source.absPath);
    const metadata = await sharp(bytes).metadata();
    const { width, height } = metadata.autoOrient;
    if (!width || !height) return undefined;
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    return { hash, width, height };
  } catch {
    return undefined;
  }
}
