import type { LedgerRow } from '../../db/ledger-entries.js';
import type { ContentFile } from './examine-path.js';
import type { Known } from './known-sources.js';
import { listOpenForWriting } from './open-for-writing.js';
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

/** The version of a file its problems were found in. */
export interface ReportedVersion {
  size?: number;
  mtimeMs?: number;
}

/**
 * Whether a file must be read again: the one rule, for the importer and for `npm run check`.
 * Not when its article was stored from this very version of the file by this version of the
 * rendering code and nothing it shows has changed, nor when its problems were reported for this
 * very version ("reported").
 */
export function judgeFile(
  source: ContentFile,
  {
    stored,
    reported,
    version,
    imagesChanged,
  }: {
    stored: Known | undefined;
    reported: ReportedVersion | undefined;
    version: string;
    imagesChanged: boolean;
  },
): 'unchanged' | 'reported' | 'read' {
  if (imagesChanged) return 'read';
  if (
    stored?.stored === true &&
    stored.deletedAt === undefined &&
    stored.size === source.size &&
    stored.mtimeMs === source.mtimeMs &&
    stored.renderVersion === version &&
    reported === undefined
  ) {
    return 'unchanged';
  }
  if (reported && reported.size === source.size && reported.mtimeMs === source.mtimeMs) {
    return 'reported';
  }
  return 'read';
}

export interface FilesToReadOptions {
  /** What is known at each path, from the database and the ledger. */
  byPath: ReadonlyMap<string, Known>;
  /** Files with problems on record, and the version of each they were found in. */
  storedProblems: ReadonlyMap<string, ReportedVersion>;
  /** On a replica: the files its ledger names (of these paths). */
  named: ReadonlyMap<string, LedgerRow> | undefined;
  /** Paths of articles that show one of those pictures. */
  showingChangedMedia: ReadonlySet<string>;
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
  options: FilesToReadOptions,
  report: SyncReport,
): FileToRead[] {
  const { byPath, storedProblems, named, showingChangedMedia, version, scannedAt, settling } =
    options;
  let toRead: FileToRead[] = [];
  for (const source of files) {
    const current = byPath.get(source.file);
    const imagesChanged = showingChangedMedia.has(source.file);
    const verdict = judgeFile(source, {
      stored: current,
      reported: storedProblems.get(source.file),
      version,
      imagesChanged,
    });
    if (verdict !== 'read') {
      report.unchanged++;
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
    const open = toRead.filter((r) => writing.has(r.source.absPath));
    toRead = toRead.filter((r) => !writing.has(r.source.absPath));
    postpone(
      report,
      OPEN_FILE_RETRY_MS,
      open.map((r) => r.source.diskPath),
    );
  }
  return toRead;
}
