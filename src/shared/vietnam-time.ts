// Vietnam has used UTC+7 all year, with no daylight saving, since 1975; a fixed offset is exact and
// keeps rendering independent of the server's TZ.
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const WEEKDAYS = ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function vietnamParts(epochMs: number) {
  const d = new Date(epochMs + VIETNAM_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** 1669426200000 → "Thứ Bảy, 26/11/2022, 08:30 (GMT+7)", the way Vietnamese papers print it. */
export function formatVietnamDate(epochMs: number): string {
  const p = vietnamParts(epochMs);
  return `${WEEKDAYS[p.weekday]}, ${pad(p.day)}/${pad(p.month)}/${p.year}, ${pad(p.hour)}:${pad(p.minute)} (GMT+7)`;
}

/** 1669426200000 → "26/11/2022", for lists where the weekday and time are noise. */
export function formatVietnamDay(epochMs: number): string {
  const p = vietnamParts(epochMs);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** 1669426200000 → "2022-11-26T08:30:00+07:00": machine-readable, with its offset. */
export function toVietnamIso(epochMs: number): string {
  const p = vietnamParts(epochMs);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+07:00`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** 1669426200000 → "Sat, 26 Nov 2022 08:30:00 +0700": RFC 822, as RSS wants its dates. */
export function toVietnamRfc822(epochMs: number): string {
  const p = vietnamParts(epochMs);
  return `${DAYS[p.weekday]}, ${pad(p.day)} ${MONTHS[p.month - 1]} ${p.year} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} +0700`;
}
