import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listRenderingSources, readRenderVersion } from '../../src/content/sync/render-version.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const PARSE_DIR = 'src/content/parse';

describe('readRenderVersion', () => {
  let root: string;
  before(async () => {
    // A copy of the sources, so a test can change a file and see what the version does.
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-render-version-'));
    await fs.cp(path.join(PROJECT_ROOT, 'src'), path.join(root, 'src'), { recursive: true });
  });
  after(() => fs.rm(root, { recursive: true, force: true }));

  const edit = async (file: string, change: (text: string) => string) => {
    const target = path.join(root, file);
    const original = await fs.readFile(target, 'utf8');
    await fs.writeFile(target, change(original));
    return () => fs.writeFile(target, original);
  };

  it('covers every file that parses an article', async () => {
    const covered = new Set(await listRenderingSources(PROJECT_ROOT));
    const parsing = (await fs.readdir(path.join(PROJECT_ROOT, PARSE_DIR))).filter((name) =>
      name.endsWith('.ts'),
    );
    assert.ok(parsing.length >= 5, 'the parse folder holds the parsers');
    for (const name of parsing) {
      assert.ok(covered.has(`${PARSE_DIR}/${name}`), `${PARSE_DIR}/${name} is fingerprinted`);
    }
  });

  it('changes when any parsing file changes', async () => {
    const base = await readRenderVersion(root);
    for (const file of await listRenderingSources(root)) {
      const restore = await edit(file, (text) => `${text}\n// changed\n`);
      assert.notEqual(await readRenderVersion(root), base, file);
      await restore();
    }
    assert.equal(await readRenderVersion(root), base);
  });

  it('stays the same when the watcher, the sync, the ledger or the web stage change', async () => {
    const base = await readRenderVersion(root);
    for (const file of [
      'src/content/sync/import-content.ts',
      'src/content/sync/sync-loop.ts',
      'src/content/editor-files/ledger.ts',
      'src/db/upsert-articles.ts',
      'src/web/routes.ts',
    ]) {
      const restore = await edit(file, (text) => `${text}\n// changed\n`);
      assert.equal(await readRenderVersion(root), base, file);
      await restore();
    }
  });
});
