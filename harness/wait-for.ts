import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  /** Milliseconds between the end of one check and the start of the next. */
  intervalMs?: number;
}

/**
 * Runs `check` until it returns true, and says how many milliseconds that took; after
 * `timeoutMs`, fails with a message that names `what` was awaited ("timed out after 10000 ms:
 * the ledger is written"). A check that throws ends the wait with its error.
 */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  options: PollOptions = {},
): Promise<number> {
  const ms = await pollUntil(check, timeoutMs, options);
  if (ms === undefined) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
  return ms;
}

/**
 * The same wait, for a caller to whom running out of time is an answer rather than a failure
 * (how many articles were published by then): undefined when `check` never held.
 */
export async function pollUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  { intervalMs = 20 }: PollOptions = {},
): Promise<number | undefined> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    if (performance.now() - start > timeoutMs) return undefined;
    await sleep(intervalMs);
  }
}
