import { parseDocument } from 'yaml';
import { pickShownWarnings, SHOWN_WARNINGS, type StoredWarning } from '../../db/warnings.js';
import { escapeHtml } from '../../shared/escape-html.js';
import { formatVietnamDate } from '../../shared/vietnam-time.js';
import { ContentError, type ContentProblem } from '../parse/content-error.js';
import { decodeSource } from '../parse/decode-source.js';
import { renderInlineMarkdown } from '../parse/markdown.js';
import { parseDate } from '../parse/parse-date.js';
import type { ContentFs } from '../sync/content-fs.js';
import { toContentFile, type ContentFile } from '../sync/examine-path.js';

/**
 * Urgent warnings sit beside the articles as `_canh-bao.md` or `.txt`, and as many more as are
 * needed at once under names that start the same way (`_canh-bao-lu.md`, `_canh-bao-2.txt`).
 * The "_" keeps them from ever being read as articles.
 */
const WARNING_NAME = /^_canh-bao(?:[-_. ][^/]*)?\.(?:md|txt)$/i;

/** Whether a path in content/ is a warning's file: `_canh-bao….md` or `.txt`, beside the articles. */
export const isWarningFile = (path: string): boolean => WARNING_NAME.test(path);

/** A warning's text is a sentence or two: longer ones crowd a phone's first screen. */
const LONG_TEXT = 300;

const FIELDS = new Set(['title', 'expires', 'link']);

const EXAMPLE = '---\ntitle: …\nexpires: 2024-07-20 18:00\n---';

/**
 * A warning file's bytes → the warning it puts on every page, and what is wrong with it. Throws
 * ContentError naming the line for what must not be shown: no title, no `expires:` or one that
 * is not a time (the banner would stay up for ever), front matter that is not YAML.
 */
export function parseWarning(
  file: string,
  bytes: Uint8Array,
  savedAt: number,
): { warning: StoredWarning; problems: ContentProblem[] } {
  const text = decodeSource(bytes, file);
  const lines = text.split('\n');
  const close = /^---[ \t]*$/.test(lines[0] ?? '')
    ? lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(line))
    : -1;
  if (close === -1) {
    throw new ContentError(
      file,
      `cảnh báo phải mở đầu bằng khối front matter có title: và expires:, ví dụ ${EXAMPLE.replaceAll('\n', ' ')}`,
      { line: 1 },
    );
  }
  const yamlText = lines.slice(1, close).join('\n');
  const lineAt = (offset: number) => yamlText.slice(0, offset).split('\n').length + 1;
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    throw new ContentError(file, `front matter không phải YAML hợp lệ`, {
      line: lineAt(yamlError.pos[0]),
      cause: yamlError,
    });
  }
  const data: unknown = doc.toJS();
  const record =
    data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : {};
  const lineOf = (key: string): number => {
    const index = lines.slice(1, close).findIndex((l) => l.startsWith(`${key}:`));
    return index === -1 ? 2 : index + 2;
  };
  const problems: ContentProblem[] = [];
  const warn = (line: number, message: string) =>
    problems.push({ file, line, severity: 'warning', message });
  for (const key of Object.keys(record)) {
    if (!FIELDS.has(key)) {
      warn(
        lineOf(key),
        `trường "${key}" không được dùng trong cảnh báo (dùng title, expires, link)`,
      );
    }
  }

  const title = typeof record.title === 'string' ? record.title.normalize('NFC').trim() : '';
  if (title === '') {
    throw new ContentError(
      file,
      'cảnh báo thiếu "title:", dòng tiêu đề in đậm trên băng cảnh báo',
      {
        line: record.title === undefined ? 2 : lineOf('title'),
      },
    );
  }
  if (record.expires === undefined || record.expires === null) {
    throw new ContentError(
      file,
      'cảnh báo thiếu "expires:", giờ hết hiệu lực: không có nó, cảnh báo không bao giờ tự gỡ',
      { line: 2 },
    );
  }
  const expires = parseDate(record.expires);
  if (!expires.ok) {
    throw new ContentError(file, `trường "expires" ${expires.reason}`, {
      line: lineOf('expires'),
    });
  }

  let link: string | undefined;
  if (record.link !== undefined && record.link !== null) {
    const written = String(record.link).trim();
    // A page of this site, or another site's page: never a script or a file.
    if (/^(https?:\/\/[^\s]+|\/[^\s/][^\s]*|\/)$/i.test(written)) link = written;
    else {
      warn(
        lineOf('link'),
        `liên kết "${written}" không dùng được; viết địa chỉ bắt đầu bằng https:// hoặc đường dẫn trong trang như /ten-bai-12.html`,
      );
    }
  }

  const bodyLine = close + 2;
  const body = lines
    .slice(close + 1)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (body.length > LONG_TEXT) {
    warn(
      bodyLine,
      `lời cảnh báo dài ${body.length} ký tự; nên gọn trong ${LONG_TEXT} ký tự để đọc được ngay trên điện thoại`,
    );
  }
  // A Markdown warning may carry emphasis and links, checked as an article's are.
  const html = file.toLowerCase().endsWith('.md')
    ? renderInlineMarkdown(body, (message) => warn(bodyLine, message)).html
    : escapeHtml(body);
  return {
    warning: {
      file,
      title,
      html,
      link,
      expiresAt: expires.epochMs,
      expiresLine: lineOf('expires'),
      savedAt,
    },
    problems,
  };
}

