import type { BenchRun } from './bench-context.js';
import { startSite, type SiteProcess } from './start-site.js';
import { waitUntilIdle } from './wait-until-idle.js';

export interface StartRuns {
  /** Start → first 200 of `/` on the database a clean stop (or the import) left. */
  cleanMs: number[];
  /** The same after a `kill -9` of the idle server. */
  afterKillMs: number[];
  /** Starts after which the server was still busy `settleTimeoutMs` later. */
  unsettled: number;
  /** The last clean start, left running for the measurements that follow. */
  site: SiteProcess;
}

/**
 * `rounds` starts of each kind on an existing database, WATCH=1, each timed from spawning the
 * process to the first 200 of `/`. Before each kill or stop the server is left to finish what
 * its start set going, so every start finds the database as an idle server leaves it: the first
 * start after the import, `rounds` restarts after a `kill -9`, then `rounds - 1` after a
 * SIGTERM, the last of which stays running.
 */
export async function measureStarts(
  run: BenchRun,
  dir: string,
  {
    rounds,
    firstOkTimeoutMs,
    settleTimeoutMs,
  }: { rounds: number; firstOkTimeoutMs: number; settleTimeoutMs: number },
): Promise<StartRuns> {
  const cleanMs: number[] = [];
  const afterKillMs: number[] = [];
  let unsettled = 0;
  const start = async (times: number[]) => {
    const site = await startSite(run, { dir, watch: true });
    try {
      times.push(await site.waitForPath('/', firstOkTimeoutMs));
    } catch (error) {
      await site.stop();
      throw error;
    }
    return site;
  };
  const settle = async (site: SiteProcess) => {
    if (!(await waitUntilIdle(site.pid, { timeoutMs: settleTimeoutMs }))) unsettled++;
  };

  let site = await start(cleanMs);
  try {
    for (let i = 0; i < rounds; i++) {
      await settle(site);
      await site.kill();
      site = await start(afterKillMs);
    }
    for (let i = 1; i < rounds; i++) {
      await settle(site);
      await site.stop();
      site = await start(cleanMs);
    }
  } catch (error) {
    await site.stop();
    throw error;
  }
  return { cleanMs, afterKillMs, unsettled, site };
}
