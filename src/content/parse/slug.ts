import { foldDiacritics } from '../../shared/fold-diacritics.js';

const MAX_SLUG_LENGTH = 100;

/**
 * The ASCII URL word for a title or a name: "Huyện ủy Pác Nặm" → "huyen-uy-pac-nam".
 * Returns "" when nothing of the text survives folding (a title in Cyrillic, say); callers pick
 * their own fallback because only they know what the slug names.
 */
export function slugify(text: string): string {
  const words = foldDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (words.length <= MAX_SLUG_LENGTH) return words;
  // Cut at a word boundary so a long headline never ends its URL in half a syllable.
  const cut = words.slice(0, MAX_SLUG_LENGTH + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 0 ? cut.slice(0, lastDash) : cut.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/, '');
}