/**
 * What the editors' report says about the warnings as the clock stands: one whose time has
 * passed (it is no longer shown), and one left off because three newer ones are shown.
 */
export function warningProblemsAt(
  warnings: readonly StoredWarning[],
  now: number,
): ContentProblem[] {
  const shown = new Set(pickShownWarnings(warnings, now).map((w) => w.file));
  return warnings.flatMap((w): ContentProblem[] => {
    if (w.expiresAt <= now) {
      return [
        {
          file: w.file,
          line: w.expiresLine,
          severity: 'warning',
          message: `cảnh báo "${w.title}" đã hết hạn lúc ${formatVietnamDate(w.expiresAt)} và không còn hiện trên trang`,
        },
      ];
    }
    if (shown.has(w.file)) return [];
    return [
      {
        file: w.file,
        severity: 'warning',
        message: `cảnh báo "${w.title}" không hiện: trang chỉ hiện ${SHOWN_WARNINGS} cảnh báo mới nhất cùng lúc`,
      },
    ];
  });
}

/** What reading warning files found: to store in the sync's transaction. */
export interface WarningChanges {
  /** Files whose stored warning becomes `warnings` (none when a file is gone). */
  files: string[];
  warnings: StoredWarning[];
  /** Files read or gone: what is wrong with them now replaces what was recorded. */
  problemFiles: string[];
  problems: ContentProblem[];
}

/** The warning files beside the articles, as the file system spells them. */
export function listWarningFiles(cfs: ContentFs): string[] {
  const listed = cfs.readdir('');
  if ('error' in listed) return [];
  return listed.entries.filter((e) => e.isFile() && isWarningFile(e.name)).map((e) => e.name);
}

/**
 * Reads the warning files an event or a walk named. A file still being saved waits (`settling`);
 * a rejected one keeps its last good version online; a file gone takes its warning with it.
 */
export function readWarnings(
  cfs: ContentFs,
  paths: readonly string[],
  settling: (source: ContentFile) => boolean,
): WarningChanges {
  const changes: WarningChanges = { files: [], warnings: [], problemFiles: [], problems: [] };
  for (const diskPath of new Set(paths)) {
    const file = diskPath.normalize('NFC');
    const stat = cfs.stat(diskPath);
    if (!stat?.isFile()) {
      changes.files.push(file);
      changes.problemFiles.push(file);
      continue;
    }
    if (settling(toContentFile(cfs, diskPath, stat))) continue;
    changes.problemFiles.push(file);
    try {
      const savedAt = Math.floor(stat.mtimeMs / 1000) * 1000;
      const read = parseWarning(file, cfs.readFile(diskPath), savedAt);
      changes.files.push(file);
      changes.warnings.push(read.warning);
      changes.problems.push(...read.problems);
    } catch (error) {
      changes.problems.push(
        error instanceof ContentError
          ? error.toProblem()
          : { file, severity: 'error', message: `không đọc được tệp (${String(error)})` },
      );
    }
  }
  return changes;
}
