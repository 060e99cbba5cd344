import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/db/database.js';
import { type Database } from '../../src/db/types.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { startSite } from '../helpers/site.js';

describe('openDatabase', () => {
  it('creates the file with the current schema, and opens it again without migrating twice', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-db-'));
    const file = path.join(dir, 'nested', 'site.db');
    try {
      const first = await openDatabase(file);
      await first.close();
      const second = await openDatabase(file);
      const row = await second.get<{ user_version: number }>('PRAGMA user_version');
      assert.equal(row?.user_version, MIGRATIONS.length);
      await second.close();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('rolls a failed transaction back completely', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-db-'));
    const db = await openDatabase(path.join(dir, 'site.db'));
    try {
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.run(
            `INSERT INTO file_problems (file, severity, message, reported_at) VALUES ('a.txt', 'error', 'x', 0)`,
          );
          throw new Error('midway');
        }),
        /midway/,
      );
      assert.deepEqual(await db.all('SELECT * FROM file_problems'), []);
    } finally {
      await db.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('reads', () => {
  const withDatabase = async (work: (db: Database) => Promise<void>) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-db-'));
    const db = await openDatabase(path.join(dir, 'site.db'));
    try {
      await work(db);
    } finally {
      await db.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  };
  const addProblem = (db: Database, file: string) =>
    db.transaction((tx) =>
      tx.run(
        `INSERT INTO file_problems (file, severity, message, reported_at) VALUES (?, 'error', 'x', 0)`,
        [file],
      ),
    );

  it('see every commit, after the same read was made before it', async () => {
    await withDatabase(async (db) => {
      const first = 'SELECT file FROM file_problems ORDER BY file';
      await addProblem(db, 'a.txt');
      await addProblem(db, 'b.txt');
      // get() takes one row of two: the statement must not stay part-way, holding its snapshot.
      assert.deepEqual(await db.get(first), { file: 'a.txt' });
      await addProblem(db, '0.txt');
      assert.deepEqual(await db.get(first), { file: '0.txt' });
      assert.equal((await db.all(first)).length, 3);
    });
  });

  it('reject a statement that cannot be prepared, every time it is asked for', async () => {
    await withDatabase(async (db) => {
      for (let i = 0; i < 2; i++) {
        await assert.rejects(db.get('SELECT file FROM no_such_table'), /no such table/);
      }
      assert.deepEqual(await db.all('SELECT file FROM file_problems'), []);
    });
  });
});

describe('article ids', () => {
  it('are never given again, even after the newest article is deleted', async () => {
    const site = await startSite({
      files: { 'a.txt': 'Bài A\n\nMở đầu.\n', 'b.txt': 'Bài B\n\nMở đầu.\n' },
    });
    try {
      await fs.rm(path.join(site.contentDir, 'b.txt'));
      await site.importer.sync({ settleMs: 0 });
      await site.write('c.txt', 'Bài C\n\nMở đầu.\n');
      await site.importer.sync({ settleMs: 0 });
      const rows = await site.db.all<{ id: number; title: string }>(
        'SELECT id, title FROM articles ORDER BY id',
      );
      assert.deepEqual(rows, [
        { id: 1, title: 'Bài A' },
        { id: 2, title: 'Bài B' },
        { id: 3, title: 'Bài C' },
      ]);
      assert.equal((await site.get('/bai-b-2.html')).status, 410);
    } finally {
      await site.close();
    }
  });
});
