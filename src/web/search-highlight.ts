import { foldForSearch, splitSearchWords } from '../shared/search-words.js';
import { escapeHtml } from '../shared/escape-html.js';

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** How many words of the body a result shows around the first match. */
export const SNIPPET_WORDS = 40;
const WORDS_BEFORE_MATCH = 12;

/** The query's words, folded: what a word of the text must fold to to be marked. */
export function listMarkWords(query: string): Set<string> {
  return new Set(splitSearchWords(query).map(foldForSearch));
}

/**
 * Text → HTML with every word that folds like a query word in `<mark>`, everything else escaped:
 * with the query "pac nam", "Huyện ủy Pác Nặm" → "Huyện ủy <mark>Pác</mark> <mark>Nặm</mark>".
 */
export function highlightText(text: string, marks: ReadonlySet<string>): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    html += escapeHtml(text.slice(last, match.index));
    const word = match[0];
    html += marks.has(foldForSearch(word)) ? `<mark>${escapeHtml(word)}</mark>` : escapeHtml(word);
    last = match.index + word.length;
  }
  return html + escapeHtml(text.slice(last));
}

/**
 * A few dozen words of `text` around the first matching word, highlighted, with "…" where the
 * text goes on. The words the index matched may only be in the title: then the opening words.
 */
export function highlightSnippet(text: string, marks: ReadonlySet<string>): string {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const first = words.findIndex((w) =>
    (w.match(WORD) ?? []).some((part) => marks.has(foldForSearch(part))),
  );
  const start = Math.max(0, Math.min(first - WORDS_BEFORE_MATCH, words.length - SNIPPET_WORDS));
  const end = Math.min(words.length, start + SNIPPET_WORDS);
  const html = highlightText(words.slice(start, end).join(' '), marks);
  return `${start > 0 ? '… ' : ''}${html}${end < words.length ? ' …' : ''}`;
}
