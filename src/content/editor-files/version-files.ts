import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  clearVersionsPending,
  countVersions,
  hasVersionsIn,
  listDamagedVersionLines,
  listPendingVersionIds,
  listUnkeptArticles,
  listVersionRange,
  replaceVersionRange,
  upsertKeptVersions,
  type VersionRow,
} from '../../db/article-versions.js';
import type { Database } from '../../db/types.js';
import {
  listProblemFilesUnder,
  replaceProblems,
  type StoredProblem,
} from '../../db/file-problems.js';
import { advanceSiteFacts, type SiteFacts } from '../../db/site-facts.js';
import { getLastArticleId } from '../../db/sources.js';
import { getSyncState, setSyncState } from '../../db/sync-state.js';
import type { ContentFs } from '../sync/content-fs.js';
import type { ContentRole } from '../sync/sync-role.js';
import {
  formatVersionIndex,
  keptExtension,
  keptFilePath,
  parseVersionIndex,
  versionIndexNamed,
  versionIndexNumber,
  VERSIONS_DIR,
} from './kept-versions.js';
import { idsOfLedgerFile, IDS_PER_FILE } from './ledger.js';

/** The size and modification time of each index file as last read or written here. */
type Seen = Record<string, [number, number]>;
const SEEN_KEY = 'version-files';

export interface VersionFiles {
  /**
   * Keeps the bytes of a text about to be published, before the commit that publishes it, so no
   * version readers see is ever without its copy. False when the file no longer holds those
   * bytes (saved again meanwhile): that text must not be published.
   */
  keepFile(text: {
    articleId: number;
    diskPath: string;
    hash: string;
    ext: string;
    /** The bytes as read for this sync; without them, the file is read. */
    bytes?: Uint8Array;
  }): boolean;
  /** Removes the copies of texts readers never saw (a scheduled text replaced before its time). */
  drop(versions: readonly VersionRow[]): void;
  /**
   * Reads the index files that changed since they were last read or written here (`names`: the
   * paths in _phien-ban/ an event named; without it, all of them) and stores their versions.
   * A primary whose index file is gone writes it again from the database.
   */
  readChanges(names?: readonly string[]): Promise<void>;
  /** A primary writes the index files of the versions kept since. */
  writePending(): Promise<void>;
  /** A primary keeps the current text of published articles that have no version yet. */
  keepUnkept(): Promise<void>;
}

/**
 * The kept versions in content/ as files, the ledger's way: their bytes written by a primary
 * before the commit that publishes them, their index files after it; both read by replicas and
 * by a database being rebuilt when the index files change.
 */
