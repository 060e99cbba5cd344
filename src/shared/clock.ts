/**
 * A clock a test moves by hand, shared with the importer's thread (the time lives in memory both
 * threads see), so a scheduled article can be made due without waiting for it. The site runs on
 * `Date.now` otherwise.
 */
export interface TestClock {
  now(): number;
  set(epochMs: number): void;
  /** What the importer's thread opens the clock from. */
  readonly shared: SharedArrayBuffer;
}

export function createTestClock(epochMs: number): TestClock {
  const clock = openTestClock(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT));
  clock.set(epochMs);
  return clock;
}

/** The clock of another thread, from its shared memory. */
export function openTestClock(shared: SharedArrayBuffer): TestClock {
  const time = new Float64Array(shared);
  return {
    shared,
    now: () => time[0]!,
    set: (epochMs) => {
      time[0] = epochMs;
    },
  };
}
