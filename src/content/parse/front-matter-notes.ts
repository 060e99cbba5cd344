import { isMap, isNode, isScalar, isSeq } from 'yaml';
import { formatVietnamDate } from '../../shared/vietnam-time.js';
import { ContentError } from './content-error.js';
import { parseDate } from './parse-date.js';

/** The front-matter lists of notes, and what each of their items is called in messages. */
export const NOTE_LISTS = { corrections: 'đính chính', updates: 'cập nhật' } as const;
export type NoteList = keyof typeof NOTE_LISTS;

/** One item of `corrections:` or `updates:`, checked, its text not yet rendered. */
export interface FrontMatterNote {
  date: number;
  /** Markdown inline, as written, without control characters. */
  text: string;
  top: boolean;
  dateLine: number;
  textLine: number;
}

export interface NoteContext {
  file: string;
  /** The line of `key:` itself. */
  keyLine: number;
  /** The article's `date:`, which no note may come before. */
  publishedAt: number | undefined;
  /** The file's line at an offset into the YAML block. */
  lineAt: (offset: number) => number;
  /** Text without control characters, warning at `line` when there were some. */
  cleanText: (key: string, raw: string, line: number) => string;
  warn: (line: number, message: string) => void;
}

const EXAMPLE = 'mỗi mục là một dòng "- date: 2024-05-02 09:00" và dưới nó "  text: …"';

/**
 * `corrections:` or `updates:` (a YAML node) → its notes, in the order written. Throws
 * ContentError naming the line for what would publish a note wrongly: a list that is not a list,
 * an item without a date or a text, a date that is not one or comes before the article's.
 */
export function readNotes(node: unknown, list: NoteList, context: NoteContext): FrontMatterNote[] {
  const { file, keyLine, lineAt } = context;
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) {
    throw new ContentError(file, `trường "${list}" phải là danh sách: ${EXAMPLE}`, {
      line: keyLine,
    });
  }
  return node.items.map((item, index) => {
    const line = isNode(item) && item.range ? lineAt(item.range[0]) : keyLine;
    return readNote(item, `mục thứ ${index + 1} của "${list}"`, list, line, context);
  });
}

function readNote(
  item: unknown,
  where: string,
  list: NoteList,
  line: number,
  { file, publishedAt, lineAt, cleanText, warn }: NoteContext,
): FrontMatterNote {
  const noun = NOTE_LISTS[list];
  const fail = (message: string, at = line): never => {
    throw new ContentError(file, `${where} ${message}`, { line: at });
  };
  if (!isMap(item)) return fail(`phải có "date:" và "text:" (${EXAMPLE})`);
  const fields = new Map<string, { value: unknown; line: number }>();
  for (const pair of item.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const at = isNode(pair.key) && pair.key.range ? lineAt(pair.key.range[0]) : line;
    const known = name === 'date' || name === 'text' || (name === 'top' && list === 'corrections');
    if (!known) {
      warn(
        at,
        name === 'top'
          ? `${where}: "top" chỉ dùng cho đính chính; mục cập nhật vẫn hiện ở cuối bài`
          : `${where}: khóa "${name}" không được dùng (các khóa hợp lệ: date, text${list === 'corrections' ? ', top' : ''})`,
      );
      continue;
    }
    fields.set(name, { value: isNode(pair.value) ? pair.value.toJSON() : pair.value, line: at });
  }

  const date = fields.get('date');
  if (date === undefined || date.value === null || date.value === undefined) {
    return fail(`thiếu "date:", ngày giờ của ${noun}, ví dụ date: 2024-05-02 09:00`);
  }
  const parsed = parseDate(date.value);
  if (!parsed.ok) return fail(`có "date" ${parsed.reason}`, date.line);
  if (publishedAt !== undefined && parsed.epochMs < publishedAt) {
    return fail(
      `ghi ngày ${formatVietnamDate(parsed.epochMs)}, trước khi bài được đăng (${formatVietnamDate(publishedAt)}); ngày của ${noun} phải từ lúc đăng bài trở đi`,
      date.line,
    );
  }

  const text = fields.get('text');
  const raw = text?.value ?? '';
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    return fail('có "text" phải là một đoạn chữ', text?.line);
  }
  const textLine = text?.line ?? line;
  const written = cleanText(list, String(raw), textLine);
  if (written === '') {
    return fail(
      list === 'corrections'
        ? 'thiếu "text:": viết thông tin nào đã sai và thông tin đúng là gì'
        : 'thiếu "text:": viết điều gì mới được cập nhật',
      textLine,
    );
  }

  const top = fields.get('top');
  if (top !== undefined && top.value !== null && typeof top.value !== 'boolean') {
    return fail('có "top" phải là true hoặc false', top.line);
  }
  return {
    date: parsed.epochMs,
    text: written,
    top: top?.value === true,
    dateLine: date.line,
    textLine,
  };
}
