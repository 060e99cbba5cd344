import { pollUntil } from '../../harness/wait-for.js';
import { readProcCpuMs } from './read-proc-cpu.js';

/**
 * Waits until a process has used less than `maxPercent` of one core over a whole `windowMs`:
 * the server has finished what its start set going (a reconciliation of content/, a catch-up
 * after a crash). True once it has; false if it has not within `timeoutMs`, or has exited.
 */
export async function waitUntilIdle(
  pid: number,
  { windowMs = 1000, maxPercent = 10, timeoutMs = 120_000 } = {},
): Promise<boolean> {
  let last = { cpuMs: await readProcCpuMs(pid), at: performance.now() };
  let exited = last.cpuMs === undefined;
  const held = await pollUntil(
    async () => {
      if (exited) return true;
      const now = { cpuMs: await readProcCpuMs(pid), at: performance.now() };
      if (now.cpuMs === undefined) return (exited = true);
      // The first check comes at once: a window starts there.
      if (now.at - last.at < windowMs) return false;
      const idle = ((now.cpuMs - last.cpuMs!) / (now.at - last.at)) * 100 < maxPercent;
      last = now;
      return idle;
    },
    timeoutMs,
    { intervalMs: windowMs },
  );
  return held !== undefined && !exited;
}
