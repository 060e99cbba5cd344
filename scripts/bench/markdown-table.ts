/**
 * A Markdown table, padded so it also reads well in a terminal. Columns whose header ends with
 * " →" are right-aligned (numbers); the arrow itself is not printed.
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]) {
  const right = headers.map((h) => h.endsWith(' →'));
  const titles = headers.map((h) => h.replace(/ →$/, ''));
  const widths = titles.map((t, i) =>
    Math.max(3, t.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const cell = (text: string, i: number) =>
    right[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
  const line = (cells: readonly string[]) =>
    `| ${titles.map((_, i) => cell(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(titles), rule, ...rows.map(line)].join('\n');
}
