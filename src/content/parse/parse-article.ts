import path from 'node:path';
import type { ArticleNote } from '../../db/article-notes.js';
import { escapeHtml } from '../../shared/escape-html.js';
import { readingMinutes } from '../../shared/reading-time.js';
import type { ImageInfo } from '../../shared/responsive-image.js';
import { buildNotes } from './article-notes.js';
import { ContentError, type ContentProblem } from './content-error.js';
import { decodeSource } from './decode-source.js';
import { parseFrontMatter } from './front-matter.js';
import { renderInlineMarkdown, renderMarkdown } from './markdown.js';
import { parsePlainText } from './plain-text.js';
import { slugify } from './slug.js';

export const MAX_TITLE_LENGTH = 300;

/** Everything the site shows of one article, computed once when its file is imported. */
export interface ParsedArticle {
  title: string;
  slug: string;
  /** The lead (sapo), plain text: the summary in descriptions, previews and feeds. */
  sapo: string;
  /** The lead as the page shows it: a Markdown lead keeps its links and emphasis. */
  sapoHtml: string;
  bodyHtml: string;
  /** The first picture in the body: what link previews show when `image` is not set. */
  firstImage?: ImageInfo;
  /** Title, lead and body as plain text, for search. */
  bodyText: string;
  /** "N phút đọc", counted from that text. */
  readingMinutes: number;
  byline?: string;
  author?: string;
  /** From front matter, else the subfolder the file sits in. */
  section?: string;
  tags: string[];
  /** From front matter only; the importer falls back to the file's first-seen time. */
  date?: number;
  updated?: number;
  /** Corrections, then updates, each newest first, their text rendered. */
  notes: ArticleNote[];
  draft: boolean;
  /** BCP 47, when the article is not in Vietnamese. */
  lang?: string;
  image?: ImageInfo;
  imageAlt?: string;
  imageCaption?: string;
  /** Every image in content/ the article refers to, found or not: a change to one re-renders it. */
  mediaPaths: string[];
  warnings: ContentProblem[];
}

export interface ParseOptions {
  /** The measured image at a path inside content/, or undefined if there is none. */
  findImage?: (contentPath: string) => ImageInfo | undefined;
}

export interface SourceFile {
  /** Path relative to the content folder, forward slashes, NFC. */
  file: string;
  bytes: Uint8Array;
}

/**
 * One editor's file → the article it publishes. Pure: no disk, no clock, no database, so every
 * rule is testable with a string. Throws ContentError naming the file for anything that must
 * not be published.
 */
