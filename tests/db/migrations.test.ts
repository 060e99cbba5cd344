import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/db/database.js';

// A later migration of the kind that splitting on ";" by hand would break: a trigger whose body
// holds two statements, and a default text that holds a ";".
const WITH_TRIGGER = `
  CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL DEFAULT 'Chưa có nội dung; đang chờ biên tập viên'
  );
  CREATE TABLE note_log (note_id INTEGER, action TEXT);
  -- Every new note is logged twice: two statements between BEGIN and END.
  CREATE TRIGGER notes_logged AFTER INSERT ON notes BEGIN
    INSERT INTO note_log VALUES (new.id, 'thêm; lần 1');
    INSERT INTO note_log VALUES (new.id, 'thêm; lần 2');
  END;
`;

async function withFolder(use: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-migrations-'));
  try {
    await use(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('migrate', () => {
  it('runs a migration as one SQL script, triggers and ";" inside strings included', async () => {
    await withFolder(async (dir) => {
      const db = await openDatabase(path.join(dir, 'site.db'), { migrations: [WITH_TRIGGER] });
      try {
        await db.transaction((tx) => tx.run('INSERT INTO notes (id) VALUES (7)'));
        assert.deepEqual(await db.all('SELECT id, body FROM notes'), [
          { id: 7, body: 'Chưa có nội dung; đang chờ biên tập viên' },
        ]);
        assert.deepEqual(await db.all('SELECT note_id, action FROM note_log ORDER BY rowid'), [
          { note_id: 7, action: 'thêm; lần 1' },
          { note_id: 7, action: 'thêm; lần 2' },
        ]);
        const row = await db.get<{ user_version: number }>('PRAGMA user_version');
        assert.equal(row?.user_version, 1);
      } finally {
        await db.close();
      }
    });
  });

  it('leaves nothing of a script that fails half-way, and names the migration', async () => {
    await withFolder(async (dir) => {
      const file = path.join(dir, 'site.db');
      const broken = `CREATE TABLE first_half (id INTEGER); CREATE TABLE first_half (id INTEGER);`;
      await assert.rejects(openDatabase(file, { migrations: [WITH_TRIGGER, broken] }), {
        name: 'DatabaseError',
        message: 'database migration 2 failed',
      });
      const db = await openDatabase(file, { migrations: [WITH_TRIGGER] });
      try {
        const row = await db.get<{ user_version: number }>('PRAGMA user_version');
        assert.equal(row?.user_version, 1);
        assert.deepEqual(
          await db.all(`SELECT name FROM sqlite_master WHERE name = 'first_half'`),
          [],
        );
      } finally {
        await db.close();
      }
    });
  });
});
