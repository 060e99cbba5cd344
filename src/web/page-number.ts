/**
 * `?trang=N` → N. Undefined when the value is not a page number at all ("abc", "0", "2.5",
 * repeated), which the listing answers with 404 like a page past the end.
 */
export function readPageNumber(value: unknown): number | undefined {
  if (value === undefined) return 1;
  if (typeof value !== 'string' || !/^[1-9]\d{0,5}$/.test(value)) return undefined;
  return Number(value);
}
