import { parseDocument } from 'yaml';
import { ContentError, type ContentProblem } from './content-error.js';
import {
  NOTE_LISTS,
  readNotes,
  type FrontMatterNote,
  type NoteList,
} from './front-matter-notes.js';
import { parseLanguageTag } from './language-tag.js';
import { parseDate } from './parse-date.js';
import { slugify } from './slug.js';

export interface FrontMatter {
  title?: string;
  date?: number;
  updated?: number;
  author?: string;
  section?: string;
  tags: string[];
  summary?: string;
  image?: string;
  image_alt?: string;
  image_caption?: string;
  slug?: string;
  draft: boolean;
  /** BCP 47, when the article is not in Vietnamese. */
  lang?: string;
  corrections: FrontMatterNote[];
  updates: FrontMatterNote[];
  /** Where `image` is written, for the warning when the picture is missing. */
  imageLine?: number;
  /** Where `section` is written, for the warning when it cannot be a URL. */
  sectionLine?: number;
}

export interface SplitSource {
  meta: FrontMatter;
  body: string;
  /** 1-based line of `body`'s first line in the file, so body problems can name their line. */
  bodyLine: number;
  warnings: ContentProblem[];
}

const TEXT_FIELDS = [
  'title',
  'author',
  'section',
  'summary',
  'image',
  'image_alt',
  'image_caption',
  'slug',
] as const;
const NOTE_FIELDS = Object.keys(NOTE_LISTS) as NoteList[];
const KNOWN_FIELDS = new Set<string>([
  ...TEXT_FIELDS,
  'date',
  'updated',
  'tags',
  'draft',
  'lang',
  ...NOTE_FIELDS,
]);

// C0 and C1 control characters other than tab and line breaks: invisible on the page, and some
// (U+0000, U+001B, U+0085) break feeds or what readers copy.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Splits an optional `---` YAML block off the top of a file and checks every field.
 * Throws ContentError for what would publish something wrong (bad YAML, a date that is not a
 * date); unknown keys only warn, so a typo in an optional field never takes an article offline.
 */
export function parseFrontMatter(text: string, file: string): SplitSource {
  const empty: SplitSource = {
    meta: { tags: [], draft: false, corrections: [], updates: [] },
    body: text,
    bodyLine: 1,
    warnings: [],
  };
  if (!/^---[ \t]*\n/.test(text)) return empty;

  const lines = text.split('\n');
  const close = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(line));
  if (close === -1) {
    throw new ContentError(
      file,
      'khối front matter mở bằng "---" nhưng không có dòng "---" đóng lại',
      {
        line: 1,
      },
    );
  }
  const yamlText = lines.slice(1, close).join('\n');
  // Line within the YAML block, plus one for the opening "---".
  const lineAt = (offset: number) => yamlText.slice(0, offset).split('\n').length + 1;
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    throw new ContentError(
      file,
      `front matter không phải YAML hợp lệ: ${firstLine(yamlError.message)}`,
      {
        line: lineAt(yamlError.pos[0]),
        cause: yamlError,
      },
    );
  }
  const data: unknown = doc.toJS();
  const body = lines.slice(close + 1).join('\n');
  const bodyLine = close + 2;
  if (data === null || data === undefined) return { ...empty, body, bodyLine };
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ContentError(file, 'front matter phải là các dòng "khóa: giá trị"', { line: 2 });
  }

  const record = data as Record<string, unknown>;
  const lineOf = (key: string): number => {
    const index = lines.slice(1, close).findIndex((l) => l.startsWith(`${key}:`));
    return index === -1 ? 2 : index + 2;
  };
  const fail = (key: string, reason: string): never => {
    throw new ContentError(file, `trường "${key}" ${reason}`, { line: lineOf(key) });
  };

  const meta: FrontMatter = { tags: [], draft: false, corrections: [], updates: [] };
  const warnings: ContentProblem[] = [];
  const warnAt = (line: number, message: string) =>
    warnings.push({ file, line, severity: 'warning', message });
  const warn = (key: string, message: string) => warnAt(lineOf(key), message);
  // "Pác Nặm\u0007" → "Pác Nặm", with a warning naming the field and the character.
  const cleanText = (key: string, raw: string, line = lineOf(key)): string => {
    const found = [...new Set(raw.match(CONTROL_CHARACTERS))];
    if (found.length === 0) return raw.normalize('NFC').trim();
    const codes = found.map(
      (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    );
    warnAt(
      line,
      `trường "${key}" có ký tự điều khiển không hiển thị được (${codes.join(', ')}); đã bỏ ký tự đó đi`,
    );
    return raw.replace(CONTROL_CHARACTERS, '').normalize('NFC').trim();
  };
  for (const [key, value] of Object.entries(record)) {
    if (!KNOWN_FIELDS.has(key)) {
      warnings.push({
        file,
        line: lineOf(key),
        severity: 'warning',
        message: `trường "${key}" không được dùng (các trường hợp lệ: ${[...KNOWN_FIELDS].join(', ')})`,
      });
      continue;
    }
    if (value === null || value === undefined) continue;
    if ((TEXT_FIELDS as readonly string[]).includes(key)) {
      // YAML reads `title: 1975` as a number; editors mean the text.
      if (typeof value !== 'string' && typeof value !== 'number') fail(key, 'phải là một dòng chữ');
      const textValue = cleanText(key, String(value));
      if (textValue !== '') meta[key as (typeof TEXT_FIELDS)[number]] = textValue;
      if (key === 'image') meta.imageLine = lineOf(key);
      if (key === 'section') meta.sectionLine = lineOf(key);
    } else if (key === 'date' || key === 'updated') {
      const parsed = parseDate(value);
      if (!parsed.ok) fail(key, parsed.reason);
      else meta[key] = parsed.epochMs;
    } else if (key === 'tags') {
      const tags =
        parseTags(value) ?? fail(key, 'phải là danh sách chữ, ví dụ [nông nghiệp, Pác Nặm]');
      for (const raw of tags) {
        const tag = cleanText(key, raw);
        if (tag === '' || meta.tags.includes(tag)) continue;
        // A tag is a page (/chu-de/<slug>): one made only of punctuation has no URL to be.
        if (slugify(tag) === '') {
          warn(
            key,
            `thẻ "${tag}" không có chữ cái hay chữ số nào để làm đường dẫn; thẻ này bị bỏ qua`,
          );
        } else {
          meta.tags.push(tag);
        }
      }
    } else if (key === 'draft') {
      if (typeof value !== 'boolean') fail(key, 'phải là true hoặc false');
      meta.draft = value === true;
    } else if (key === 'lang') {
      const parsed = parseLanguageTag(value);
      if (!parsed.ok) fail(key, parsed.reason);
      else meta.lang = parsed.tag;
    }
  }
  // After the other fields: no note may come before the article's `date:`, wherever it is written.
  for (const list of NOTE_FIELDS) {
    meta[list] = readNotes(doc.get(list, true), list, {
      file,
      keyLine: lineOf(list),
      publishedAt: meta.date,
      lineAt,
      cleanText,
      warn: warnAt,
    });
  }
  return { meta, body, bodyLine, warnings };
}

/** `[a, b]` or `"a, b"` → the tags as written, or undefined when it is not a list of text. */
function parseTags(value: unknown): string[] | undefined {
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items)) return undefined;
  const tags: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' && typeof item !== 'number') return undefined;
    tags.push(String(item));
  }
  return tags;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