export function openVersionFiles({
  db,
  cfs,
  role,
  now,
  onPublish,
}: {
  db: Database;
  cfs: ContentFs;
  role: ContentRole;
  now: () => number;
  onPublish: ((facts: SiteFacts) => void) | undefined;
}): VersionFiles {
  let seen: Seen | undefined;
  const loadSeen = async () => (seen ??= (await getSyncState<Seen>(db, SEEN_KEY)) ?? {});
  const statOf = (file: string): [number, number] | undefined => {
    const stat = cfs.stat(file);
    return stat?.isFile() ? [stat.size, stat.mtimeMs] : undefined;
  };
  /** Written beside it and renamed over it: a reader (an editor, rsync, git) never sees half. */
  const writeAtomically = (file: string, bytes: Uint8Array | string) => {
    const target = cfs.absolute(file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, target);
  };

  const writeIndex = async (number: number): Promise<VersionRow[]> => {
    const { first, last } = idsOfLedgerFile(number);
    const file = versionIndexNamed(number);
    const [versions, damaged] = await Promise.all([
      listVersionRange(db, first, last),
      listDamagedVersionLines(db, file),
    ]);
    writeAtomically(file, formatVersionIndex(versions, damaged));
    const stat = statOf(file);
    if (stat) (await loadSeen())[file] = stat;
    return versions;
  };

  /** An index file someone deleted, written again: whatever bytes went with it are reported. */
  const restoreIndex = async (file: string, number: number): Promise<void> => {
    const versions = await writeIndex(number);
    const lost = versions.filter((v) => !cfs.stat(keptFilePath(v))?.isFile());
    const problems: StoredProblem[] =
      lost.length === 0
        ? []
        : [
            {
              file,
              severity: 'warning',
              message: `${lost.length} bản đã đăng không còn tệp nội dung trong ${VERSIONS_DIR}/ (ví dụ ${keptFilePath(lost[0]!)}); trang ghi lại sổ phiên bản nhưng không dựng lại được nội dung các bản đó`,
              size: undefined,
              mtimeMs: undefined,
            },
          ];
    await db.transaction(async (tx) => {
      await clearVersionsPending(tx, versions);
      await replaceProblems(tx, [file], problems, now());
    });
  };

  /** Reads one index file and stores its versions; returns the ids whose versions changed. */
  const readIndex = async (file: string, number: number): Promise<number[]> => {
    const ids = idsOfLedgerFile(number);
    const index = parseVersionIndex(cfs.readFile(file).toString('utf8'), file, ids);
    return db.transaction(async (tx) => {
      const changed = await replaceVersionRange(
        tx,
        { ...ids, file },
        index.versions,
        index.damaged.map((d) => ({ ...d, file })),
      );
      await replaceProblems(
        tx,
        [file],
        index.problems.map((p) => ({ ...p, size: undefined, mtimeMs: undefined })),
        now(),
      );
      return changed;
    });
  };

  /** Anything else in the folder is reported: the importer neither reads nor removes it. */
  const lookAtStranger = async (file: string): Promise<void> => {
    const there = cfs.lstat(file) !== undefined;
    const problems = there
      ? [
          {
            file,
            severity: 'warning' as const,
            message: `tệp lạ trong thư mục ${VERSIONS_DIR}/, nơi trang giữ các bản đã đăng; trang không dùng tệp này`,
            size: undefined,
            mtimeMs: undefined,
          },
        ]
      : [];
    await db.transaction((tx) => replaceProblems(tx, [file], problems, now()));
  };

  const keepFile: VersionFiles['keepFile'] = ({ articleId, diskPath, hash, ext, bytes: read }) => {
    const file = keptFilePath({ articleId, hash, ext });
    // Named by its content, never rewritten. With the bytes just read, the caller has asked the
    // database whether they are kept; without them (a text published before versions were
    // kept), the folder is asked.
    if (read === undefined && cfs.stat(file)?.isFile()) return true;
    let bytes: Uint8Array;
    try {
      bytes = read ?? cfs.readFile(diskPath);
    } catch {
      return false;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== hash) return false;
    writeAtomically(file, bytes);
    return true;
  };

  const writePending = async (): Promise<void> => {
    if (role !== 'primary') return;
    const pending = await listPendingVersionIds(db);
    if (pending.length === 0) return;
    const numbers = [...new Set(pending.map((id) => Math.floor(id / IDS_PER_FILE)))];
    const written: VersionRow[] = [];
    for (const n of numbers) written.push(...(await writeIndex(n)));
    await db.transaction(async (tx) => {
      await clearVersionsPending(tx, written);
      await setSyncState(tx, SEEN_KEY, await loadSeen());
    });
  };

  return {
    keepFile,

    drop(versions) {
      for (const v of versions) fs.rmSync(cfs.absolute(keptFilePath(v)), { force: true });
    },

    async readChanges(names) {
      const known = await loadSeen();
      const whole = names === undefined || names.includes(VERSIONS_DIR);
      const files = new Set<string>();
      const strangers: string[] = [];
      if (whole) {
        // By the ids ever given rather than by listing the folder, which holds a folder per
        // article: a hundred looks at 100,000 articles.
        const last = await getLastArticleId(db);
        for (let n = 0; n <= Math.floor(last / IDS_PER_FILE); n++) files.add(versionIndexNamed(n));
        for (const file of Object.keys(known)) files.add(file);
        strangers.push(...(await listProblemFilesUnder(db, VERSIONS_DIR)));
        // One listing of the folder's top level, which the watcher may not have named: a file
        // dropped there is reported by the next walk at the latest.
        const listed = cfs.readdir(VERSIONS_DIR);
        if ('entries' in listed) {
          for (const entry of listed.entries) {
            if (!entry.isDirectory()) strangers.push(`${VERSIONS_DIR}/${entry.name}`);
          }
        }
      }
      for (const name of names ?? []) {
        const rest = name.slice(VERSIONS_DIR.length + 1);
        if (rest === '') continue;
        if (versionIndexNumber(rest) !== undefined) files.add(name);
        else if (!/^\d+(\/|$)/.test(rest) && !rest.includes('/')) strangers.push(name);
      }
      const changed = new Set<number>();
      let readAny = false;
      for (const file of files) {
        const number = versionIndexNumber(path.posix.basename(file));
        if (number === undefined) continue;
        const stat = statOf(file);
        if (stat === undefined) {
          const { first, last } = idsOfLedgerFile(number);
          // An index file deleted: a primary writes it again; a replica waits for its copy.
          if (role === 'primary' && (known[file] || (await hasVersionsIn(db, first, last)))) {
            await restoreIndex(file, number);
            readAny = true;
          }
          continue;
        }
        const before = known[file];
        if (before && before[0] === stat[0] && before[1] === stat[1]) continue;
        for (const id of await readIndex(file, number)) changed.add(id);
        known[file] = stat;
        readAny = true;
      }
      for (const file of new Set(strangers)) {
        if (versionIndexNumber(file.slice(VERSIONS_DIR.length + 1)) === undefined) {
          await lookAtStranger(file);
        }
      }
      if (readAny || whole) await db.transaction((tx) => setSyncState(tx, SEEN_KEY, known));
      if (changed.size > 0) {
        // Each article's count of versions, and its history pages: what readers see changed.
        const facts = await db.transaction(async (tx) => {
          await countVersions(tx, [...changed]);
          return advanceSiteFacts(tx, now());
        });
        onPublish?.(facts);
      }
    },

    writePending,

    async keepUnkept() {
      if (role !== 'primary') return;
      const skipped = new Set<number>();
      for (;;) {
        const unkept = (await listUnkeptArticles(db, now())).filter((a) => !skipped.has(a.id));
        if (unkept.length === 0) return;
        const kept: VersionRow[] = [];
        for (const a of unkept) {
          const ext = keptExtension(a.sourcePath);
          if (keepFile({ articleId: a.id, diskPath: a.sourcePath, hash: a.hash, ext })) {
            kept.push({
              articleId: a.id,
              number: 1,
              hash: a.hash,
              ext,
              seenAt: a.publishedAt,
              notes: a.notes,
            });
          } else {
            // Changed since it was imported: the next sync publishes the new text and keeps it.
            skipped.add(a.id);
          }
        }
        await db.transaction(async (tx) => {
          // First versions: an article with one version has no history page to make.
          await upsertKeptVersions(tx, kept);
          await countVersions(
            tx,
            kept.map((v) => v.articleId),
          );
        });
        await writePending();
      }
    },
  };
}
