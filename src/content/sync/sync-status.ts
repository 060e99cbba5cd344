/** How syncing has gone since the importer was made: what the health check reports. */
export interface SyncStatus {
  /** A sync has finished since start: the site shows the folder, not only the last database. */
  caughtUp: boolean;
  lastSuccessAt: number | undefined;
  /** When the failures that are still going on began; undefined after a success. */
  failingSince: number | undefined;
  /** The last failure in words, naming no file (the health check is public). */
  lastFailure: string | undefined;
}

// SQLite's and the system's error codes, in words an operator reads in a health check.
const FAILURES: Record<string, string> = {
  SQLITE_FULL: 'đĩa đầy, không ghi được cơ sở dữ liệu',
  SQLITE_IOERR: 'lỗi đọc ghi đĩa',
  SQLITE_READONLY: 'cơ sở dữ liệu chỉ đọc',
  SQLITE_BUSY: 'cơ sở dữ liệu đang bị khóa',
  SQLITE_CORRUPT: 'cơ sở dữ liệu bị hỏng',
  ENOSPC: 'đĩa đầy',
  EACCES: 'không có quyền đọc hoặc ghi',
  EPERM: 'không có quyền đọc hoặc ghi',
  ENOENT: 'không tìm thấy thư mục nội dung',
};

/** An error → what went wrong, by its code only: messages can carry paths. */
export function describeFailure(error: unknown): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const known = Object.keys(FAILURES).find((k) => code === k || code.startsWith(`${k}_`));
  return known === undefined
    ? `lỗi khi nhập nội dung (${code || 'không rõ'})`
    : `${FAILURES[known]} (${code})`;
}
