import MarkdownIt, { type Token } from 'markdown-it';
import { pictureHtml, type ImageInfo } from '../../shared/responsive-image.js';
import { readByline } from './text-rules.js';

export interface MarkdownArticle {
  title?: string;
  /** The first paragraph as text: for descriptions, previews and feeds. */
  lead?: string;
  /** The same paragraph as HTML, links and emphasis kept: what the page shows. */
  leadHtml?: string;
  /** The first picture in the body, for link previews when the article names none. */
  firstImage?: ImageInfo;
  html: string;
  /** Plain text of the body, for search and reading time. */
  text: string;
  byline?: string;
  author?: string;
}

export interface MarkdownOptions {
  hasTitle: boolean;
  /**
   * The image an `![alt](src)` shows, or undefined (then it is left out). `line` is 0-based
   * within the body.
   */
  resolveImage: (src: string, line: number | undefined) => ImageInfo | undefined;
  /** Something in the body the reader will not see as the editor meant; `line` as above. */
  warn: (message: string, line: number | undefined) => void;
}

// One configured instance for the whole site. Raw HTML is off so nothing an editor pastes can
// inject markup or script; typographer is off so quotes stay exactly as the editor typed them.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

// markdown-it's own validateLink refuses javascript:, vbscript:, file: and data: links but lets
// data:image/* through, and refuses silently: the editor's "[text](url)" is shown as typed and
// nobody is told. Links are checked after parsing instead (refuseUnsafeLinks), where the line
// is known: these schemes, data: included, never become a link or an image.
const REFUSED_URL = /^(javascript|vbscript|file|data):/i;
md.validateLink = () => true;

/**
 * A Markdown article body → title, lead, HTML and byline, rendered once at import.
 * A leading "# Heading" is the title when front matter gives none; headings inside the body
 * start at <h2>, so the page keeps a single <h1>.
 */
export function renderMarkdown(body: string, options: MarkdownOptions): MarkdownArticle {
  const env = {};
  const tokens = md.parse(body, env);
  const result: MarkdownArticle = { html: '', text: '' };

  if (!options.hasTitle && tokens[0]?.type === 'heading_open' && tokens[0].tag === 'h1') {
    result.title = plainText(tokens[1]!);
    tokens.splice(0, 3);
  }
  if (!options.hasTitle && result.title === undefined) {
    // No front-matter title and no "# Heading": the first paragraph's first line, as in .txt.
    const first = tokens.findIndex((t) => t.type === 'inline');
    if (first !== -1 && tokens[first - 1]?.type === 'paragraph_open') {
      const [titleLine, ...rest] = tokens[first]!.content.split('\n');
      result.title = titleLine!.trim();
      if (rest.length === 0) tokens.splice(first - 1, 3);
      else {
        // Parsed on its own, the rest counts lines from 0; it starts a line below the title.
        const offset = (tokens[first - 1]!.map?.[0] ?? 0) + 1;
        const restTokens = md.parse(rest.join('\n'), env);
        for (const t of restTokens) if (t.map) t.map = [t.map[0] + offset, t.map[1] + offset];
        tokens.splice(first - 1, 3, ...restTokens);
      }
    }
  }

  const paragraphs = topLevelParagraphs(tokens);
  const last = paragraphs.at(-1);
  if (last !== undefined && paragraphs.length > 1) {
    const text = plainText(tokens[last + 1]!);
    const author = readByline(text);
    if (author !== undefined) {
      result.byline = text;
      result.author = author;
      tokens.splice(last, 3);
    }
  }

  // The body's highest heading becomes <h2> under the page's <h1>, whether the editor started
  // at "#" or, below a "# Title", at "##": a skipped level confuses screen-reader navigation.
  const levels = tokens.filter((t) => t.type === 'heading_open').map((t) => Number(t.tag.slice(1)));
  const topLevel = Math.min(...levels, 6);
  for (const token of tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      token.tag = `h${Math.min(Number(token.tag.slice(1)) - topLevel + 2, 6)}`;
    }
    if (!token.children) continue;
    token.children.forEach((child, index) => {
      if (child.type !== 'image') return;
      // markdown-it percent-encodes URLs while parsing; the file system wants them as written.
      const src = safeDecode(String(child.attrGet('src') ?? ''));
      child.meta = { image: options.resolveImage(src, lineOf(token, index)) };
    });
  }
  refuseUnsafeLinks(tokens, options.warn);
  // The lead is taken out after links and pictures are checked, so it keeps its links and
  // emphasis through the same rules as the body.
  const first = topLevelParagraphs(tokens)[0];
  if (first !== undefined && !isImageOnly(tokens[first + 1]!)) {
    result.lead = plainText(tokens[first + 1]!);
    result.leadHtml = md.renderer.renderInline(tokens[first + 1]!.children ?? [], md.options, env);
    tokens.splice(first, 3);
  }
  result.firstImage = tokens
    .flatMap((t) => t.children ?? [])
    .map((c) => (c.type === 'image' ? (c.meta as { image?: ImageInfo } | null)?.image : undefined))
    .find((image) => image !== undefined);
  markFigures(tokens);
  warnOfHiddenImageTitles(tokens, options.warn);
  alignCellsByClass(tokens);
  sizeTableColumns(tokens);

  result.html = md.renderer.render(tokens, md.options, env);
  result.text = tokens
    .filter((t) => t.type === 'inline')
    .map(plainText)
    .join('\n\n');
  return result;
}

