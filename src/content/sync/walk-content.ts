import type { ContentProblem } from '../parse/content-error.js';
import type { ContentFs } from './content-fs.js';
import { examinePath, listFolder, type ContentFile } from './examine-path.js';

/** What one slice of a walk through content/ found. */
export interface WalkSlice {
  articles: ContentFile[];
  images: ContentFile[];
  /** Folders entered, as the file system spells them ("" is content/ itself). */
  folders: string[];
  problems: ContentProblem[];
}

/** Paths looked at per slice: the sync answers events between two slices. */
export const WALK_SLICE = 1000;

/**
 * Walks content/ (or one folder of it) and yields what it finds a slice at a time, so that a walk
 * through a large archive can pause for an edit and take up where it was. Holds only the folders
 * still to visit and the current slice, never the archive.
 */
export async function* walkContent(
  cfs: ContentFs,
  from = '',
  sliceSize = WALK_SLICE,
): AsyncGenerator<WalkSlice> {
  const folders = [from];
  let slice = emptySlice();
  let looked = 0;
  while (folders.length > 0) {
    const folder = folders.shift()!;
    slice.folders.push(folder);
    const listed = listFolder(cfs, folder);
    if ('problem' in listed) {
      slice.problems.push(listed.problem);
      continue;
    }
    for (const diskPath of listed.paths) {
      const found = examinePath(cfs, diskPath);
      if (found.kind === 'folder') folders.push(found.diskPath);
      else if (found.kind === 'article') slice.articles.push(found.source);
      else if (found.kind === 'image') slice.images.push(found.source);
      else if (found.kind === 'refused') slice.problems.push(found.problem);
      if (++looked % sliceSize === 0) {
        yield slice;
        slice = emptySlice();
      }
    }
  }
  yield slice;
}

const emptySlice = (): WalkSlice => ({ articles: [], images: [], folders: [], problems: [] });
