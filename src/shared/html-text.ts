const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * HTML the importer rendered → its text, for search snippets:
 * `<p>Giá <strong>lúa</strong> &amp; ngô</p><p>tăng</p>` → "Giá lúa & ngô tăng". Tags go (a tag
 * between two words leaves a space), entities are decoded, runs of space become one.
 */
export function htmlToText(html: string): string {
  return html
    .replace(
      /<\/?(?:p|li|ul|ol|h\d|blockquote|figure|figcaption|table|tr|td|th|br|pre|div)\b[^>]*>/gi,
      ' ',
    )
    .replace(/<[^>]*>/g, '')
    .replace(
      /&(?:#(\d+)|#x([\da-f]+)|([a-z]+));/gi,
      (entity, decimal?: string, hex?: string, name?: string) => {
        if (decimal !== undefined) return String.fromCodePoint(Number(decimal));
        if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
        return NAMED[name!.toLowerCase()] ?? entity;
      },
    )
    .replace(/\s+/g, ' ')
    .trim();
}