/**
 * A line of Markdown inline (a correction's text) → HTML and plain text, its links checked as
 * the body's are. A picture has no room in a one-line note: it is left out, and the editor told.
 */
export function renderInlineMarkdown(
  text: string,
  warn: (message: string) => void,
): { html: string; text: string } {
  const env = {};
  const tokens = md.parseInline(text, env);
  for (const child of tokens[0]?.children ?? []) {
    if (child.type !== 'image') continue;
    const src = shorten(safeDecode(String(child.attrGet('src') ?? '')));
    warn(`ảnh "${src}" không hiện được trong đính chính hay cập nhật; ảnh bị bỏ qua`);
  }
  refuseUnsafeLinks(tokens, (message) => warn(message));
  return {
    html: md.renderer.render(tokens, md.options, env),
    text: tokens[0] === undefined ? '' : plainText(tokens[0]),
  };
}

/** The 0-based line of an inline token's `index`th child: its block's line plus line breaks. */
function lineOf(inline: Token, index: number): number | undefined {
  if (!inline.map) return undefined;
  const breaks = (inline.children ?? [])
    .slice(0, index)
    .filter((c) => c.type === 'softbreak' || c.type === 'hardbreak').length;
  return inline.map[0] + breaks;
}

/** "data:image/png;base64,iVBORw0…" → its first 60 characters, for a message an editor reads. */
function shorten(url: string): string {
  return url.length > 60 ? `${url.slice(0, 60)}…` : url;
}

/**
 * A link to a javascript:, vbscript:, file: or data: URL loses its link and keeps its text, and
 * the editor is told where. An image with such a source is never shown: resolveImage only finds
 * files inside content/, and says so.
 */
function refuseUnsafeLinks(tokens: Token[], warn: MarkdownOptions['warn']): void {
  for (const inline of tokens) {
    const children = inline.children ?? [];
    children.forEach((child, index) => {
      if (child.type !== 'link_open') return;
      const href = String(child.attrGet('href') ?? '');
      if (!REFUSED_URL.test(href.trim())) return;
      const close = children.findIndex((c, i) => i > index && c.type === 'link_close');
      for (const token of [child, children[close]]) {
        if (token === undefined) continue;
        token.type = 'text';
        token.tag = '';
        token.attrs = null;
        token.content = '';
      }
      warn(
        `liên kết tới "${shorten(safeDecode(href))}" bị từ chối vì không an toàn (javascript:, vbscript:, file:, data:); chữ của liên kết vẫn hiện nhưng không bấm được`,
        lineOf(inline, index),
      );
    });
  }
}

/**
 * An image inside a sentence is shown in the text, where there is no room for a caption: its
 * title (`![alt](anh.jpg "title")`) would vanish, so the editor is told. An image alone in its
 * paragraph has already become a figure, its title the caption.
 */
function warnOfHiddenImageTitles(tokens: Token[], warn: MarkdownOptions['warn']): void {
  for (const inline of tokens) {
    (inline.children ?? []).forEach((child, index) => {
      const title = child.type === 'image' ? child.attrGet('title') : null;
      // A picture that is not shown at all has had its own warning.
      if (!title || child.meta?.image === undefined) return;
      warn(
        `chú thích "${title}" của ảnh "${shorten(safeDecode(String(child.attrGet('src') ?? '')))}" không được hiển thị vì ảnh nằm giữa đoạn văn; hãy để ảnh thành một đoạn riêng`,
        lineOf(inline, index),
      );
    });
  }
}

function topLevelParagraphs(tokens: Token[]): number[] {
  const indexes: number[] = [];
  tokens.forEach((t, i) => {
    if (t.type === 'paragraph_open' && t.level === 0) indexes.push(i);
  });
  return indexes;
}

md.renderer.rules.image = (tokens, idx, options, env, renderer) => {
  const token = tokens[idx]!;
  const image = token.meta?.image as ImageInfo | undefined;
  if (image === undefined) return '';
  return pictureHtml(image, renderer.renderInlineAsText(token.children ?? [], options, env));
};

