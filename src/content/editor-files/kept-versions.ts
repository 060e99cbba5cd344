import path from 'node:path';
import { createHash } from 'node:crypto';
import type { VersionRow } from '../../db/article-versions.js';
import { toVietnamIso } from '../../shared/vietnam-time.js';
import type { ContentProblem } from '../parse/content-error.js';
import { parseDate } from '../parse/parse-date.js';
import type { ContentFs } from '../sync/content-fs.js';
import { IDS_PER_FILE } from './ledger.js';

/**
 * Every version of an article that readers saw, kept in content/ so it survives losing data/
 * and travels to replicas and backups with the articles. The "_" keeps the importer from ever
 * publishing it:
 *
 *     _phien-ban/0000.tsv                 which versions ids 0–999 have, and since when
 *     _phien-ban/12/<sha256>.md           the bytes of one version of article 12, as saved
 *
 * A version's file is named by its content, so a text that comes back is stored once, and is
 * never written again. The index files hold what the files cannot say (when each was first seen,
 * which notes it carried), a thousand ids per file like the ledger: a save rewrites one small
 * file, and a replica watching one folder sees it change.
 */
export const VERSIONS_DIR = '_phien-ban';

const INDEX_NAME = /^(\d{4,})\.tsv$/;

/** The index file that lists the versions of `id`: 1234 → "_phien-ban/0001.tsv". */
export const versionIndexOf = (id: number): string =>
  versionIndexNamed(Math.floor(id / IDS_PER_FILE));

export const versionIndexNamed = (number: number): string =>
  `${VERSIONS_DIR}/${String(number).padStart(4, '0')}.tsv`;

/** "0001.tsv" → 1; undefined for any other name. */
export function versionIndexNumber(name: string): number | undefined {
  const match = INDEX_NAME.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** Where the bytes of one version are kept: "_phien-ban/12/3f5a….md". */
export const keptFilePath = (v: { articleId: number; hash: string; ext: string }): string =>
  `${VERSIONS_DIR}/${v.articleId}/${v.hash}${v.ext}`;

/** "Thời sự/bai.MD" → ".md": how a version's bytes are named, and read back. */
export const keptExtension = (file: string): string => path.posix.extname(file).toLowerCase();

/** Whether a path in content/ is the kept versions' folder or inside it. */
export const isVersionsPath = (path: string): boolean =>
  path === VERSIONS_DIR || path.startsWith(`${VERSIONS_DIR}/`);

/**
 * One version as its index line describes it: its number (1 for the first, never given again,
 * so a version's address stays its own), its bytes' hash and extension (".md" or ".txt"), from
 * when readers saw it, and the anchors of the notes it carries ("dinh-chinh-20240503-0800").
 */
export type KeptVersion = VersionRow;

export interface VersionIndex {
  versions: KeptVersion[];
  /** Lines that could not be read, kept as they are so nothing an editor wrote is lost. */
  damaged: { line: number; text: string; articleId: number | undefined }[];
  problems: ContentProblem[];
}

const HEADER = `# Sổ phiên bản: mỗi dòng là một bản của một bài đã đến tay bạn đọc: mã bài, số thứ tự của bản,
# giờ bạn đọc bắt đầu thấy bản đó, mã băm của tệp, đuôi tệp, và các đính chính, cập nhật có trong bản.
# Nội dung từng bản nằm ở _phien-ban/<mã bài>/<mã băm>.<đuôi>. Trang tự ghi tệp này; đừng sửa tay.
# Chỉ khi phải gỡ một bản vì lý do pháp lý: xóa dòng của bản đó ở đây và xóa tệp nội dung của nó.
# The site's register of published versions: id, number, seen from, sha256, extension, note anchors.
`;

const HASH = /^[0-9a-f]{64}$/;
const EXTENSIONS = new Set(['md', 'txt']);

/**
 * An index file's text → its versions; lines it cannot read are problems naming `file` and the
 * line. An id outside `ids` is a line out of place (each file holds its thousand).
 */
export function parseVersionIndex(
  text: string,
  file: string,
  ids: { first: number; last: number },
): VersionIndex {
  const index: VersionIndex = { versions: [], damaged: [], problems: [] };
  const seen = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const problem = (message: string) => {
      const id = /^\s*(\d{1,15})\b/.exec(raw)?.[1];
      index.damaged.push({ line, text: raw, articleId: id === undefined ? undefined : Number(id) });
      index.problems.push({ file, line, severity: 'error', message });
    };
    const fields = raw.split('\t');
    if (fields.length !== 6) {
      return problem(`dòng phải có 6 cột cách nhau bằng dấu tab, có ${fields.length}`);
    }
    const [idText, numberText, seenText, hash, ext, notes] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!/^[1-9]\d{0,14}$/.test(idText)) return problem(`mã bài "${idText}" không phải số`);
    const articleId = Number(idText);
    if (articleId < ids.first || articleId > ids.last) {
      return problem(
        `mã bài ${articleId} không thuộc tệp này (tệp giữ mã ${ids.first}–${ids.last})`,
      );
    }
    if (!/^[1-9]\d{0,5}$/.test(numberText)) return problem(`số bản "${numberText}" không phải số`);
    const number = Number(numberText);
    if (seen.has(`${articleId}/${number}`)) {
      return problem(`bản ${number} của bài ${articleId} xuất hiện hai lần`);
    }
    const seenAt = parseDate(seenText);
    if (!seenAt.ok) return problem(`giờ "${seenText}" không đọc được`);
    if (!HASH.test(hash)) return problem('mã băm phải là 64 chữ số hệ 16');
    if (!EXTENSIONS.has(ext)) return problem(`đuôi tệp "${ext}" phải là md hoặc txt`);
    seen.add(`${articleId}/${number}`);
    index.versions.push({
      articleId,
      number,
      hash,
      ext: `.${ext}`,
      seenAt: seenAt.epochMs,
      notes: notes === '-' ? [] : notes.split(','),
    });
  });
  return index;
}

