import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';

let ticksPerSecond: Promise<number> | undefined;

/** The kernel's clock ticks per second (`getconf CLK_TCK`), the unit of /proc's CPU times. */
function clockTicks(): Promise<number> {
  ticksPerSecond ??= new Promise((resolve) => {
    execFile('getconf', ['CLK_TCK'], { timeout: 10_000 }, (error, stdout) => {
      const value = Number(stdout.trim());
      // 100 is what Linux reports on every common architecture.
      resolve(error || !(value > 0) ? 100 : value);
    });
  });
  return ticksPerSecond;
}

/**
 * CPU time a process has used so far, user and system (utime + stime from /proc/<pid>/stat),
 * its threads included, in milliseconds; undefined once it has exited or where /proc is absent.
 */
export async function readProcCpuMs(pid: number): Promise<number | undefined> {
  let stat: string;
  try {
    stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The name in parentheses may hold spaces and parentheses: count fields after the last ")".
  // After it come state (field 3), ... utime (14) and stime (15).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / (await clockTicks());
}