function isImageOnly(inline: Token): boolean {
  const children = (inline.children ?? []).filter(
    (c) => !(c.type === 'text' && c.content.trim() === ''),
  );
  return children.length === 1 && children[0]!.type === 'image';
}

/**
 * A paragraph holding only an image becomes <figure> with the image's title as <figcaption>:
 * `![Ruộng bậc thang](ruong.jpg "Ruộng bậc thang ở Bộc Bố")`.
 */
function markFigures(tokens: Token[]): void {
  for (let i = 0; i + 2 < tokens.length; i++) {
    const inline = tokens[i + 1]!;
    if (tokens[i]!.type !== 'paragraph_open' || !isImageOnly(inline)) continue;
    const image = inline.children!.find((c) => c.type === 'image')!;
    const caption = image.attrGet('title');
    image.attrs = (image.attrs ?? []).filter(([name]) => name !== 'title');
    tokens[i]!.tag = 'figure';
    tokens[i + 2]!.tag = 'figure';
    tokens[i + 2]!.meta = { caption };
  }
}

/**
 * markdown-it aligns table columns (`| ---: |`) with `style="text-align:right"`, which the
 * Content-Security-Policy (style-src 'self') blocks; a class does the same from site.css.
 */
function alignCellsByClass(tokens: Token[]): void {
  for (const token of tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const align = /^text-align:(left|center|right)$/.exec(String(token.attrGet('style') ?? ''));
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    if (align) token.attrSet('class', `align-${align[1]}`);
  }
}

// A table's widths, in twentieths of the table (site.css's col.w-1 to col.w-20).
export const COLUMN_UNITS = 20;

/**
 * Each table's column widths, worked out here from the whole table and written before its
 * first row: the page lays tables out from them alone (table-layout: fixed in site.css), so a
 * table drawn before its last rows have arrived, on a slow network, keeps its columns when they
 * come. A column's share follows its longest cell, as the browser's own layout would share the
 * width out, and is at least a twentieth. A table of more columns than that is left to the
 * browser.
 */
function sizeTableColumns(tokens: Token[]): void {
  let table: { open: Token; longest: number[] } | undefined;
  let column = 0;
  for (const [index, token] of tokens.entries()) {
    if (token.type === 'table_open') table = { open: token, longest: [] };
    else if (token.type === 'tr_open') column = 0;
    else if (table && (token.type === 'th_open' || token.type === 'td_open')) {
      const inline = tokens[index + 1];
      const length = inline?.type === 'inline' ? plainText(inline).length : 0;
      table.longest[column] = Math.max(table.longest[column] ?? 0, length, 1);
      column++;
    } else if (table && token.type === 'table_close') {
      if (table.longest.length <= COLUMN_UNITS)
        table.open.meta = { columns: shareOut(table.longest) };
      table = undefined;
    }
  }
}

/** `weights` as whole units summing to COLUMN_UNITS, each at least one: largest remainder. */
function shareOut(weights: number[]): number[] {
  const spare = COLUMN_UNITS - weights.length;
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const exact = weights.map((weight) => (weight / total) * spare);
  const units = exact.map((share) => 1 + Math.floor(share));
  const order = exact
    .map((share, column) => ({ column, left: share - Math.floor(share) }))
    .sort((a, b) => b.left - a.left);
  let short = COLUMN_UNITS - units.reduce((sum, unit) => sum + unit, 0);
  for (const { column } of order) {
    if (short-- <= 0) break;
    units[column]!++;
  }
  return units;
}

md.renderer.rules.table_open = (tokens, idx, options, _env, renderer) => {
  const columns = (tokens[idx]!.meta as { columns?: number[] } | null)?.columns ?? [];
  const cols = columns.map((units) => `<col class="w-${units}">`).join('');
  return (
    renderer.renderToken(tokens, idx, options) + (cols ? `<colgroup>${cols}</colgroup>\n` : '')
  );
};

md.renderer.rules.paragraph_close = (tokens, idx, options, _env, renderer) => {
  const caption: unknown = tokens[idx]!.meta?.caption;
  const figcaption =
    typeof caption === 'string' && caption !== ''
      ? `<figcaption>${md.utils.escapeHtml(caption)}</figcaption>`
      : '';
  return figcaption + renderer.renderToken(tokens, idx, options);
};

function plainText(inline: Token): string {
  if (!inline.children) return inline.content.trim();
  return inline.children
    .map((c) => {
      if (c.type === 'text' || c.type === 'code_inline') return c.content;
      if (c.type === 'softbreak' || c.type === 'hardbreak') return ' ';
      if (c.type === 'image') return '';
      return '';
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function safeDecode(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}
