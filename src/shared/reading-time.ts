// Vietnamese is written one syllable per space-separated token ("đảng viên" is one word, two
// syllables), and reading speed is measured in syllables: about 200 a minute for news.
export const SYLLABLES_PER_MINUTE = 200;

const LETTER = /\p{L}/u;

/** Whitespace-separated tokens with at least one letter: "Ngày 26/11, 118 đảng viên" → 3. */
export function countSyllables(text: string): number {
  return text.split(/\s+/).filter((token) => LETTER.test(token)).length;
}

/** Minutes to read `text`, rounded, never less than 1: what "N phút đọc" shows. */
export function readingMinutes(text: string): number {
  return Math.max(1, Math.round(countSyllables(text) / SYLLABLES_PER_MINUTE));
}
