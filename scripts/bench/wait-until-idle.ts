import { readProcCpuMs } from './read-proc-cpu.js';
import { sleep } from './sleep.js';

/**
 * Waits until a process has used less than `maxPercent` of one core over a whole `windowMs`:
 * the server has finished what its start set going (a reconciliation of content/, a catch-up
 * after a crash). True once it has; false if it has not within `timeoutMs`, or has exited.
 */
export async function waitUntilIdle(
  pid: number,
  { windowMs = 1000, maxPercent = 10, timeoutMs = 120_000 } = {},
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let cpuMs = await readProcCpuMs(pid);
  let at = performance.now();
  while (cpuMs !== undefined && performance.now() < deadline) {
    await sleep(windowMs);
    const nowCpuMs = await readProcCpuMs(pid);
    const now = performance.now();
    if (nowCpuMs === undefined) return false;
    if (((nowCpuMs - cpuMs) / (now - at)) * 100 < maxPercent) return true;
    cpuMs = nowCpuMs;
    at = now;
  }
  return false;
}
