const group = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** 0.36 ms, 3.4 ms, 95 ms, 1.25 s, 75.3 s. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${group(ms / 1000, 1)} s`;
}

/** 79,859 · 53 · 9.6 */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value < 10 && !Number.isInteger(value) ? value.toFixed(1) : group(value);
}

/** 12.3 KiB, 459 MiB, 1.2 GiB */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : group(value)} ${units[unit]}`;
}

/** 0.46, 0.0007, 2.5: two significant digits below 1, two decimals above. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  if (ratio === 0) return '0';
  return ratio >= 1 ? ratio.toFixed(2) : String(Number(ratio.toPrecision(2)));
}
