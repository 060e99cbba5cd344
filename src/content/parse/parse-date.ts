import { VIETNAM_OFFSET_MS } from '../../shared/vietnam-time.js';

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Front-matter date → epoch milliseconds, or a Vietnamese explanation of what is wrong.
 * "2022-11-26 08:30" means 08:30 in Vietnam; an explicit offset or Z is honoured as written.
 * Impossible dates such as 2022-02-30 are refused instead of silently rolling over to March.
 */
export function parseDate(
  value: unknown,
): { ok: true; epochMs: number } | { ok: false; reason: string } {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? { ok: false, reason: 'không phải ngày hợp lệ' }
      : { ok: true, epochMs: value.getTime() };
  }
  if (typeof value !== 'string') {
    return { ok: false, reason: 'phải là ngày dạng 2022-11-26 hoặc 2022-11-26T08:30:00+07:00' };
  }
  const m = ISO_LIKE.exec(value.trim());
  if (!m) {
    return {
      ok: false,
      reason: `"${value}" không đọc được; viết theo dạng 2022-11-26 hoặc 2022-11-26T08:30:00+07:00`,
    };
  }
  const [year, month, day, hour = 0, minute = 0, second = 0] = m
    .slice(1, 7)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const millis = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (
    month! < 1 ||
    month! > 12 ||
    day! < 1 ||
    day! > daysInMonth(year!, month!) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, reason: `"${value}" không phải ngày giờ có thật` };
  }
  const offsetMs = parseOffset(m[8]);
  if (offsetMs === undefined) return { ok: false, reason: `múi giờ trong "${value}" không hợp lệ` };
  const utc = Date.UTC(year!, month! - 1, day!, hour, minute, second, millis);
  return { ok: true, epochMs: utc - offsetMs };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseOffset(raw: string | undefined): number | undefined {
  if (raw === undefined) return VIETNAM_OFFSET_MS;
  if (raw.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(raw);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}
