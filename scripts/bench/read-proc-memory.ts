import fs from 'node:fs/promises';

export interface ProcMemory {
  /** Resident set size now (VmRSS). */
  rssBytes: number;
  /** The highest resident set size so far (VmHWM). */
  peakBytes: number;
}

/** A process's memory from /proc (Linux); undefined once it has exited or where /proc is absent. */
export async function readProcMemory(pid: number): Promise<ProcMemory | undefined> {
  let status: string;
  try {
    status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const rssBytes = kib('VmRSS');
  const peakBytes = kib('VmHWM');
  return rssBytes === undefined || peakBytes === undefined ? undefined : { rssBytes, peakBytes };
}

export interface PeakMemoryWatch {
  /** The highest VmHWM seen; undefined if /proc never answered. */
  stop(): number | undefined;
}

/**
 * Polls VmHWM until stopped. The kernel keeps the high-water mark, so a poll misses only what
 * grows in the last interval before the process exits.
 */
export function watchPeakMemory(pid: number, intervalMs = 20): PeakMemoryWatch {
  let peak: number | undefined;
  const poll = async () => {
    const memory = await readProcMemory(pid);
    if (memory) peak = Math.max(peak ?? 0, memory.peakBytes);
  };
  void poll();
  const timer = setInterval(() => void poll(), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
