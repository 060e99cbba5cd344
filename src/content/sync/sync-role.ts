/**
 * A primary gives ids and keeps the ledger in content/; a replica takes both from the ledger it
 * receives with the files and never writes to content/.
 */
export type ContentRole = 'primary' | 'replica';
