// What the rest of the site knows of the database: the shapes of its handles and its error. No
// runtime imports, so a query module depends on these names, never on the file that opens the
// database and runs the migrations.

export type SqlValue = string | number | null;

/** Parameters by position (`?`), or by name (`:now`: the keys carry the colon). */
export type SqlParams = SqlValue[] | Record<string, SqlValue>;

/** The statements available inside a write transaction. */
export interface Executor {
  /** Runs a whole SQL script, statement after statement, as SQLite itself splits it. */
  exec(sql: string): Promise<void>;
  run(sql: string, params?: SqlParams): Promise<{ lastID: number; changes: number }>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
}

export interface Database {
  /** Reads see the last committed state, never a transaction in progress. */
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Runs `work` in one transaction; transactions run one at a time, in call order. */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A failure of the database itself (opening it, a migration), worded for an operator. */
export class DatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}
