import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packBody, unpackBody } from '../../src/db/article-body.js';

// A body of the size articles have (about 4 KB of HTML), in Vietnamese.
const HTML = Array.from(
  { length: 30 },
  (_, n) => `<p>Đoạn ${n + 1}: bà con xã Bộc Bố thu hoạch lúa nương sớm hơn mọi năm.</p>`,
).join('\n');

describe('the stored body of an article', () => {
  it('gives back the HTML it packed, every letter and mark', () => {
    assert.equal(unpackBody(packBody(HTML)), HTML);
    assert.equal(unpackBody(packBody('')), '');
  });

  it('stores a body in less than half its HTML', () => {
    assert.ok(packBody(HTML).byteLength < Buffer.byteLength(HTML) / 2);
  });

  it("reads a body an older release stored as text, and a missing one as ''", () => {
    assert.equal(unpackBody(HTML), HTML);
    assert.equal(unpackBody(null), '');
    assert.equal(unpackBody(undefined), '');
  });

  it("sends the importer's thread the packed bytes, not the buffer they were cut from", () => {
    const packed = packBody(HTML);
    // What postMessage does to the bytes: a typed array goes with its whole buffer.
    const received = structuredClone(packed);
    assert.equal(received.buffer.byteLength, packed.byteLength);
    assert.equal(unpackBody(received), HTML);
  });
});
