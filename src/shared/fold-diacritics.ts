// Unicode decomposition strips the tone and vowel marks, but đ/Đ (and the look-alike Ð, U+00D0,
// that Word and some keyboards produce) are letters of their own with no decomposition, so they
// are mapped by hand.
const STROKED_D = /[đðĐÐ]/g;
const COMBINING_MARKS = /\p{M}+/gu;

/** "Đảng viên" → "Dảng viên": the one fold decomposition cannot do. */
export function foldStrokedD(text: string): string {
  return text.replace(STROKED_D, (d) => (d === 'đ' || d === 'ð' ? 'd' : 'D'));
}

/** "Đảng viên Pác Nặm" → "Dang vien Pac Nam": the same text without any diacritic. */
export function foldDiacritics(text: string): string {
  return foldStrokedD(text.normalize('NFD').replace(COMBINING_MARKS, '')).normalize('NFC');
}
