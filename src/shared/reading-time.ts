// Vietnamese is written one syllable per space-separated token ("đảng viên" is one word, two
// syllables), and reading speed is measured in syllables: about 200 a minute for news.
export const SYLLABLES_PER_MINUTE = 200;

// A whitespace-separated token with a letter in it, matched whole: the first \S* takes the token
// up to its last letter, the second the rest.
const SYLLABLE = /\S*\p{L}\S*/gu;

/** Whitespace-separated tokens with at least one letter: "Ngày 26/11, 118 đảng viên" → 3. */
export function countSyllables(text: string): number {
  SYLLABLE.lastIndex = 0;
  let count = 0;
  while (SYLLABLE.test(text)) count++;
  return count;
}

/** Minutes to read `text`, rounded, never less than 1: what "N phút đọc" shows. */
export function readingMinutes(text: string): number {
  return Math.max(1, Math.round(countSyllables(text) / SYLLABLES_PER_MINUTE));
}
