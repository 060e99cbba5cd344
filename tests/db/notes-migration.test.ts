import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createImporter } from '../../src/content/sync/import-content.js';
import { openDatabase } from '../../src/db/database.js';
import { type Database } from '../../src/db/types.js';
import { MIGRATIONS } from '../../src/db/migrations.js';

const FILE = `---
title: Cầu treo Bộc Bố
date: 2024-05-01 08:00
corrections:
  - date: 2024-05-02 10:30
    text: Bài ghi nhầm cầu dài 120 mét; cầu dài 150 mét.
---
Cầu treo mới nối hai bản.
`;

const PUBLISHED = Date.parse('2024-05-01T08:00:00+07:00');
// When the previous release saw the file change: it showed this as "Cập nhật".
const EDITED = Date.parse('2024-05-04T16:00:00+07:00');

describe('the migration to notes and languages', () => {
  let dir: string;
  let db: Database;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-migrate-'));
    const file = path.join(dir, 'site.db');
    // A database as the previous release left it, with the article it had imported.
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, 4) });
    await old.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO articles (id, source_path, source_hash, source_size, source_mtime_ms, slug,
           title, sapo, published_at, updated_at, imported_at, render_version)
         VALUES (1, 'cau.md', ?, ?, 1, 'cau-treo-boc-bo', 'Cầu treo Bộc Bố', '', ?, ?, ?, 'cu')`,
        [
          createHash('sha256').update(FILE).digest('hex'),
          Buffer.byteLength(FILE),
          PUBLISHED,
          EDITED,
          EDITED,
        ],
      );
      await tx.run(`INSERT INTO article_bodies (id, body_html) VALUES (1, '<p>Cũ.</p>')`);
    });
    await old.close();
    await fs.mkdir(path.join(dir, 'content'));
    await fs.writeFile(path.join(dir, 'content', 'cau.md'), FILE);
    db = await openDatabase(file);
  });
  after(async () => {
    await db?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps every article, and leaves the new date and language empty until it is rendered again', async () => {
    assert.deepEqual(await db.get('SELECT id, updated_at, modified_at, lang FROM articles'), {
      id: 1,
      updated_at: EDITED,
      modified_at: null,
      lang: null,
    });
    assert.deepEqual(await db.all('SELECT * FROM article_notes'), []);
    const row = await db.get<{ user_version: number }>('PRAGMA user_version');
    assert.equal(row?.user_version, MIGRATIONS.length);
  });

  it('dates the article by its note once the next import renders it again, keeping its last edit', async () => {
    const importer = createImporter({
      db,
      contentDir: path.join(dir, 'content'),
      logger: pino({ level: 'silent' }),
    });
    const report = await importer.sync({ settleMs: 0 });
    assert.equal(report.updated, 1);
    assert.deepEqual(await db.get('SELECT id, updated_at, modified_at FROM articles'), {
      id: 1,
      updated_at: EDITED,
      modified_at: Date.parse('2024-05-02T10:30:00+07:00'),
    });
    assert.deepEqual(await db.all('SELECT article_id, kind, anchor FROM article_notes'), [
      { article_id: 1, kind: 'correction', anchor: 'dinh-chinh-20240502-1030' },
    ]);
  });
});
