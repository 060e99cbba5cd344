import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openContentFs } from '../../src/content/sync/content-fs.js';
import { examinePath, type ContentFile } from '../../src/content/sync/examine-path.js';
import { MediaIndex } from '../../src/content/sync/measure-media.js';
import { createArticleReader, READ_AHEAD } from '../../src/content/sync/read-articles.js';

describe('parsing a large batch on worker threads', () => {
  it('keeps at most a bounded number of parsed files waiting for a slow importer', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-read-ahead-'));
    const count = READ_AHEAD * 3;
    try {
      for (let i = 0; i < count; i++) {
        await fs.writeFile(
          path.join(dir, `bai-${String(i).padStart(5, '0')}.md`),
          `---\ntitle: Bài số ${i}\n---\nMở đầu bài số ${i}.\n`,
        );
      }
      const cfs = openContentFs(dir);
      const sources: ContentFile[] = [];
      for (const name of (await fs.readdir(dir)).sort()) {
        const found = examinePath(cfs, name);
        if (found.kind === 'article') sources.push(found.source);
      }
      const reader = createArticleReader(cfs, { threads: 2 });
      try {
        let taken = 0;
        let mostAhead = 0;
        for await (const outcome of reader.read(sources, new MediaIndex())) {
          assert.equal(outcome.kind, 'parsed');
          taken++;
          // An importer storing slowly: the workers have time to run as far ahead as they may.
          if (taken === 1 || taken % 500 === 0) await new Promise((r) => setTimeout(r, 300));
          mostAhead = Math.max(mostAhead, cfs.counts.read - taken);
        }
        assert.equal(taken, count);
        assert.equal(cfs.counts.read, count, 'each file read once');
        assert.ok(mostAhead > 0, 'the workers did parse ahead');
        // At most READ_AHEAD past the file taken, plus the batch each worker had in hand.
        assert.ok(mostAhead <= READ_AHEAD + 2 * 32, `${mostAhead} files parsed and waiting`);
      } finally {
        await reader.close();
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
