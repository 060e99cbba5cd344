import { REPORT_FILE } from '../editor-files/editor-report.js';
import { isVersionsPath, VERSIONS_DIR } from '../editor-files/kept-versions.js';
import { LEDGER_DIR, SINGLE_LEDGER_FILE } from '../editor-files/ledger.js';
import type { LedgerFiles } from '../editor-files/ledger-files.js';
import { REDIRECTS_FILE } from '../editor-files/redirects.js';
import type { VersionFiles } from '../editor-files/version-files.js';
import { isWarningFile } from '../editor-files/warnings.js';
import type { ContentProblem } from '../parse/content-error.js';
import type { ContentFs } from './content-fs.js';
import { examinePath, type ContentFile } from './examine-path.js';
import { walkContent, type WalkSlice } from './walk-content.js';

/** Paths to bring in line, as a sync takes them. */
export interface Batch {
  articles: ContentFile[];
  images: ContentFile[];
  /** Paths (NFC) where nothing is any more: files, or folders with all they held. */
  gone: string[];
  /** Problems found apart from reading files: a link out of content/, a folder unreadable. */
  problems: ContentProblem[];
  /** The files those problems are about: what was recorded for them is replaced. */
  problemFiles: string[];
  /** Folders found, as the file system spells them: the watcher watches them. */
  folders: string[];
  /** The redirects file changed. */
  redirects: boolean;
  /** Urgent warnings' files, as the file system spells them: changed, new or gone. */
  warnings: string[];
}

export const emptyBatch = (): Batch => ({
  articles: [],
  images: [],
  gone: [],
  problems: [],
  problemFiles: [],
  folders: [],
  redirects: false,
  warnings: [],
});

/** Adds what a walk slice found to a batch. */
export function addSlice(batch: Batch, slice: WalkSlice): void {
  batch.articles.push(...slice.articles);
  batch.images.push(...slice.images);
  batch.folders.push(...slice.folders);
  batch.problems.push(...slice.problems);
  batch.problemFiles.push(...slice.problems.map((p) => p.file));
}

/** The importer's own folders in content/, each watched apart. */
export const OWN_FOLDERS: ReadonlySet<string> = new Set([LEDGER_DIR, VERSIONS_DIR]);

const isLedgerPath = (path: string) =>
  path === SINGLE_LEDGER_FILE || path === LEDGER_DIR || path.startsWith(`${LEDGER_DIR}/`);

/**
 * What the paths an event named (relative to content/, as the file system spells them) are now:
 * each looked at once; a folder that appeared is walked (it is what the editor added); the
 * editors' files are the importer's own (the redirects file, the warnings, the ledger and the
 * kept versions' index, those two read here when they changed: the files the ledger's changed
 * lines name are looked at too).
 */
export async function collectPaths(
  cfs: ContentFs,
  ledger: LedgerFiles | undefined,
  paths: readonly string[],
  versions?: VersionFiles,
): Promise<Batch> {
  const batch = emptyBatch();
  const ledgerNames: string[] = [];
  const versionNames: string[] = [];
  const seen = new Set<string>();
  const look = async (diskPath: string) => {
    if (seen.has(diskPath)) return;
    seen.add(diskPath);
    if (diskPath === REPORT_FILE || diskPath.startsWith(`${REPORT_FILE}.`)) return;
    if (diskPath === REDIRECTS_FILE) {
      batch.redirects = true;
      return;
    }
    if (isLedgerPath(diskPath) || isVersionsPath(diskPath)) {
      (isLedgerPath(diskPath) ? ledgerNames : versionNames).push(diskPath);
      // The folder itself made, or put back: watched again, for a replica's next copy.
      if (OWN_FOLDERS.has(diskPath) && cfs.stat(diskPath)?.isDirectory()) {
        batch.folders.push(diskPath);
      }
      return;
    }
    if (isWarningFile(diskPath)) {
      batch.warnings.push(diskPath);
      return;
    }

    const found = examinePath(cfs, diskPath);
    if (found.kind === 'article') batch.articles.push(found.source);
    else if (found.kind === 'image') batch.images.push(found.source);
    // Nothing publishable there (any more): whatever was stored for the path goes.
    else if (found.kind === 'gone' || found.kind === 'ignored')
      batch.gone.push(diskPath.normalize('NFC'));
    else if (found.kind === 'refused') {
      batch.problems.push(found.problem);
      batch.problemFiles.push(found.problem.file);
    } else if (found.kind === 'folder') {
      for await (const slice of walkContent(cfs, found.diskPath)) addSlice(batch, slice);
    }
  };
  for (const path of paths) await look(path);
  if (versions && versionNames.length > 0) await versions.readChanges(versionNames);
  if (ledger && ledgerNames.length > 0) {
    // The folder itself named (made, removed, renamed): every ledger file is looked at.
    const whole = ledgerNames.some((n) => n === LEDGER_DIR);
    const changed = await ledger.readChanges(whole ? undefined : ledgerNames);
    for (const path of changed.paths) await look(path);
  }
  return batch;
}
