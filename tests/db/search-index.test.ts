import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sqlite3 from 'sqlite3';
import { openDatabase } from '../../src/db/database.js';
import { type Database } from '../../src/db/types.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { buildSearchMatch, searchArticles } from '../../src/db/search-articles.js';
import { splitSearchWords } from '../../src/shared/search-words.js';

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
}

describe('the search index migration', () => {
  let dir: string;
  let db: Database;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-migrate-'));
    const file = path.join(dir, 'site.db');
    // A database as version 1 left it, with articles already stored.
    const old = new sqlite3.Database(file);
    await exec(old, MIGRATIONS[0] as string);
    await exec(
      old,
      `INSERT INTO articles (source_path, source_hash, source_size, source_mtime_ms, slug, title,
         sapo, body_html, body_text, published_at, imported_at)
       VALUES ('a.txt', 'h1', 1, 1, 'huyen-uy', 'Huyện ủy Pác Nặm', '', '', 'Huyện ủy Pác Nặm họp đảng viên', 1, 1),
              ('b.txt', 'h2', 1, 1, 'da-go', 'Bài đã gỡ Pác Nặm', '', '', 'Bài đã gỡ Pác Nặm', 1, 1);
       UPDATE articles SET deleted_at = 2 WHERE source_path = 'b.txt';
       PRAGMA user_version = 1;`,
    );
    await new Promise((resolve) => old.close(resolve));
    db = await openDatabase(file);
  });
  after(async () => {
    await db?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('indexes the articles stored before it, folded', async () => {
    const { items, total } = await searchArticles(db, 'pac nam', { now: 10, limit: 10, offset: 0 });
    assert.equal(total, 1);
    assert.equal(items[0]!.title, 'Huyện ủy Pác Nặm');
    assert.equal(
      (await searchArticles(db, 'dang vien', { now: 10, limit: 10, offset: 0 })).total,
      1,
    );
  });

  it('leaves removed articles out of the index', async () => {
    const rows = await db.all<{ n: number }>('SELECT count(*) AS n FROM article_search');
    assert.equal(rows[0]!.n, 1);
  });

  it('records the new schema version', async () => {
    const row = await db.get<{ user_version: number }>('PRAGMA user_version');
    assert.equal(row?.user_version, MIGRATIONS.length);
  });
});

describe('splitSearchWords', () => {
  const table: [string, string[]][] = [
    ['Pác Nặm', ['pác', 'nặm']],
    ['"pac nam" OR (xã*', ['pac', 'nam', 'or', 'xã']],
    ['NEAR(a b, 2)', ['near', 'a', 'b', '2']],
    ['Covid-19', ['covid', '19']],
    ['hỗ trợ'.normalize('NFD'), ['hỗ', 'trợ']],
    ['" * ( ) : ^ { } -', []],
    ['\u0301', []],
    ['', []],
  ];
  for (const [query, words] of table) {
    it(`splits ${JSON.stringify(query)} into ${JSON.stringify(words)}`, () => {
      assert.deepEqual(splitSearchWords(query), words);
    });
  }

  it('keeps at most 12 words of a very long query', () => {
    assert.equal(splitSearchWords('đảng viên '.repeat(200)).length, 12);
  });
});

describe('buildSearchMatch', () => {
  it('quotes every word and folds the đ the index tokenizer cannot fold', () => {
    assert.deepEqual(buildSearchMatch('Đảng viên OR *'), {
      found: '"dảng" "viên" "or"',
      exact: '"đảng viên or"',
    });
  });

  it('gives nothing to match for a query without words', () => {
    assert.equal(buildSearchMatch('"*()'), undefined);
  });
});
