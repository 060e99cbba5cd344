import type { Database } from '../../db/database.js';
import { listLedgerEntries } from '../../db/sources.js';
import { formatLedger, writeLedger, type Ledger } from './ledger.js';

/**
 * Rebuilds the ledger in content/ from the database, keeping the lines it could not read, and
 * writes it when its text differs from `ledgerText` (the ledger as the sync read it). Returns
 * the ledger as it now stands, text and parsed.
 */
export async function refreshLedger(
  db: Database,
  contentDir: string,
  ledgerText: string | undefined,
  ledger: Ledger | undefined,
): Promise<{ text: string; ledger: Ledger }> {
  const entries = await listLedgerEntries(db);
  const text = formatLedger(entries, ledger?.damaged);
  if (text !== ledgerText) await writeLedger(contentDir, text);
  return {
    text,
    ledger: { entries, damaged: ledger?.damaged ?? [], problems: ledger?.problems ?? [] },
  };
}