/** Versions (and lines kept from a damaged file) → an index file's text, by id and number. */
export function formatVersionIndex(
  versions: readonly KeptVersion[],
  damaged: readonly { articleId: number | undefined; text: string }[] = [],
): string {
  const lines = versions.map((v) => ({
    key: [v.articleId, v.number],
    text: [
      v.articleId,
      v.number,
      toVietnamIso(v.seenAt),
      v.hash,
      v.ext.slice(1),
      v.notes.length === 0 ? '-' : v.notes.join(','),
    ].join('\t'),
  }));
  for (const d of damaged) {
    lines.push({ key: [d.articleId ?? Number.MAX_SAFE_INTEGER, Infinity], text: d.text });
  }
  lines.sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]!);
  return HEADER + lines.map((l) => `${l.text}\n`).join('');
}

/** What a version published now is: its number, and from when readers see it. */
export interface NewVersion {
  number: number;
  seenAt: number;
  /** The version before it that readers never saw (a scheduled text edited before its time). */
  replaces: KeptVersion | undefined;
}

/**
 * Whether a text just stored is a new version, given the article's latest kept one: not when it
 * is the same text (a file moved, rendered again). A version readers have not seen yet (the
 * article is scheduled) is replaced by the next one rather than followed by it, so what is kept
 * is what readers saw. The first version dates from the publication; a later one from when its
 * text was saved, and never before the version it follows.
 */
export function nextVersion(
  latest: KeptVersion | undefined,
  text: { hash: string; publishedAt: number; savedAt: number },
  at: number,
): NewVersion | undefined {
  if (latest?.hash === text.hash) return undefined;
  const replaces = latest !== undefined && latest.seenAt > at ? latest : undefined;
  const number = replaces?.number ?? (latest?.number ?? 0) + 1;
  if (text.publishedAt > at || number === 1) {
    return { number, seenAt: text.publishedAt, replaces };
  }
  const after = replaces === undefined ? (latest?.seenAt ?? 0) : 0;
  return {
    number,
    seenAt: Math.min(at, Math.max(text.savedAt, text.publishedAt, after)),
    replaces,
  };
}

/**
 * A version's kept bytes, checked against the hash they are named by; or why they cannot be
 * read, in words for the editors' report and `npm run check`, which name the file.
 */
export function readKeptBytes(
  cfs: ContentFs,
  version: KeptVersion,
): { bytes: Buffer } | { problem: string } {
  const problem = (reason: string) => ({
    problem: `bản ${version.number} của bài ${version.articleId}: ${reason}`,
  });
  let bytes: Buffer;
  try {
    bytes = cfs.readFile(keptFilePath(version));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return problem(
      code === 'ENOENT' ? 'không còn tệp nội dung' : `không đọc được tệp (${code ?? 'lỗi'})`,
    );
  }
  if (createHash('sha256').update(bytes).digest('hex') !== version.hash) {
    return problem('tệp đã bị sửa hoặc hỏng: nội dung không khớp mã băm trong tên tệp');
  }
  return { bytes };
}
