import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { waitFor, WATCHER_WAIT_MS } from '../../harness/wait-for.js';
import { openDatabase } from '../../src/db/database.js';
import type { Database } from '../../src/db/types.js';
import { createImporter, type Importer } from '../../src/content/sync/import-content.js';
import { startSyncLoop, type SyncLoop } from '../../src/content/sync/sync-loop.js';

describe('a folder an editor makes', () => {
  let root: string;
  let contentDir: string;
  let db: Database;
  let importer: Importer;
  let loop: SyncLoop | undefined;
  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-new-folder-'));
    contentDir = path.join(root, 'content');
    await fs.mkdir(contentDir);
    db = await openDatabase(path.join(root, 'site.db'));
    importer = createImporter({ db, contentDir, logger: pino({ level: 'silent' }), settleMs: 0 });
  });
  after(async () => {
    await loop?.close();
    await importer?.close();
    await db?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('publishes a file saved into it while the sync was looking inside it', async () => {
    const folder = 'Văn hóa';
    let saved = false;
    // The editor's save lands just after the sync has listed the new folder, before the sync
    // is over: only the folder's watcher can tell of it (the next walk is ten minutes away).
    const syncPaths: Importer['syncPaths'] = async (paths, options) => {
      const report = await importer.syncPaths(paths, options);
      if (!saved && [...paths].includes(folder)) {
        saved = true;
        await fs.writeFile(
          path.join(contentDir, folder, 'le-hoi.txt'),
          'Lễ hội Nàng Hai\n\nMở đầu.\n',
        );
      }
      return report;
    };
    loop = await startSyncLoop({
      contentDir,
      importer: { ...importer, syncPaths },
      logger: pino({ level: 'silent' }),
      watch: true,
    });
    await fs.mkdir(path.join(contentDir, folder));
    await waitFor(
      async () =>
        (await db.get('SELECT id FROM articles WHERE title = ?', ['Lễ hội Nàng Hai'])) !==
        undefined,
      WATCHER_WAIT_MS,
      'the article saved into the new folder',
    );
    assert.ok(saved);
  });
});
