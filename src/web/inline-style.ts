import { createHash } from 'node:crypto';

/** The stylesheet as every page's <head> carries it, and what lets it through the CSP. */
export interface InlineStyle {
  /** The bytes between <style> and </style>. */
  css: string;
  /** "'sha256-…'" of exactly those bytes, for the Content-Security-Policy's style-src. */
  source: string;
}

export class StylesheetError extends Error {
  override name = 'StylesheetError';
}

/**
 * The site's stylesheet made ready to inline: minified, then hashed, so the policy allows
 * exactly what the pages carry. Worked out when the application is built, from the file as it
 * is then: an edited stylesheet cannot leave a stale hash behind.
 */
export function inlineStyle(file: string, text: string): InlineStyle {
  const css = minifyCss(text);
  // The HTML parser ends the element at the first "</style", whatever CSS would make of it.
  if (/<\/style/i.test(css)) {
    throw new StylesheetError(`${file}: "</style" would end the page's <style> element early`);
  }
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return { css, source: `'sha256-${hash}'` };
}

// One token each: a string (never touched inside: "content: ' (' attr(href) ')'" keeps its
// spaces), a comment, a run of white space, a punctuation mark of TIGHT, or anything else.
const TOKENS =
  /('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")|(\/\*[\s\S]*?\*\/)|(\s+)|[^'"/\s{};,>]+|./g;
// Punctuation that white space around never changes the meaning of. Not ":" before a word
// (".a :hover" is not ".a:hover"), not "+" or "-" (calc() needs the spaces), not "(" ("and (" in
// a media query).
const TIGHT = new Set(['{', '}', ';', ',', '>']);

/**
 * Removes comments and the white space nothing needs, which the page would otherwise carry on
 * every request. "a ,\n b {\n  color: red;\n}" → "a,b{color:red}"
 */
export function minifyCss(text: string): string {
  let out = '';
  let space = false;
  for (const [token, quoted, comment, blank] of text.matchAll(TOKENS)) {
    if (quoted === undefined && (comment !== undefined || blank !== undefined)) {
      space = out !== '';
      continue;
    }
    const last = out.at(-1)!;
    if (space && !TIGHT.has(last) && last !== ':' && !TIGHT.has(token)) out += ' ';
    space = false;
    // The last declaration of a block needs no semicolon.
    if (token === '}' && last === ';') out = out.slice(0, -1);
    out += token;
  }
  return out;
}
