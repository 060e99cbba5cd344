import { parseDocument } from 'yaml';
import { ContentError, type ContentProblem } from './content-error.js';
import { parseDate } from './parse-date.js';

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
  /** Where `image` is written, for the warning when the picture is missing. */
  imageLine?: number;
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
const KNOWN_FIELDS = new Set<string>([...TEXT_FIELDS, 'date', 'updated', 'tags', 'draft']);

/**
 * Splits an optional `---` YAML block off the top of a file and checks every field.
 * Throws ContentError for what would publish something wrong (bad YAML, a date that is not a
 * date); unknown keys only warn, so a typo in an optional field never takes an article offline.
 */
export function parseFrontMatter(text: string, file: string): SplitSource {
  const empty: SplitSource = { meta: { tags: [], draft: false }, body: text, bodyLine: 1, warnings: [] };
  if (!/^---[ \t]*\n/.test(text)) return empty;

  const lines = text.split('\n');
  const close = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(line));
  if (close === -1) {
    throw new ContentError(file, 'khối front matter mở bằng "---" nhưng không có dòng "---" đóng lại', {
      line: 1,
    });
  }
  const yamlText = lines.slice(1, close).join('\n');
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    // Line within the YAML block, plus one for the opening "---".
    const line = yamlText.slice(0, yamlError.pos[0]).split('\n').length + 1;
    throw new ContentError(file, `front matter không phải YAML hợp lệ: ${firstLine(yamlError.message)}`, {
      line,
      cause: yamlError,
    });
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

  const meta: FrontMatter = { tags: [], draft: false };
  const warnings: ContentProblem[] = [];
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
      const textValue = String(value).normalize('NFC').trim();
      if (textValue !== '') meta[key as (typeof TEXT_FIELDS)[number]] = textValue;
      if (key === 'image') meta.imageLine = lineOf(key);
    } else if (key === 'date' || key === 'updated') {
      const parsed = parseDate(value);
      if (!parsed.ok) fail(key, parsed.reason);
      else meta[key] = parsed.epochMs;
    } else if (key === 'tags') {
      meta.tags = parseTags(value) ?? fail(key, 'phải là danh sách chữ, ví dụ [nông nghiệp, Pác Nặm]');
    } else if (key === 'draft') {
      if (typeof value !== 'boolean') fail(key, 'phải là true hoặc false');
      meta.draft = value === true;
    }
  }
  return { meta, body, bodyLine, warnings };
}

function parseTags(value: unknown): string[] | undefined {
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items)) return undefined;
  const tags: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' && typeof item !== 'number') return undefined;
    const tag = String(item).normalize('NFC').trim();
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
