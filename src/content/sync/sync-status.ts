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

/** The importer's record of how syncing goes, kept as it goes. */
export interface SyncRecord {
  /** Runs a sync of content/, noting its success or its failure. */
  note<T>(work: () => Promise<T>): Promise<T>;
  /** The whole folder has been seen: the site shows it, not only the last database. */
  caughtUp(): void;
  current(): SyncStatus;
}

export function createSyncRecord(now: () => number): SyncRecord {
  const status: SyncStatus = {
    caughtUp: false,
    lastSuccessAt: undefined,
    failingSince: undefined,
    lastFailure: undefined,
  };
  return {
    async note(work) {
      try {
        const value = await work();
        Object.assign(status, {
          lastSuccessAt: now(),
          failingSince: undefined,
          lastFailure: undefined,
        });
        return value;
      } catch (error) {
        status.failingSince ??= now();
        status.lastFailure = describeFailure(error);
        throw error;
      }
    },
    caughtUp: () => {
      status.caughtUp = true;
    },
    current: () => ({ ...status }),
  };
}
