import type { Executor } from './types.js';
import type { Reader } from './sources.js';

/**
 * Small facts a sync keeps from one run to the next, as JSON under a name: how far the ledger
 * file was read, which version of the rendering code the whole archive was last rendered by.
 */
export async function getSyncState<T>(db: Reader, key: string): Promise<T | undefined> {
  const row = await db.get<{ value: string }>('SELECT value FROM sync_state WHERE key = ?', [key]);
  return row === undefined ? undefined : (JSON.parse(row.value) as T);
}

export async function setSyncState(tx: Executor, key: string, value: unknown): Promise<void> {
  await tx.run(
    `INSERT INTO sync_state (key, value) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [key, JSON.stringify(value)],
  );
}