export function parseArticle(
  { file, bytes }: SourceFile,
  options: ParseOptions = {},
): ParsedArticle {
  const text = decodeSource(bytes, file);
  if (text.trim() === '') throw new ContentError(file, 'tệp trống, không có nội dung để đăng');

  const { meta, body, bodyLine, warnings } = parseFrontMatter(text, file);
  const mediaPaths: string[] = [];
  const findImage = (src: string, line: number | undefined): ImageInfo | undefined => {
    const contentPath = resolveContentPath(file, src);
    if (contentPath === undefined) {
      warnings.push({
        file,
        line,
        severity: 'warning',
        message: `ảnh "${src}" phải là tệp trong thư mục content/; ảnh từ nơi khác không được hiển thị`,
      });
      return undefined;
    }
    if (!mediaPaths.includes(contentPath)) mediaPaths.push(contentPath);
    const info = options.findImage?.(contentPath);
    if (info === undefined) {
      warnings.push({
        file,
        line,
        severity: 'warning',
        message: `không tìm thấy ảnh "${src}" (${contentPath}) trong content/`,
      });
    }
    return info;
  };
  const hasTitle = meta.title !== undefined;
  const kind = path.extname(file).toLowerCase();

  let title = meta.title;
  let lead: string | undefined;
  let leadHtml: string | undefined;
  let firstImage: ImageInfo | undefined;
  let bodyHtml: string;
  let bodyText: string;
  let byline: string | undefined;
  let author: string | undefined;

  if (kind === '.md') {
    const rendered = renderMarkdown(body, {
      hasTitle,
      resolveImage: (src, line) => findImage(src, line === undefined ? undefined : bodyLine + line),
      warn: (message, line) =>
        warnings.push({
          file,
          line: line === undefined ? undefined : bodyLine + line,
          severity: 'warning',
          message,
        }),
    });
    title ??= rendered.title;
    lead = rendered.lead;
    leadHtml = rendered.leadHtml;
    firstImage = rendered.firstImage;
    bodyHtml = rendered.html;
    bodyText = rendered.text;
    byline = rendered.byline;
    author = rendered.author;
  } else {
    const parsed = parsePlainText(body, { hasTitle });
    title ??= parsed.title;
    lead = parsed.lead;
    leadHtml = lead === undefined ? undefined : escapeHtml(lead);
    bodyHtml = parsed.blocks
      .map((b) =>
        b.kind === 'caption'
          ? `<p class="caption">${escapeHtml(b.text)}</p>`
          : `<p>${escapeHtml(b.text)}</p>`,
      )
      .join('\n');
    bodyText = parsed.blocks.map((b) => b.text).join('\n\n');
    byline = parsed.byline;
    author = parsed.author;
  }

  if (title === undefined || title === '') {
    throw new ContentError(file, 'không có tiêu đề: dòng đầu tiên của tệp là tiêu đề bài', {
      line: bodyLine,
    });
  }
  if (title.length > MAX_TITLE_LENGTH) {
    throw new ContentError(
      file,
      `tiêu đề dài ${title.length} ký tự, quá giới hạn ${MAX_TITLE_LENGTH}; có thể dòng đầu là cả một đoạn văn`,
      { line: hasTitle ? 2 : bodyLine },
    );
  }

  // A summary in front matter replaces the lead; the first paragraph then stays in the body.
  let sapo = lead ?? '';
  let sapoHtml = leadHtml ?? '';
  if (meta.summary !== undefined) {
    if (lead !== undefined) {
      bodyHtml = `<p>${leadHtml}</p>\n${bodyHtml}`;
      bodyText = `${lead}\n\n${bodyText}`;
    }
    sapo = meta.summary;
    sapoHtml = escapeHtml(meta.summary);
  }

  // A section is a page (/chuyen-muc/<slug>): a name made only of punctuation has no URL to be.
  const folder = path.posix.dirname(file);
  let section = meta.section ?? (folder === '.' ? undefined : folder);
  if (section !== undefined && slugify(section) === '') {
    warnings.push({
      file,
      line: meta.section === undefined ? undefined : meta.sectionLine,
      severity: 'warning',
      message:
        meta.section === undefined
          ? `thư mục "${section}" không có chữ cái hay chữ số nào để làm đường dẫn chuyên mục; bài được đăng không thuộc chuyên mục nào`
          : `chuyên mục "${section}" không có chữ cái hay chữ số nào để làm đường dẫn; bài được đăng không thuộc chuyên mục nào`,
    });
    section = undefined;
  }

  if (meta.author !== undefined) author = meta.author;
  const slug = (meta.slug !== undefined ? slugify(meta.slug) : '') || slugify(title) || 'bai-viet';
  const plainText = [title, sapo, bodyText].filter((t) => t !== '').join('\n\n');

  const image = meta.image === undefined ? undefined : findImage(meta.image, meta.imageLine);
  const notes = buildNotes(
    [
      { kind: 'correction', notes: meta.corrections },
      { kind: 'update', notes: meta.updates },
    ],
    (note) =>
      renderInlineMarkdown(note.text, (message) =>
        warnings.push({ file, line: note.textLine, severity: 'warning', message }),
      ),
  );
  // In the order of the file, as `npm run check` lists them (a problem without a line first).
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  return {
    title,
    slug,
    sapo,
    sapoHtml,
    firstImage,
    bodyHtml,
    bodyText: plainText,
    readingMinutes: readingMinutes(plainText),
    byline: byline ?? (meta.author !== undefined ? meta.author : undefined),
    author,
    section,
    tags: meta.tags,
    date: meta.date,
    updated: meta.updated,
    notes,
    draft: meta.draft,
    lang: meta.lang,
    image,
    imageAlt: meta.image_alt,
    imageCaption: meta.image_caption,
    mediaPaths,
    warnings,
  };
}

/**
 * An image path as written in an article → its path inside content/:
 * "anh/ruong.jpg" in "Thời sự/bai.md" → "Thời sự/anh/ruong.jpg"; "/chung/logo.png" → "chung/logo.png".
 * Undefined for other sites' URLs and for paths that climb out of content/.
 */
export function resolveContentPath(file: string, src: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) return undefined;
  const base = src.startsWith('/') ? '' : path.posix.dirname(file);
  const resolved = path.posix.normalize(path.posix.join(base, src.replace(/^\/+/, '')));
  if (resolved === '.' || resolved.startsWith('..') || path.posix.isAbsolute(resolved))
    return undefined;
  return resolved.normalize('NFC');
}
