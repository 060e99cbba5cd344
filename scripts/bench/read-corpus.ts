import fs from 'node:fs/promises';
import path from 'node:path';

/** An article's words before it gets front matter: a title and its paragraphs. */
export interface SourceText {
  title: string;
  paragraphs: string[];
}

/**
 * Reads a plain-text article the way the corpus and the district report are written: the first
 * line is the title, then paragraphs separated by blank lines.
 */
export function parseSourceText(text: string): SourceText | undefined {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const title = lines.shift()?.trim();
  if (!title) return undefined;
  const paragraphs = lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
  return paragraphs.length === 0 ? undefined : { title, paragraphs };
}

/** Every `.txt` file of a corpus folder, in name order; files without a title are skipped. */
export async function readCorpus(dir: string): Promise<{ file: string; text: SourceText }[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  const items: { file: string; text: SourceText }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const text = parseSourceText(await fs.readFile(file, 'utf8'));
    if (text) items.push({ file, text });
  }
  return items;
}
