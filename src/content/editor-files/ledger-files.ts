import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/types.js';
import { replaceProblems } from '../../db/file-problems.js';
import {
  clearLedgerPending,
  listDamagedLines,
  listLedgerLines,
  listLedgerPending,
  replaceLedgerRange,
  type LedgerRow,
} from '../../db/ledger-entries.js';
import { getLastArticleId } from '../../db/sources.js';
import { getSyncState, setSyncState } from '../../db/sync-state.js';
import type { ContentFs } from '../sync/content-fs.js';
import type { ContentRole } from '../sync/sync-role.js';
import {
  formatLedger,
  idsOfLedgerFile,
  IDS_PER_FILE,
  LEDGER_DIR,
  ledgerFileNamed,
  ledgerFileNumber,
  parseLedger,
  type Ledger,
  SINGLE_LEDGER_FILE,
} from './ledger.js';

/** The size and modification time of each ledger file as last read or written here. */
type Seen = Record<string, [number, number]>;
const SEEN_KEY = 'ledger-files';

/** What reading the ledger found changed: the files its changed lines name, then and now. */
export interface LedgerChanges {
  paths: string[];
}

export interface LedgerFiles {
  /**
   * Reads the ledger files that changed since they were last read or written here (`names`:
   * the ones an event named; without it, all of them), stores their lines, and records their
   * problems. A primary whose ledger is gone writes it again from the database.
   */
  readChanges(names?: readonly string[]): Promise<LedgerChanges>;
  /** A primary writes the files that hold the lines of articles changed since (one per 1,000 ids). */
  writePending(): Promise<void>;
}

/**
 * The ledger in content/ as files: read when they change (an editor's restore, a replica's copy
 * from the primary), written by a primary after each sync that changes a line. Each file holds a
 * thousand ids, so a save rewrites one small file, whatever the size of the archive.
 */
