// Rows per statement. Each statement is one trip to SQLite's thread, so a bulk import sends
// its rows as JSON arrays and SQLite unpacks them with json_each.
const BATCH = 500;

/** `items` in slices of at most BATCH, for one statement each. */
export function* batches<T>(items: readonly T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += BATCH) yield items.slice(start, start + BATCH);
}
