import fs from 'node:fs/promises';
import path from 'node:path';
import { toVietnamIso } from '../../shared/vietnam-time.js';
import type { ContentProblem } from '../parse/content-error.js';
import { parseDate } from '../parse/parse-date.js';

/**
 * The ledger's name in content/. It starts with "_", so the importer never reads it as an
 * article, and it travels with the articles wherever content/ is copied, synced or backed up.
 */
export const LEDGER_FILE = '_so-bai-viet.tsv';

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
# mã băm nội dung và đường dẫn tệp. Trang tự ghi tệp này; đừng sửa tay, đừng xóa: nhờ nó mà
# mọi máy chủ dựng lại đúng địa chỉ và ngày giờ của từng bài.
# The site's article register, written by the importer: one line per id ever given.
# id\tpublished\tupdated\tsha256\tpath
`;

const HASH = /^[0-9a-f]{64}$/;

/** The ledger's text → its entries; lines it cannot read are problems naming the line. */
export function parseLedger(text: string): Ledger {
  const ledger: Ledger = { entries: [], damaged: [], problems: [] };
  const seen = new Set<number>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const fields = raw.split('\t');
    const problem = (message: string) => {
      const id = /^\s*(\d{1,15})\b/.exec(raw)?.[1];
      ledger.damaged.push({ line, text: raw, id: id === undefined ? undefined : Number(id) });
      ledger.problems.push({ file: LEDGER_FILE, line, severity: 'error', message });
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
    if (seen.has(id)) return problem(`mã bài ${id} xuất hiện hai lần`);
    const publishedAt = parseDate(published);
    if (!publishedAt.ok) return problem(`giờ đăng "${published}" không đọc được`);
    const updatedAt = updated === '-' ? undefined : parseDate(updated);
    if (updatedAt !== undefined && !updatedAt.ok) {
      return problem(`giờ cập nhật "${updated}" không đọc được`);
    }
    if (!HASH.test(hash)) return problem('mã băm phải là 64 chữ số hệ 16');
    const file = decodePath(encodedPath);
    if (file === '') return problem('thiếu đường dẫn tệp');
    seen.add(id);
    ledger.entries.push({
      id,
      publishedAt: publishedAt.epochMs,
      updatedAt: updatedAt?.epochMs,
      hash,
      path: file,
    });
  });
  return ledger;
}

/** Entries (and lines kept from a damaged ledger) → the ledger's text, in id order. */
export function formatLedger(
  entries: readonly LedgerEntry[],
  damaged: Ledger['damaged'] = [],
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

/** The ledger in `contentDir`, or undefined when there is none. */
export async function readLedger(contentDir: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path.join(contentDir, LEDGER_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Replaces the ledger in one step: written beside it under a name the importer ignores, then
 * renamed over it, so a reader (an editor, rsync, git) never sees half a ledger.
 */
export async function writeLedger(contentDir: string, text: string): Promise<void> {
  const target = path.join(contentDir, LEDGER_FILE);
  const temporary = `${target}.${process.pid}.tmp`;
  await fs.writeFile(temporary, text);
  await fs.rename(temporary, target);
}

// Paths are written as they are, but a tab, a newline or a backslash in a file name would break
// the line, so those three are escaped.
const encodePath = (file: string) =>
  file.replace(/[\\\t\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n'));

const decodePath = (text: string) =>
  text.replace(/\\([\\tn])/g, (_, c: string) => (c === '\\' ? '\\' : c === 't' ? '\t' : '\n'));
