import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { FsCounts } from '../../src/content/sync/content-fs.js';
import { IMPORTER_NICENESS } from '../../src/content/sync/thread-priority.js';
import { waitFor, WATCHER_WAIT_MS } from '../../harness/wait-for.js';
import { articlePathOf, cardTitles, startSite, type TestSite } from '../helpers/site.js';

/** An archive of `count` small articles in two section folders. */
function archive(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const folder = i % 2 === 0 ? 'Thời sự' : 'Kinh tế';
    files[`${folder}/bai-${i}.md`] =
      `---\ntitle: Bài số ${i}\ntags: [Pác Nặm]\n---\nMở đầu ${i}.\n`;
  }
  return files;
}

const sum = (counts: FsCounts[]): FsCounts => ({
  stat: counts.reduce((n, c) => n + c.stat, 0),
  readdir: counts.reduce((n, c) => n + c.readdir, 0),
  read: counts.reduce((n, c) => n + c.read, 0),
});

/** Waits until the watcher has had nothing to do for a while (the start's own writes are done). */
async function quiet(site: TestSite): Promise<void> {
  let seen = -1;
  while (seen !== site.syncs.length) {
    seen = site.syncs.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

/** Saves one new article into a section and returns what the syncs that published it looked at. */
async function saveOne(site: TestSite): Promise<{ total: FsCounts; syncs: FsCounts[] }> {
  await quiet(site);
  const from = site.syncs.length;
  await site.write('Thời sự/bai-moi.md', '---\ntitle: Bài mới lưu\n---\nMở đầu bài mới.\n');
  await waitFor(
    async () => cardTitles(await (await site.get('/')).text()).includes('Bài mới lưu'),
    WATCHER_WAIT_MS,
    'the saved article on the home page',
  );
  // The ledger line the primary writes comes back as an event too: part of what a save costs.
  await quiet(site);
  const syncs = site.syncs.slice(from).map((s) => {
    assert.equal(s.kind, 'edit', 'only edits ran, no walk');
    return s.report.looked;
  });
  return { total: sum(syncs), syncs };
}

describe('the cost of an edit', () => {
  it('is the same in a folder of 20 articles as in one of 2,000: one read, a few stats, no listing', async () => {
    const costs: { size: number; total: FsCounts; syncs: FsCounts[] }[] = [];
    for (const size of [20, 2000]) {
      const site = await startSite({ watch: true, files: archive(size) });
      try {
        costs.push({ size, ...(await saveOne(site)) });
        // The walk, by contrast, looks at every file: the counts are of real looks.
        const walk = await site.importer.sync({ settleMs: 0 });
        assert.ok(walk.looked.stat >= size, `a walk stats every file (${walk.looked.stat})`);
      } finally {
        await site.close();
      }
    }
    for (const { size, total, syncs } of costs) {
      const seen = JSON.stringify({ size, total, syncs });
      assert.equal(total.read, 1, `the saved file is read once: ${seen}`);
      assert.equal(total.readdir, 0, `no folder is listed: ${seen}`);
      for (const looked of syncs) assert.ok(looked.stat <= 4, `a sync stats a few paths: ${seen}`);
    }
  });
});

describe('the walk through content/', () => {
  it('finds a change no event announced, as a file written from elsewhere on a share is', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-outside-'));
    const site = await startSite({
      watch: true,
      walkEveryMs: 1500,
      files: { 'a.txt': 'Bài A\n\nMở đầu cũ.\n' },
    });
    try {
      // The same file under a second name outside content/: written through that name, it
      // changes in content/ without any event there.
      await fs.link(path.join(site.contentDir, 'a.txt'), path.join(outside, 'a.txt'));
      const from = site.syncs.length;
      await fs.writeFile(path.join(outside, 'a.txt'), 'Bài A\n\nMở đầu mới.\n');
      const url = (await articlePathOf(site, 'Bài A'))!;
      const page = async () => (await site.get(url)).text();
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.match(await page(), /Mở đầu cũ/, 'no event announced it');
      const edits = site.syncs.slice(from).filter((s) => s.kind === 'edit');
      assert.ok(
        edits.every((s) => s.report.updated === 0),
        'no sync of edits found the change',
      );
      await waitFor(async () => /Mở đầu mới/.test(await page()), 5000, 'the walk finds it');
      // The walk says what it did once it is over, a moment after the page shows the change.
      const walked = () =>
        site.syncs.slice(from).find((s) => s.kind === 'walk' && s.report.updated > 0);
      await waitFor(async () => walked() !== undefined, 5000, 'the walk is over');
      assert.equal(walked()?.report.updated, 1);
    } finally {
      await site.close();
      await fs.rm(outside, { recursive: true, force: true });
    }
  });
});

describe('memory', () => {
  it('keeps nothing per article on the importer thread between syncs', async () => {
    const site = await startSite({ files: archive(2000) });
    try {
      // Measured after 2,000 articles and after 2,000 more: the code that imports them is
      // compiled the same by then, so what grows is what the thread keeps.
      const before = await site.importer.measureHeap();
      for (const [file, text] of Object.entries(archive(4000)).slice(2000)) {
        await site.write(file, text);
      }
      const report = await site.importer.sync({ settleMs: 0 });
      assert.equal(report.added, 2000);
      const after = await site.importer.measureHeap();
      const perArticle = (after - before) / 2000;
      assert.ok(
        perArticle < 100,
        `${perArticle.toFixed(1)} bytes per article (${before}, ${after})`,
      );
    } finally {
      await site.close();
    }
  });
});

/** Each thread of this process as the kernel schedules it: its id and its niceness. */
async function threadNiceness(): Promise<{ id: number; niceness: number }[]> {
  const threads = [];
  for (const id of await fs.readdir('/proc/self/task')) {
    const stat = await fs.readFile(`/proc/self/task/${id}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined) continue;
    // After "pid (comm) ": state is field 3, niceness field 19.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    threads.push({ id: Number(id), niceness: Number(fields[16]) });
  }
  return threads;
}

describe(
  'readers first',
  { skip: process.platform !== 'linux' && 'threads are reniced on Linux' },
  () => {
    it('runs the importer at a background priority and the thread that answers readers at its own', async () => {
      const site = await startSite({ files: archive(4) });
      try {
        const threads = await threadNiceness();
        const main = threads.find((t) => t.id === process.pid);
        assert.equal(main?.niceness, 0, 'the readers thread is not slowed');
        assert.ok(
          threads.some((t) => t.niceness === IMPORTER_NICENESS),
          `a thread at niceness ${IMPORTER_NICENESS}: ${JSON.stringify(threads)}`,
        );
        // The importer still imports at that priority.
        await site.write('Thời sự/moi.md', '---\ntitle: Bài mới\n---\nMở đầu.\n');
        await site.importer.sync({ settleMs: 0 });
        assert.ok(await articlePathOf(site, 'Bài mới'));
      } finally {
        await site.close();
      }
    });
  },
);
