import { isInterfaceLine, isNearDuplicate, readByline } from './text-rules.js';

export interface TextBlock {
  kind: 'paragraph' | 'caption';
  text: string;
}

export interface PlainTextArticle {
  title?: string;
  lead?: string;
  blocks: TextBlock[];
  /** The closing line as written ("Theo TTXVN"), shown at the end of the article. */
  byline?: string;
  /** The name in it ("TTXVN"), used as the article's author. */
  author?: string;
}

interface Line {
  text: string;
  startsBlock: boolean;
}

const MAX_CAPTION_LENGTH = 300;

/**
 * The body of a .txt article, as scraped or typed, → title, lead, paragraphs and byline.
 * Hard-wrapped lines join into one paragraph; a caption that appears twice in a row appears
 * once, as a caption; trailing interface words ("Xem thêm") are dropped.
 */
export function parsePlainText(body: string, options: { hasTitle: boolean }): PlainTextArticle {
  const lines = readLines(body);
  const result: PlainTextArticle = { blocks: [] };

  if (!options.hasTitle && lines.length > 0) {
    result.title = lines.shift()!.text;
    if (lines[0]) lines[0].startsBlock = true;
  }

  const blocks: TextBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    if (
      next &&
      line.text.length <= MAX_CAPTION_LENGTH &&
      next.text.length <= MAX_CAPTION_LENGTH &&
      isNearDuplicate(line.text, next.text)
    ) {
      // The second copy is the visible caption; the first is usually the image's alt text.
      blocks.push({ kind: 'caption', text: next.text });
      i++;
      if (lines[i + 1]) lines[i + 1]!.startsBlock = true;
      continue;
    }
    const previous = blocks.at(-1);
    if (!line.startsBlock && previous?.kind === 'paragraph') previous.text += ` ${line.text}`;
    else blocks.push({ kind: 'paragraph', text: line.text });
  }

  while (blocks.length > 0 && isInterfaceLine(blocks.at(-1)!.text)) blocks.pop();

  const last = blocks.at(-1);
  const author =
    last?.kind === 'paragraph' && blocks.length > 1 ? readByline(last.text) : undefined;
  if (last && author !== undefined) {
    result.byline = last.text;
    result.author = author;
    blocks.pop();
  }

  const leadIndex = blocks.findIndex((b) => b.kind === 'paragraph');
  if (leadIndex !== -1) result.lead = blocks.splice(leadIndex, 1)[0]!.text;
  result.blocks = blocks;
  return result;
}

// Scraped text carries no-break and zero-width spaces between words; they render as odd gaps
// and break search, so every run of whitespace becomes one plain space.
function cleanLine(line: string): string {
  return line
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .trim();
}

function readLines(body: string): Line[] {
  const lines: Line[] = [];
  let startsBlock = true;
  for (const raw of body.split('\n')) {
    const text = cleanLine(raw);
    if (text === '') {
      startsBlock = true;
      continue;
    }
    lines.push({ text, startsBlock });
    startsBlock = false;
  }
  return lines;
}
