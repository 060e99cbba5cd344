import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import sqlite3 from 'sqlite3';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { cardTitles, SEED_FILE, startSite } from '../helpers/site.js';

const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'schema');

/**
 * The files the fixtures were made from (a fourth, "go-bo.txt", was imported, then deleted): each
 * fixture is a database as that schema version's own code left it after importing them.
 */
const FILES: Record<string, string> = {
  'Thời sự/cau-treo.md': `---
title: Cầu treo Bộc Bố đón người qua lại
date: 2024-05-01 08:00
author: Hà An
tags: [Pác Nặm, giao thông]
---
Cầu treo mới nối hai bản bên suối.

Người dân đi lại dễ dàng hơn trong mùa mưa lũ.
`,
  'ban-nhap.md': `---
title: Bản nháp chưa đăng
draft: true
---
Nội dung nháp.
`,
};

/** Makes a real database file from a fixture's SQL, as the sqlite3 shell would restore it. */
async function restore(sqlFile: string, target: string): Promise<void> {
  const sql = await fs.readFile(sqlFile, 'utf8');
  const db = new sqlite3.Database(target);
  try {
    await new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
  } finally {
    await new Promise((resolve) => db.close(resolve));
  }
}

describe('a database made by an earlier release', () => {
  const versions = Array.from({ length: MIGRATIONS.length - 1 }, (_, i) => i + 1);

  it('is kept for every earlier schema version', async () => {
    const kept = (await fs.readdir(FIXTURES)).filter((f) => f.endsWith('.sql')).sort();
    assert.deepEqual(
      kept,
      versions.map((v) => `v${v}.sql`),
    );
  });

  for (const version of versions) {
    it(`is upgraded from version ${version} and served with every id, removal and count`, async () => {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), `tin-upgrade-${version}-`));
      try {
        const contentDir = path.join(root, 'content');
        await fs.mkdir(path.join(contentDir, 'Thời sự'), { recursive: true });
        await fs.copyFile(SEED_FILE, path.join(contentDir, path.basename(SEED_FILE)));
        for (const [file, text] of Object.entries(FILES)) {
          await fs.writeFile(path.join(contentDir, file), text);
        }
        const databasePath = path.join(root, 'site.db');
        await restore(path.join(FIXTURES, `v${version}.sql`), databasePath);

        const site = await startSite({ contentDir, databasePath });
        try {
          const row = await site.db.get<{ user_version: number }>('PRAGMA user_version');
          assert.equal(row?.user_version, MIGRATIONS.length);
          // The ids the earlier release gave: 1 the draft, 2 the deleted file, 3 and 4.
          const report = await site.get(
            '/huyen-uy-pac-nam-bam-sat-thuc-tien-thuc-hien-nhiem-vu-trong-tam-3.html',
          );
          assert.equal(report.status, 200);
          assert.match(await report.text(), /Pác Nặm/);
          assert.equal((await site.get('/3.html')).status, 301);
          assert.equal((await site.get('/bai-se-bi-go-2.html')).status, 410);
          assert.equal((await site.get('/ban-nhap-chua-dang-1.html')).status, 404);
          assert.deepEqual(cardTitles(await (await site.get('/')).text()).sort(), [
            'Cầu treo Bộc Bố đón người qua lại',
            'Huyện ủy Pác Nặm bám sát thực tiễn thực hiện nhiệm vụ trọng tâm',
          ]);
          assert.equal((await site.get('/chuyen-muc/thoi-su')).status, 200);
          assert.equal((await site.get('/chu-de/giao-thong')).status, 200);
          const search = await (await site.get('/tim-kiem?q=cau+treo')).text();
          assert.deepEqual(cardTitles(search), ['Cầu treo Bộc Bố đón người qua lại']);
          // A new article takes the next id, never one the earlier release gave.
          await site.write('moi.txt', 'Bài mới sau nâng cấp\n\nMở đầu.\n');
          await site.importer.sync({ settleMs: 0 });
          assert.equal((await site.get('/bai-moi-sau-nang-cap-5.html')).status, 200);
        } finally {
          await site.close();
        }
      } finally {
        await fs.rm(root, { recursive: true, force: true });
      }
    });
  }
});
