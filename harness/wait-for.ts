import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long a test waits for the watcher to publish a saved file (or a replica to follow its
 * primary) before it fails. It bounds a broken watcher, it does not time a working one: a test
 * machine running other suites beside this one can take several times the usual half second.
 * The promise to editors (a save on the site within a second) is timed by `npm run bench`, on a
 * quiet machine, beside its reference. A walk of the whole folder runs every ten minutes in
 * tests, so only the watcher's events can publish a file within this wait.
 */
export const WATCHER_WAIT_MS = 10_000;

export interface PollOptions {
  /** Milliseconds between the end of one check and the start of the next. */
  intervalMs?: number;
}

/**
 * Runs `check` until it returns true, and says how many milliseconds that took; after
 * `timeoutMs`, fails with a message that names `what` was awaited ("timed out after 10000 ms:
 * the ledger is written"). `what` may be a function, called at the failure, to add what was
 * last seen. A check that throws ends the wait with its error.
 */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string | (() => string),
  options: PollOptions = {},
): Promise<number> {
  const ms = await pollUntil(check, timeoutMs, options);
  if (ms === undefined) {
    const awaited = typeof what === 'function' ? what() : what;
    throw new Error(`timed out after ${timeoutMs} ms: ${awaited}`);
  }
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
