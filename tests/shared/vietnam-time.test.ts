import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDate } from '../../src/content/parse/parse-date.js';
import { formatVietnamDate, toVietnamIso } from '../../src/shared/vietnam-time.js';

describe('formatVietnamDate', () => {
  const cases: [string, string, string][] = [
    ['2022-11-26T01:30:00Z', 'Thứ Bảy, 26/11/2022, 08:30 (GMT+7)', '2022-11-26T08:30:00+07:00'],
    ['2022-11-26T17:05:09Z', 'Chủ Nhật, 27/11/2022, 00:05 (GMT+7)', '2022-11-27T00:05:09+07:00'],
    ['2024-02-28T20:00:00Z', 'Thứ Năm, 29/02/2024, 03:00 (GMT+7)', '2024-02-29T03:00:00+07:00'],
  ];
  for (const [utc, text, iso] of cases) {
    it(`shows ${utc} as "${text}" in Vietnam time`, () => {
      assert.equal(formatVietnamDate(Date.parse(utc)), text);
      assert.equal(toVietnamIso(Date.parse(utc)), iso);
    });
  }
});

describe('parseDate', () => {
  const accepted: [string, string][] = [
    ['2022-11-26', '2022-11-25T17:00:00Z'],
    ['2022-11-26 08:30', '2022-11-26T01:30:00Z'],
    ['2022-11-26T08:30:15', '2022-11-26T01:30:15Z'],
    ['2022-11-26T08:30:00+07:00', '2022-11-26T01:30:00Z'],
    ['2022-11-26T01:30:00Z', '2022-11-26T01:30:00Z'],
    ['2022-11-26T03:30:00+0200', '2022-11-26T01:30:00Z'],
    ['2024-02-29', '2024-02-28T17:00:00Z'],
  ];
  for (const [input, utc] of accepted) {
    it(`reads "${input}" (no offset means Vietnam time) as ${utc}`, () => {
      assert.deepEqual(parseDate(input), { ok: true, epochMs: Date.parse(utc) });
    });
  }

  for (const input of [
    '2023-02-29',
    '2022-13-01',
    '2022-11-31',
    '2022-11-26 24:00',
    '26/11/2022',
    'mai',
  ]) {
    it(`refuses "${input}"`, () => {
      assert.equal(parseDate(input).ok, false);
    });
  }
});
