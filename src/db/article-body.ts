import zlib from 'node:zlib';

/*
 * How article_bodies.body_html holds an article's body: its HTML compressed with deflate, as a
 * BLOB. A body is about 4 KB of HTML and is stored in about 1.6 KB, so the bodies, half the
 * database, take 60 % less; and a row that small sits in its table's page instead of a chain of
 * overflow pages with its last page half empty. The importer packs each body once, on a parsing
 * thread; a page that is not in the cache unpacks its body in about 60 µs.
 *
 * A row stored by a release before this one holds the HTML as TEXT and is read as it is; the
 * upgrade to schema 8 renders every article again, which stores it packed.
 */

/** What `body_html` holds: packed bytes, text an older release wrote, or nothing (no row). */
export type StoredBody = Uint8Array | string | null;

/**
 * The body as it is stored: deflate (RFC 1951, no header), level 6. The bytes have a memory of
 * their own: zlib returns a view on a 16 KB buffer, and a view sent to the importer's thread
 * carries its whole buffer, ten times the body.
 */
export function packBody(html: string): Uint8Array {
  return new Uint8Array(zlib.deflateRawSync(html, { level: 6 }));
}

/** The body's HTML from what `body_html` holds: packed bytes, or text an older release wrote. */
export function unpackBody(stored: StoredBody | undefined): string {
  if (stored === null || stored === undefined) return '';
  if (typeof stored === 'string') return stored;
  return zlib.inflateRawSync(stored).toString('utf8');
}
