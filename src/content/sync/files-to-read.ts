import type { Known } from './known-sources.js';
import type { LedgerEntry } from '../editor-files/ledger.js';
import { listOpenForWriting } from './open-for-writing.js';
import type { ContentFile } from './scan-content.js';
import { postpone, type SyncReport } from './sync-report.js';

/**
 * Only files written this recently may still be open for writing: a copy in progress moves the
 * modification time with every chunk, so older files are not looked for among open files.
 */
const RECENTLY_WRITTEN_MS = 60_000;

/** How soon to look again at a file that was still open for writing. */
const OPEN_FILE_RETRY_MS = 200;

/** A file this sync reads, with what was known at its path before. */
export interface FileToRead {
  source: ContentFile;
  current: Known | undefined;
  /** It shows a picture that changed, so it is rendered again even if its text is the same. */
  imagesChanged: boolean;
}

export interface FilesToReadOptions {
  /** What is known of each path, from the database and the ledger. */
  byPath: ReadonlyMap<string, Known>;
  /** Files with problems on record, and the version of each they were found in. */
  storedProblems: ReadonlyMap<string, { size?: number; mtimeMs?: number }>;
  /** On a replica: the files its ledger names. */
  named: ReadonlyMap<string, LedgerEntry> | undefined;
  /** Images new, changed or gone in this sync. */
  changedMedia: ReadonlySet<string>;
  /** The rendering code's version: HTML an older one made is made again. */
  version: string;
  scannedAt: number;
  /** Whether a file may still be being written; one that is waits, counted as pending. */
  settling: (source: ContentFile) => boolean;
}

/**
 * Which files to read: new, changed, restored, rendered by older code, or showing a picture
 * that changed. The others are counted in `report`: unchanged, already reported, waiting for a
 * replica's ledger to name them, or pending while still being written.
 */
export function listFilesToRead(
  files: readonly ContentFile[],
  { byPath, storedProblems, named, changedMedia, version, scannedAt, settling }: FilesToReadOptions,
  report: SyncReport,
): FileToRead[] {
  let toRead: FileToRead[] = [];
  for (const source of files) {
    const current = byPath.get(source.file);
    const imagesChanged = current?.mediaPaths.some((p) => changedMedia.has(p)) ?? false;
    if (
      !imagesChanged &&
      current?.stored === true &&
      current.deletedAt === undefined &&
      current.size === source.size &&
      current.mtimeMs === source.mtimeMs &&
      current.renderVersion === version &&
      !storedProblems.has(source.file)
    ) {
      report.unchanged++;
      continue;
    }
    const reported = storedProblems.get(source.file);
    if (
      !imagesChanged &&
      reported &&
      reported.size === source.size &&
      reported.mtimeMs === source.mtimeMs
    ) {
      report.unchanged++; // already reported, and the editor has not touched it since
      continue;
    }
    if (named && !named.has(source.file)) {
      report.waiting++;
      continue;
    }
    if (settling(source)) continue;
    toRead.push({ source, current, imagesChanged });
  }
  // A file some process still holds open for writing is not finished, however long it has
  // been quiet (a copy over a slow share pauses between chunks).
  const writing = listOpenForWriting(
    toRead
      .filter((r) => scannedAt - r.source.mtimeMs < RECENTLY_WRITTEN_MS)
      .map((r) => r.source.absPath),
  );
  if (writing.size > 0) {
    toRead = toRead.filter((r) => !writing.has(r.source.absPath));
    postpone(report, OPEN_FILE_RETRY_MS, writing.size);
  }
  return toRead;
}
