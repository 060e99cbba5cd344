import { foldDiacritics } from '../../shared/fold-diacritics.js';

/**
 * The district's languages, with the names editors are likely to write instead of their codes.
 * "tay" and "dao" are well-formed tags, but of other languages (Atayal, Daai Chin): a screen
 * reader told "tay" reads a Tày article as Atayal, so those are refused with the right code.
 */
const DISTRICT_LANGUAGES = [
  { name: 'Tày', codes: ['tyz'], written: ['tay'] },
  { name: 'Nùng', codes: ['nut'], written: ['nung'] },
  { name: 'Mông', codes: ['hnj', 'blu', 'hmn'], written: ['mong', 'hmong', "h'mong", 'h mong'] },
  { name: 'Dao', codes: ['ium'], written: ['dao'] },
];

const EXAMPLES = 'tyz (Tày), nut (Nùng), hnj, blu hoặc hmn (Mông), ium (Dao)';

/** A tag, or undefined for Vietnamese: every page is already marked `lang="vi"`. */
export type LanguageTag = { ok: true; tag: string | undefined } | { ok: false; reason: string };

/**
 * An article's `lang:` → its BCP 47 tag, canonical, or why it is not one:
 * "TYZ" → "tyz"; "vi-VN" → undefined; "Tày" → refused, Tày is "tyz"; "tiếng dân tộc" → refused.
 */
export function parseLanguageTag(value: unknown): LanguageTag {
  if (typeof value !== 'string' || value.trim() === '') {
    return { ok: false, reason: `phải là mã ngôn ngữ, ví dụ ${EXAMPLES}` };
  }
  const written = value.trim();
  const folded = foldDiacritics(written)
    .toLowerCase()
    .replace(/^tieng\s+/, '')
    .replace(/[’‘]/g, "'");
  const meant = DISTRICT_LANGUAGES.find((l) => l.written.includes(folded));
  if (meant !== undefined) {
    return {
      ok: false,
      reason: `"${written}" không phải mã của tiếng ${meant.name}; viết lang: ${meant.codes.join(' hoặc ')}`,
    };
  }
  let tag: string;
  try {
    [tag = ''] = Intl.getCanonicalLocales(written);
  } catch {
    return {
      ok: false,
      reason: `"${written}" không phải mã ngôn ngữ (BCP 47); viết mã, ví dụ ${EXAMPLES}`,
    };
  }
  return { ok: true, tag: tag.split('-')[0] === 'vi' ? undefined : tag };
}
