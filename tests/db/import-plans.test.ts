import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createImporter, type Importer } from '../../src/content/sync/import-content.js';
import { openDatabase } from '../../src/db/database.js';
import type { Database, Executor, SqlParams } from '../../src/db/types.js';

/*
 * What the importer asks SQLite while it takes in an edit: every statement must find its rows
 * through an index, so an edit costs the same in an archive of 100,000 articles as in one of 30.
 * A statement that reads a whole table (a correlated EXISTS over a JSON list does) is slow only
 * at scale, where no test runs; its plan shows it on any size.
 */

/**
 * Tables whose size is not the archive's: one row (the facts), one per setting, AUTOINCREMENT
 * table or warning file, and the files with a problem now, which the editors' report lists whole.
 */
const SMALL_TABLES = new Set([
  'site_facts',
  'sync_state',
  'sqlite_sequence',
  'warnings',
  'file_problems',
]);

/**
 * Partial indexes that hold only what waits: lines not yet written to the ledger or the
 * versions' index files, history pages not yet made, texts not yet kept, drafts. Walking one
 * whole costs what waits, not what the archive holds.
 */
const WAITING_LISTS = new Set([
  'articles_ledger_pending',
  'article_versions_pending',
  'article_versions_to_render',
  'articles_unkept',
  'articles_drafts',
]);

type Statement = { sql: string; params: SqlParams };

/** The database, with every statement the importer runs (reads and writes) noted. */
function recording(db: Database, statements: Statement[]): Database {
  const noted = <E extends Pick<Executor, 'get' | 'all'>>(e: E): Pick<Executor, 'get' | 'all'> => ({
    get: (sql, params = []) => {
      statements.push({ sql, params });
      return e.get(sql, params);
    },
    all: (sql, params = []) => {
      statements.push({ sql, params });
      return e.all(sql, params);
    },
  });
  return {
    ...db,
    ...noted(db),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          ...tx,
          ...noted(tx),
          run: (sql, params = []) => {
            statements.push({ sql, params });
            return tx.run(sql, params);
          },
        }),
      ),
  };
}

function article(n: number, extra = ''): string {
  return [
    '---',
    `title: Bài số ${n} về Pác Nặm`,
    `date: 2024-03-${String(1 + (n % 28)).padStart(2, '0')}T08:00:00`,
    `tags: [Pác Nặm, ${n % 2 === 0 ? 'nông nghiệp' : 'giáo dục'}]`,
    'author: Nguyễn Nghĩa',
    '---',
    `Mở đầu bài số ${n}.${extra}`,
    '',
    `Nội dung bài số ${n}: ruộng bậc thang, trường học và trạm y tế.`,
    '',
  ].join('\n');
}

describe('the SQL behind an edit', () => {
  let dir: string;
  let contentDir: string;
  let raw: Database;
  let importer: Importer;
  const statements: Statement[] = [];

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-import-plans-'));
    contentDir = path.join(dir, 'content');
    for (const folder of ['Thời sự', 'Kinh tế']) {
      await fs.mkdir(path.join(contentDir, folder), { recursive: true });
    }
    for (let n = 1; n <= 30; n++) {
      await fs.writeFile(
        path.join(contentDir, n % 2 ? 'Thời sự' : 'Kinh tế', `bai-${n}.md`),
        article(n),
      );
    }
    raw = await openDatabase(path.join(dir, 'data', 'site.db'));
    importer = createImporter({
      db: recording(raw, statements),
      contentDir,
      logger: pino({ level: 'silent' }),
      settleMs: 0,
    });
    await importer.sync();
    // A second version of one article: the archive has histories to keep and render.
    await fs.writeFile(path.join(contentDir, 'Thời sự', 'bai-1.md'), article(1, ' Đã sửa.'));
    await importer.syncPaths(['Thời sự/bai-1.md']);
    while ((await importer.rankRelated()) || (await importer.renderVersions()));

    // What is watched: one article edited again, one new, one deleted, and the jobs they leave.
    statements.length = 0;
    await fs.writeFile(path.join(contentDir, 'Thời sự', 'bai-3.md'), article(3, ' Sửa lần hai.'));
    await fs.writeFile(path.join(contentDir, 'Thời sự', 'bai-moi.md'), article(31));
    await fs.rm(path.join(contentDir, 'Kinh tế', 'bai-2.md'));
    await importer.syncPaths(['Thời sự/bai-3.md', 'Thời sự/bai-moi.md', 'Kinh tế/bai-2.md']);
    // The ledger and the versions' index files the sync wrote come back as events too.
    await importer.syncPaths(['_so-bai-viet', '_phien-ban']);
    while ((await importer.rankRelated()) || (await importer.renderVersions()));
  });

  after(async () => {
    await importer?.close();
    await raw?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('ran: the edit, the new article and the deletion are in the database', async () => {
    const rows = await raw.all<{ title: string; deleted: number; versions: number }>(
      `SELECT title, deleted_at IS NOT NULL AS deleted, versions FROM articles
       WHERE source_path IN ('Thời sự/bai-3.md', 'Thời sự/bai-moi.md', 'Kinh tế/bai-2.md')
       ORDER BY source_path`,
    );
    assert.deepEqual(rows, [
      { title: 'Bài số 2 về Pác Nặm', deleted: 1, versions: 1 },
      { title: 'Bài số 3 về Pác Nặm', deleted: 0, versions: 2 },
      { title: 'Bài số 31 về Pác Nặm', deleted: 0, versions: 1 },
    ]);
    assert.ok(statements.length > 20, `only ${statements.length} statements were noted`);
  });

  it('reads no table of the archive whole: each statement finds its rows by an index', async () => {
    const scans: string[] = [];
    for (const { sql, params } of statements) {
      // Temporary tables live on the importer's connection only, and hold one batch.
      if (/\btemp\./i.test(sql) || /^\s*(BEGIN|COMMIT|ROLLBACK|PRAGMA)/i.test(sql)) continue;
      const plan = await raw.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params);
      for (const { detail } of plan) {
        const scanned = /^SCAN (\S+)(?: USING (?:COVERING )?INDEX (\S+))?/.exec(detail);
        if (scanned === null || /VIRTUAL TABLE|^SCAN CONSTANT ROW/.test(detail)) continue;
        if (SMALL_TABLES.has(scanned[1]!) || WAITING_LISTS.has(scanned[2] ?? '')) continue;
        scans.push(`${detail}\n    in: ${sql.replace(/\s+/g, ' ').trim()}`);
      }
    }
    assert.deepEqual([...new Set(scans)], []);
  });
});