export function openLedgerFiles({
  db,
  cfs,
  role,
}: {
  db: Database;
  cfs: ContentFs;
  role: ContentRole;
}): LedgerFiles {
  let seen: Seen | undefined;
  const loadSeen = async () => (seen ??= (await getSyncState<Seen>(db, SEEN_KEY)) ?? {});
  const statOf = (file: string): [number, number] | undefined => {
    const stat = cfs.stat(file);
    return stat?.isFile() ? [stat.size, stat.mtimeMs] : undefined;
  };

  /** Reads one ledger file (or the single file of older releases) and stores its lines. */
  const readFile = async (file: string, number: number | undefined): Promise<string[]> => {
    const text = cfs.readFile(file).toString('utf8');
    const ids = number === undefined ? undefined : idsOfLedgerFile(number);
    const ledger = parseLedger(text, file, ids);
    const ranges: [number, { entries: LedgerRow[]; damaged: Damaged[] }][] =
      number === undefined ? splitByFile(ledger.entries, ledger.damaged) : [[number, ledger]];
    const paths: string[] = [];
    await db.transaction(async (tx) => {
      for (const [n, part] of ranges) {
        const { first, last } = idsOfLedgerFile(n);
        const changed = await replaceLedgerRange(
          tx,
          { first, last, file: number === undefined ? ledgerFileNamed(n) : file },
          part.entries,
          part.damaged.map((d) => ({
            ...d,
            file: number === undefined ? ledgerFileNamed(n) : file,
          })),
        );
        for (const row of [...changed.before, ...changed.after]) paths.push(row.path);
      }
      await replaceProblems(
        tx,
        [file],
        ledger.problems.map((p) => ({ ...p, size: undefined, mtimeMs: undefined })),
        Date.now(),
      );
    });
    return paths;
  };

  const writeFile = async (number: number): Promise<LedgerRow[]> => {
    const { first, last } = idsOfLedgerFile(number);
    const file = ledgerFileNamed(number);
    const [entries, damaged] = await Promise.all([
      listLedgerLines(db, first, last),
      listDamagedLines(db, file),
    ]);
    const target = cfs.absolute(file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    // Written beside it and renamed over it: a reader (an editor, rsync, git) never sees half.
    fs.writeFileSync(temporary, formatLedger(entries, damaged));
    fs.renameSync(temporary, target);
    const stat = statOf(file);
    if (stat) (await loadSeen())[file] = stat;
    return entries;
  };

  const writeAll = async (): Promise<void> => {
    const last = await getLastArticleId(db);
    const written: LedgerRow[] = [];
    for (let n = 0; n <= Math.floor(last / IDS_PER_FILE); n++) {
      if (last === 0) break;
      written.push(...(await writeFile(n)));
    }
    await db.transaction(async (tx) => {
      await clearLedgerPending(tx, written);
      await setSyncState(tx, SEEN_KEY, await loadSeen());
    });
  };

  return {
    async readChanges(names) {
      let known = await loadSeen();
      const paths: string[] = [];
      let changed = false;
      // The single file an older release kept: read once; a primary then writes the folder.
      const single = statOf(SINGLE_LEDGER_FILE);
      if (single && (names === undefined || names.includes(SINGLE_LEDGER_FILE))) {
        const before = known[SINGLE_LEDGER_FILE];
        if (before === undefined || before[0] !== single[0] || before[1] !== single[1]) {
          paths.push(...(await readFile(SINGLE_LEDGER_FILE, undefined)));
          known[SINGLE_LEDGER_FILE] = single;
          changed = true;
          if (role === 'primary') {
            // The folder replaces the file; its files are read back below, so their damaged
            // lines are reported where they now stand.
            await writeAll();
            fs.rmSync(cfs.absolute(SINGLE_LEDGER_FILE), { force: true });
            await db.transaction((tx) => replaceProblems(tx, [SINGLE_LEDGER_FILE], [], Date.now()));
            known = seen = {};
          }
        }
      }
      const listed = names === undefined ? listLedgerFolder(cfs) : [];
      if (listed === undefined) {
        // No ledger at all: a primary with articles writes it from the database.
        if (role === 'primary' && !single) await writeAll();
      } else {
        // The files named, or all there are and all there were (one may have been deleted).
        const files = names?.filter((n) => n.startsWith(`${LEDGER_DIR}/`)) ?? [
          ...new Set([
            ...(listed ?? []),
            ...Object.keys(known).filter((f) => f !== SINGLE_LEDGER_FILE),
          ]),
        ];
        for (const file of files) {
          const number = ledgerFileNumber(path.posix.basename(file));
          if (number === undefined) continue;
          const stat = statOf(file);
          const before = known[file];
          if (stat === undefined) {
            // A ledger file deleted: a primary writes it again; a replica waits for its copy.
            if (before !== undefined && role === 'primary') {
              await writeFile(number);
              changed = true;
            }
            continue;
          }
          if (before && before[0] === stat[0] && before[1] === stat[1]) continue;
          paths.push(...(await readFile(file, number)));
          known[file] = stat;
          changed = true;
        }
      }
      if (changed || names === undefined) {
        await db.transaction((tx) => setSyncState(tx, SEEN_KEY, known));
      }
      return { paths: [...new Set(paths)] };
    },

    async writePending() {
      if (role !== 'primary') return;
      const pending = await listLedgerPending(db);
      if (pending.length === 0) return;
      const numbers = [...new Set(pending.map((id) => Math.floor(id / IDS_PER_FILE)))];
      const written: LedgerRow[] = [];
      for (const n of numbers) written.push(...(await writeFile(n)));
      await db.transaction(async (tx) => {
        await clearLedgerPending(tx, written);
        await setSyncState(tx, SEEN_KEY, await loadSeen());
      });
    },
  };
}

/** The ledger files in the folder, as paths from content/; undefined when there is no folder. */
function listLedgerFolder(cfs: ContentFs): string[] | undefined {
  const listed = cfs.readdir(LEDGER_DIR);
  if ('error' in listed) return undefined;
  return listed.entries.map((e) => `${LEDGER_DIR}/${e.name}`);
}

type Damaged = Ledger['damaged'][number];

/** The single file's lines, by the ledger file each belongs in now. */
function splitByFile(
  entries: readonly LedgerRow[],
  damaged: readonly Damaged[],
): [number, { entries: LedgerRow[]; damaged: Damaged[] }][] {
  const byFile = new Map<number, { entries: LedgerRow[]; damaged: Damaged[] }>();
  const part = (n: number) => {
    let found = byFile.get(n);
    if (!found) byFile.set(n, (found = { entries: [], damaged: [] }));
    return found;
  };
  for (const e of entries) part(Math.floor(e.id / IDS_PER_FILE)).entries.push(e);
  for (const d of damaged) part(Math.floor((d.id ?? 0) / IDS_PER_FILE)).damaged.push(d);
  return [...byFile];
}
