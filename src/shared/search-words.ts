import { foldDiacritics } from './fold-diacritics.js';

// Letters, digits and combining marks (so NFD input stays whole until it is normalised); every
// other character, including FTS5 syntax such as " * ( ) : ^ + -, only separates words.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * At most this many words reach the index: a search box pasted full of a whole paragraph still
 * finds the article, and a 2,000-character query cannot turn into a 300-term index lookup.
 */
export const MAX_SEARCH_WORDS = 12;

/** "Đảng viên" → "dang vien": how highlighting compares a reader's words with the text. */
export function foldForSearch(text: string): string {
  return foldDiacritics(text.normalize('NFC')).toLowerCase();
}

const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * What the reader typed → its words, lower-cased, NFC, in order:
 * `"Pác Nặm" OR (xã*` → ["pác", "nặm", "or", "xã"]. Operators become plain words; a stray
 * combining mark with no letter under it is dropped.
 */
export function splitSearchWords(query: string): string[] {
  const words = query.normalize('NFC').toLowerCase().match(WORD) ?? [];
  return words.filter((w) => HAS_LETTER_OR_DIGIT.test(w)).slice(0, MAX_SEARCH_WORDS);
}
