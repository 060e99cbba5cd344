import { foldDiacritics } from '../../shared/fold-diacritics.js';

// Scraped pages end with the site's buttons and links as text. Compared folded, so "Xem thêm",
// "XEM THEM" and "Xem thêm »" all match; a line made only of these phrases is dropped.
const INTERFACE_PHRASES = [
  'xem them',
  'xem tiep',
  'doc them',
  'chia se',
  'binh luan',
  'in bai viet',
  'in bai',
  'in',
  'gui bai viet',
  'gui email',
  'luu bai viet',
  'luu',
  'tin lien quan',
  'bai viet lien quan',
  'tin cung chuyen muc',
  'theo doi',
  'quay lai',
  'tro ve',
  'len dau trang',
  'tu khoa',
  'tag',
  'tags',
  'like',
  'share',
  'tweet',
  'facebook',
  'zalo',
  'twitter',
  'email',
  'sao chep lien ket',
  'copy link',
  'bao loi',
  'danh gia bai viet',
].map((phrase) => phrase.split(' '));

/** Lower-case, diacritic-free words of a line, punctuation dropped: for comparisons only. */
export function comparableWords(text: string): string[] {
  return foldDiacritics(text)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** "Xem thêm", "Chia sẻ | Bình luận", "In bài viết »" → true. */
export function isInterfaceLine(text: string): boolean {
  const words = comparableWords(text);
  if (words.length === 0) return /^[\s»«›‹>|•·/-]*$/.test(text) && text.trim() !== '';
  let i = 0;
  // Greedy longest match: the phrases are short and few, so this stays cheap.
  outer: while (i < words.length) {
    let best = 0;
    for (const phrase of INTERFACE_PHRASES) {
      if (phrase.length > best && phrase.every((w, k) => words[i + k] === w)) best = phrase.length;
    }
    if (best === 0) break outer;
    i += best;
  }
  return i === words.length;
}

/**
 * Two lines that say the same thing: a photo caption scraped twice (once from the image's alt
 * text, once from the visible caption) differs in case, a word or a full stop. Word-level
 * longest-common-subsequence over the folded words; 0.8 keeps real paragraphs that merely
 * share a phrase apart.
 */
export function isNearDuplicate(a: string, b: string): boolean {
  // The score needs the shorter line to hold at least 2/3 of the longer one's words; lengths far
  // apart settle it without folding either line, which is most pairs of paragraphs.
  if (Math.min(a.length, b.length) < 0.5 * Math.max(a.length, b.length)) return false;
  const wa = comparableWords(a);
  const wb = comparableWords(b);
  if (wa.length < 2 || wb.length < 2) return false;
  return (2 * lcsLength(wa, wb)) / (wa.length + wb.length) >= 0.8;
}

function lcsLength(a: string[], b: string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const wordA of a) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 0; j < b.length; j++) {
      current[j + 1] = wordA === b[j] ? previous[j]! + 1 : Math.max(previous[j + 1]!, current[j]!);
    }
    previous = current;
  }
  return previous[b.length]!;
}

const MAX_BYLINE_LENGTH = 60;

/**
 * A closing line that reads as a byline → the author's name, else undefined.
 * "Nguyễn Nghĩa" → "Nguyễn Nghĩa"; "Theo TTXVN" → "TTXVN"; "Hoàng Anh (tổng hợp)" → "Hoàng Anh";
 * "Hà An - Minh Châu" → "Hà An, Minh Châu". A sentence ("Người dân rất vui.") is not a byline.
 */
export function readByline(text: string): string | undefined {
  if (text.length > MAX_BYLINE_LENGTH || /[.!?:;…,"“”]$/.test(text)) return undefined;
  let core = text.replace(/\s*\([^()]*\)$/, '').trim();
  const quoted = /^theo\s+/i.test(core);
  if (quoted) core = core.replace(/^theo\s+/i, '');
  const names = core.split(/\s+[-–—]\s+|\s*,\s*|\s+và\s+/u).filter((n) => n !== '');
  if (names.length === 0) return undefined;
  for (const name of names) {
    const words = name.split(/\s+/);
    if (words.length > 5) return undefined;
    if (!quoted && names.length === 1 && words.length < 2) return undefined;
    if (!words.every((w) => /^\p{Lu}[\p{L}.'’-]*$/u.test(w))) return undefined;
  }
  return names.join(', ');
}
