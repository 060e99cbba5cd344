import { toVietnamIso } from '../../shared/vietnam-time.js';
import type { ContentProblem } from '../parse/content-error.js';
import { parseDate } from '../parse/parse-date.js';

/**
 * The ledger's folder in content/. It starts with "_", so the importer never reads it as
 * articles, and it travels with the articles wherever content/ is copied, synced or backed up.
 * One file per thousand ids: a save rewrites one small file, whatever the size of the archive.
 */
export const LEDGER_DIR = '_so-bai-viet';

/** The ledger as one file, as releases before the folder wrote it; read once, then replaced. */
export const SINGLE_LEDGER_FILE = '_so-bai-viet.tsv';

/** Ids per ledger file: file N holds ids N×1000 to N×1000+999. */
export const IDS_PER_FILE = 1000;

const FILE_NAME = /^(\d{4,})\.tsv$/;

/** The ledger file that holds `id`, relative to content/: id 1234 → "_so-bai-viet/0001.tsv". */
export const ledgerFileOf = (id: number): string => ledgerFileNamed(Math.floor(id / IDS_PER_FILE));

export const ledgerFileNamed = (number: number): string =>
  `${LEDGER_DIR}/${String(number).padStart(4, '0')}.tsv`;

/** "0001.tsv" → 1; undefined for any other name in the folder. */
export function ledgerFileNumber(name: string): number | undefined {
  const match = FILE_NAME.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** The ids a ledger file may hold. */
export const idsOfLedgerFile = (number: number) => ({
  first: number * IDS_PER_FILE,
  last: number * IDS_PER_FILE + IDS_PER_FILE - 1,
});

/** Whether a problem's file is part of the ledger (its advice is of its own). */
export const isLedgerFile = (file: string): boolean =>
  file === SINGLE_LEDGER_FILE || file.startsWith(`${LEDGER_DIR}/`);

/** What the ledger remembers about one id: enough to rebuild its URL, its dates and its file. */
export interface LedgerEntry {
  id: number;
  /** First publication; what a file without `date` is dated. */
  publishedAt: number;
  /** The last change of content, for a file without `updated`. */
  updatedAt: number | undefined;
  /** sha256 of the file as last imported: a file moved elsewhere is found by it. */
  hash: string;
  /** Where the file is (or was, for a removed article), relative to content/. */
  path: string;
}

export interface Ledger {
  entries: LedgerEntry[];
  /** Lines that could not be read, kept as they are so nothing an editor wrote is lost. */
  damaged: { line: number; text: string; id: number | undefined }[];
  problems: ContentProblem[];
}

const HEADER = `# Sổ bài viết của trang: mỗi dòng là một mã bài (id) đã cấp, giờ đăng đầu tiên, giờ cập nhật,
# mã băm nội dung và đường dẫn tệp; mỗi tệp giữ một nghìn mã. Trang tự ghi các tệp này; đừng sửa
# tay, đừng xóa: nhờ chúng mà mọi máy chủ dựng lại đúng địa chỉ và ngày giờ của từng bài.
# The site's article register, written by the importer: one line per id ever given.
# id\tpublished\tupdated\tsha256\tpath
`;

const HASH = /^[0-9a-f]{64}$/;

/**
 * A ledger file's text → its entries; lines it cannot read are problems naming `file` and the
 * line. With `ids`, an id outside them is a line out of place (each file holds its thousand).
 */
export function parseLedger(
  text: string,
  file: string,
  ids?: { first: number; last: number },
): Ledger {
  const ledger: Ledger = { entries: [], damaged: [], problems: [] };
  const seen = new Set<number>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const fields = raw.split('\t');
    const problem = (message: string) => {
      const id = /^\s*(\d{1,15})\b/.exec(raw)?.[1];
      ledger.damaged.push({ line, text: raw, id: id === undefined ? undefined : Number(id) });
      ledger.problems.push({ file, line, severity: 'error', message });
    };
    if (fields.length !== 5) {
      return problem(`dòng phải có 5 cột cách nhau bằng dấu tab, có ${fields.length}`);
    }
    const [idText, published, updated, hash, encodedPath] = fields as [
      string,
      string,
      string,
      string,
      string,
    ];
    const id = Number(idText);
    if (!/^[1-9]\d{0,14}$/.test(idText)) return problem(`mã bài "${idText}" không phải số`);
    if (ids && (id < ids.first || id > ids.last)) {
      return problem(`mã bài ${id} không thuộc tệp này (tệp giữ mã ${ids.first}–${ids.last})`);
    }
    if (seen.has(id)) return problem(`mã bài ${id} xuất hiện hai lần`);
    const publishedAt = parseDate(published);
    if (!publishedAt.ok) return problem(`giờ đăng "${published}" không đọc được`);
    const updatedAt = updated === '-' ? undefined : parseDate(updated);
    if (updatedAt !== undefined && !updatedAt.ok) {
      return problem(`giờ cập nhật "${updated}" không đọc được`);
    }
    if (!HASH.test(hash)) return problem('mã băm phải là 64 chữ số hệ 16');
    const entryPath = decodePath(encodedPath);
    if (entryPath === '') return problem('thiếu đường dẫn tệp');
    seen.add(id);
    ledger.entries.push({
      id,
      publishedAt: publishedAt.epochMs,
      updatedAt: updatedAt?.epochMs,
      hash,
      path: entryPath,
    });
  });
  return ledger;
}

/** Entries (and lines kept from a damaged ledger) → a ledger file's text, in id order. */
export function formatLedger(
  entries: readonly LedgerEntry[],
  damaged: readonly { id: number | undefined; text: string }[] = [],
): string {
  const lines: { id: number; text: string }[] = entries.map((e) => ({
    id: e.id,
    text: [
      e.id,
      toVietnamIso(e.publishedAt),
      e.updatedAt === undefined ? '-' : toVietnamIso(e.updatedAt),
      e.hash,
      encodePath(e.path),
    ].join('\t'),
  }));
  for (const d of damaged) lines.push({ id: d.id ?? Number.MAX_SAFE_INTEGER, text: d.text });
  lines.sort((a, b) => a.id - b.id);
  return HEADER + lines.map((l) => `${l.text}\n`).join('');
}

// Paths are written as they are, but a tab, a newline or a backslash in a file name would break
// the line, so those three are escaped.
const encodePath = (file: string) =>
  file.replace(/[\\\t\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n'));

const decodePath = (text: string) =>
  text.replace(/\\([\\tn])/g, (_, c: string) => (c === '\\' ? '\\' : c === 't' ? '\t' : '\n'));
