import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  formatLedger,
  ledgerFileOf,
  parseLedger,
  SINGLE_LEDGER_FILE,
  type LedgerEntry,
} from '../../src/content/editor-files/ledger.js';
import { openDatabase } from '../../src/db/database.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { startSite, type TestSite } from '../helpers/site.js';
import { runCli } from '../helpers/cli.js';

/** The ledger file that holds ids 0 to 999, where the tests' articles are. */
const LEDGER_FILE = ledgerFileOf(1);
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

describe('parseLedger and formatLedger', () => {
  it('read back exactly what they wrote, paths with spaces, diacritics and tabs included', () => {
    const entries: LedgerEntry[] = [
      {
        id: 1,
        publishedAt: Date.parse('2026-11-26T23:11:22+07:00'),
        updatedAt: undefined,
        hash: HASH_A,
        path: 'huyen-uy-pac-nam.txt',
      },
      {
        id: 7,
        publishedAt: Date.parse('2024-04-20T08:00:00+07:00'),
        updatedAt: Date.parse('2024-04-21T09:15:30+07:00'),
        hash: HASH_B,
        path: 'Thời sự/bài có\ttab và \\ gạch.md',
      },
    ];
    const text = formatLedger(entries);
    assert.match(text, /^1\t2026-11-26T23:11:22\+07:00\t-\taaaa/m);
    const ledger = parseLedger(text, LEDGER_FILE);
    assert.deepEqual(ledger.entries, entries);
    assert.deepEqual(ledger.problems, []);
  });

  it('names the line of everything it cannot read, and keeps those lines and their ids', () => {
    const text = [
      '# id\tpublished\tupdated\tsha256\tpath',
      `3\t2024-04-20T08:00:00+07:00\t-\t${HASH_A}\ta.txt`,
      `12\thôm qua\t-\t${HASH_B}\tb.txt`,
      'một dòng ai đó gõ vào',
      `3\t2024-04-20T08:00:00+07:00\t-\t${HASH_B}\tc.txt`,
      `4\t2024-04-20T08:00:00+07:00\t-\tkhongphaibam\td.txt`,
    ].join('\n');
    const ledger = parseLedger(text, LEDGER_FILE);
    assert.deepEqual(
      ledger.entries.map((e) => e.id),
      [3],
    );
    assert.deepEqual(
      ledger.problems.map((p) => [p.file, p.line]),
      [
        [LEDGER_FILE, 3],
        [LEDGER_FILE, 4],
        [LEDGER_FILE, 5],
        [LEDGER_FILE, 6],
      ],
    );
    assert.match(ledger.problems[0]!.message, /giờ đăng "hôm qua"/);
    assert.match(ledger.problems[2]!.message, /hai lần/);
    assert.deepEqual(
      ledger.damaged.map((d) => d.id),
      [12, undefined, 3, 4],
    );
    const rewritten = formatLedger(ledger.entries, ledger.damaged);
    for (const line of text.split('\n').slice(1)) assert.ok(rewritten.includes(line), line);
  });
});

const dated = (title: string, date: string) =>
  `---\ndate: ${date}\n---\n${title}\n\nMở đầu bài ${title}.\n`;

/** What a reader and a crawler see of a site: statuses, redirects and dates of these paths. */
async function snapshot(site: TestSite, paths: string[]) {
  const seen: Record<string, unknown> = {};
  for (const p of paths) {
    const res = await site.request(p);
    seen[p] = {
      status: res.status,
      location: res.headers.location,
      etag: res.headers.etag,
      lastModified: res.headers['last-modified'],
      published: /<time datetime="([^"]+)"/.exec(res.body)?.[1],
    };
  }
  return seen;
}

async function tempContent(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-content-'));
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe('the ledger in content/', () => {
  it('rebuilds a deleted database with the same ids, URLs, redirects, 410s and dates', async () => {
    const contentDir = await tempContent({
      'b-khong-ngay.txt': 'Bài không ngày\n\nMở đầu.\n',
      'a-co-ngay.md': dated('Bài có ngày', '2024-04-20T08:00:00'),
      'c-se-go.txt': 'Bài sẽ gỡ\n\nMở đầu.\n',
      'd-se-chuyen.txt': 'Bài sẽ chuyển\n\nMở đầu.\n',
    });
    try {
      // The first server: files arrive over time, one is removed and one moved.
      const first = await startSite({ contentDir });
      await fs.utimes(path.join(contentDir, 'b-khong-ngay.txt'), 1_600_000_000, 1_600_000_000);
      await fs.writeFile(path.join(contentDir, 'e-moi.txt'), 'Bài mới\n\nMở đầu.\n');
      await first.importer.sync({ settleMs: 0 });
      await fs.rm(path.join(contentDir, 'c-se-go.txt'));
      await fs.mkdir(path.join(contentDir, 'Thời sự'));
      await fs.rename(
        path.join(contentDir, 'd-se-chuyen.txt'),
        path.join(contentDir, 'Thời sự', 'd-da-chuyen.txt'),
      );
      await first.importer.sync({ settleMs: 0 });
      const home = await (await first.get('/')).text();
      const articles = [...home.matchAll(/href="(\/[a-z0-9-]+-\d+\.html)"/g)].map((m) => m[1]!);
      assert.equal(new Set(articles).size, 4, articles.join(' '));
      const paths = [
        '/',
        ...new Set(articles),
        '/bai-se-go-3.html',
        '/ten-cu-1.html',
        '/chuyen-muc/thoi-su',
      ];
      const before = await snapshot(first, paths);
      await first.close();

      // A new server on the same files, its database gone.
      const second = await startSite({ contentDir });
      try {
        assert.deepEqual(await snapshot(second, paths), before);
        assert.equal((before['/bai-se-go-3.html'] as { status: number }).status, 410);
        assert.equal((before['/ten-cu-1.html'] as { status: number }).status, 301);
      } finally {
        await second.close();
      }
    } finally {
      await fs.rm(contentDir, { recursive: true, force: true });
    }
  });

  it('is written again from the database when an editor deletes it', async () => {
    const site = await startSite({ files: { 'a.txt': 'Bài A\n\nMở đầu.\n' } });
    try {
      const ledger = path.join(site.contentDir, LEDGER_FILE);
      const written = await fs.readFile(ledger, 'utf8');
      assert.match(written, /^1\t.*\ta\.txt$/m);
      await fs.rm(ledger);
      await site.importer.sync({ settleMs: 0 });
      assert.equal(await fs.readFile(ledger, 'utf8'), written);
    } finally {
      await site.close();
    }
  });

  it('reports a line damaged by hand with its line number and never gives its id again', async () => {
    const contentDir = await tempContent({ 'a.txt': 'Bài A\n\nMở đầu.\n' });
    try {
      // A ledger from elsewhere, one of its lines mangled by hand: id 5 was given to a file.
      await fs.mkdir(path.dirname(path.join(contentDir, LEDGER_FILE)));
      await fs.writeFile(
        path.join(contentDir, LEDGER_FILE),
        `# sổ\n5\t2024-04-20 lúc 8 giờ\t-\t${HASH_A}\tb.txt\n`,
      );
      const site = await startSite({ contentDir });
      try {
        const problems = await site.db.all<{ file: string; line: number; message: string }>(
          'SELECT file, line, message FROM file_problems',
        );
        assert.deepEqual(
          problems.map((p) => [p.file, p.line]),
          [[LEDGER_FILE, 2]],
        );
        assert.equal((await site.get('/bai-a-6.html')).status, 200, 'the next id, not 5');
        const ledger = await fs.readFile(path.join(contentDir, LEDGER_FILE), 'utf8');
        assert.match(ledger, /^5\t2024-04-20 lúc 8 giờ\t/m, 'the damaged line is kept');
        assert.match(ledger, /^6\t.*\ta\.txt$/m);
      } finally {
        await site.close();
      }
    } finally {
      await fs.rm(contentDir, { recursive: true, force: true });
    }
  });

  it('replaces the single file of earlier releases with the folder, keeping every id and date', async () => {
    const hash = (text: string) => createHash('sha256').update(text).digest('hex');
    const a = 'Bài A\n\nMở đầu.\n';
    const contentDir = await tempContent({
      'a.txt': a,
      [SINGLE_LEDGER_FILE]: [
        '# sổ của bản cũ',
        `7\t2020-05-01T08:00:00+07:00\t-\t${hash(a)}\ta.txt`,
        `12\t2021-01-01T08:00:00+07:00\t-\t${HASH_B}\tda-go.txt`,
        '13\tdòng hỏng',
        '',
      ].join('\n'),
    });
    try {
      const site = await startSite({ contentDir });
      try {
        const page = await site.request('/bai-a-7.html');
        assert.equal(page.status, 200);
        assert.match(page.body, /<time datetime="2020-05-01T08:00:00\+07:00">/);
        assert.equal((await site.get('/bai-da-go-12.html')).status, 410);
        await fs.writeFile(path.join(contentDir, 'b.txt'), 'Bài B\n\nMở đầu.\n');
        await site.importer.sync({ settleMs: 0 });
        assert.equal((await site.get('/bai-b-14.html')).status, 200, 'never 13, kept as damaged');
        assert.deepEqual(
          await fs.readdir(contentDir).then((n) => n.includes(SINGLE_LEDGER_FILE)),
          false,
        );
        const ledger = await fs.readFile(path.join(contentDir, LEDGER_FILE), 'utf8');
        assert.deepEqual(
          ledger
            .split('\n')
            .filter((l) => /^\d/.test(l))
            .map((l) => l.split('\t')[0]),
          ['7', '12', '13', '14'],
        );
        const problems = await site.db.all<{ file: string; line: number }>(
          'SELECT file, line FROM file_problems',
        );
        const damagedAt = ledger.split('\n').findIndex((l) => l.startsWith('13\t')) + 1;
        assert.deepEqual(problems, [{ file: LEDGER_FILE, line: damagedAt }]);
      } finally {
        await site.close();
      }
    } finally {
      await fs.rm(contentDir, { recursive: true, force: true });
    }
  });

  it('keeps a thousand ids per file, and rewrites only the file of an id that changed', async () => {
    const contentDir = await tempContent({
      'x.txt': 'Bài X\n\nMở đầu.\n',
      'a.txt': 'Bài A\n\nMở đầu.\n',
      [ledgerFileOf(5)]: `5\t2024-04-20T08:00:00+07:00\t-\t${HASH_A}\tx.txt\n`,
      [ledgerFileOf(1500)]: `1500\t2024-04-21T08:00:00+07:00\t-\t${HASH_B}\ta.txt\n`,
    });
    try {
      const site = await startSite({ contentDir });
      try {
        assert.equal((await site.get('/bai-a-1500.html')).status, 200);
        const first = path.join(contentDir, ledgerFileOf(5));
        const before = (await fs.stat(first)).mtimeMs;
        await fs.writeFile(path.join(contentDir, 'a.txt'), 'Bài A\n\nĐã sửa.\n');
        await fs.writeFile(path.join(contentDir, 'b.txt'), 'Bài B\n\nMở đầu.\n');
        await site.importer.sync({ settleMs: 0 });
        const second = await fs.readFile(path.join(contentDir, ledgerFileOf(1500)), 'utf8');
        assert.match(second, /^1500\t.*\ta\.txt$/m);
        assert.match(second, /^1501\t.*\tb\.txt$/m);
        assert.equal((await fs.stat(first)).mtimeMs, before, 'the file of ids 0-999 untouched');
      } finally {
        await site.close();
      }
    } finally {
      await fs.rm(contentDir, { recursive: true, force: true });
    }
  });

  it("dates the district report the same on every fresh clone, from the repository's ledger", async () => {
    const contentDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-content-'));
    try {
      await fs.cp(path.join(PROJECT_ROOT, 'content'), contentDir, { recursive: true });
      // A fresh clone: the file's time is whenever git wrote it.
      const now = new Date();
      for (const name of await fs.readdir(contentDir)) {
        await fs.utimes(path.join(contentDir, name), now, now);
      }
      const site = await startSite({ contentDir });
      try {
        const page = await (
          await site.get('/huyen-uy-pac-nam-bam-sat-thuc-tien-thuc-hien-nhiem-vu-trong-tam-1.html')
        ).text();
        assert.match(page, /<time datetime="2026-11-26T23:11:22\+07:00">/);
      } finally {
        await site.close();
      }
    } finally {
      await fs.rm(contentDir, { recursive: true, force: true });
    }
  });
});

describe('a replica', () => {
  it('publishes a file only once the ledger it receives names it, and never writes content/', async () => {
    const primary = await startSite({
      files: { 'a.md': dated('Bài A', '2024-04-20T08:00:00') },
    });
    const replicaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-replica-'));
    // Content reaches the replica as an operator's rsync would bring it.
    const copy = () =>
      new Promise<void>((resolve, reject) =>
        execFile('cp', ['-a', `${primary.contentDir}/.`, replicaDir], (e) =>
          e ? reject(e) : resolve(),
        ),
      );
    try {
      await copy();
      const replica = await startSite({ contentDir: replicaDir, role: 'replica' });
      try {
        assert.equal((await replica.get('/bai-a-1.html')).status, 200);
        // A new file reaches the replica before the primary has named it in the ledger.
        await fs.writeFile(path.join(replicaDir, 'b.md'), dated('Bài B', '2024-04-21T08:00:00'));
        const listing = await fs.readdir(replicaDir);
        const report = await replica.importer.sync({ settleMs: 0 });
        assert.equal(report.waiting, 1);
        assert.equal((await replica.get('/bai-b-2.html')).status, 404);
        assert.deepEqual(await fs.readdir(replicaDir), listing, 'the replica wrote nothing');

        // The primary imports it and names it; the ledger reaches the replica.
        await primary.write('b.md', dated('Bài B', '2024-04-21T08:00:00'));
        await primary.importer.sync({ settleMs: 0 });
        await copy();
        await replica.importer.sync({ settleMs: 0 });
        const [fromPrimary, fromReplica] = await Promise.all([
          primary.request('/bai-b-2.html'),
          replica.request('/bai-b-2.html'),
        ]);
        assert.equal(fromReplica.status, 200);
        assert.equal(fromReplica.headers.etag, fromPrimary.headers.etag);

        // An edit: the replica shows it once the ledger records it, dated as the primary dates it.
        await primary.write(
          'a.md',
          dated('Bài A', '2024-04-20T08:00:00').replace('Mở đầu', 'Đã sửa'),
        );
        await primary.importer.sync({ settleMs: 0 });
        await copy();
        await replica.importer.sync({ settleMs: 0 });
        const [edited, editedThere] = await Promise.all([
          primary.request('/bai-a-1.html'),
          replica.request('/bai-a-1.html'),
        ]);
        assert.match(editedThere.body, /Đã sửa bài Bài A/);
        assert.equal(editedThere.body, edited.body);
        assert.equal(editedThere.headers.etag, edited.headers.etag);
      } finally {
        await replica.close();
      }
    } finally {
      await primary.close();
      await fs.rm(replicaDir, { recursive: true, force: true });
    }
  });
});

describe('stored HTML', () => {
  it('is rendered again from its file when an older version of the code rendered it', async () => {
    const site = await startSite({ files: { 'a.txt': 'Bài A\n\nMở đầu.\n\nThân bài.\n' } });
    try {
      // As a previous release might have left it: other markup, another version.
      await site.db.transaction((tx) =>
        tx
          .run("UPDATE article_bodies SET body_html = '<p>bản cũ</p>' WHERE id = 1")
          .then(() => tx.run("UPDATE articles SET render_version = 'ban-cu' WHERE id = 1")),
      );
      const report = await site.importer.sync({ settleMs: 0 });
      assert.equal(report.updated, 1);
      const page = await (await site.get('/bai-a-1.html')).text();
      assert.match(page, /<p>Thân bài\.<\/p>/);
      assert.doesNotMatch(page, /bản cũ/);
      const again = await site.importer.sync({ settleMs: 0 });
      assert.equal(again.updated, 0, 'rendered once, not at every sync');
    } finally {
      await site.close();
    }
  });

  it('keeps a body in less than half the space of its HTML, and reads one an older release left as text', async () => {
    const paragraphs = Array.from(
      { length: 12 },
      (_, i) =>
        `Đoạn ${i + 1}: Huyện ủy Pác Nặm chỉ đạo các xã rà soát hộ nghèo, làm đường bê tông.`,
    );
    const site = await startSite({
      files: {
        'a.md': `---\ntitle: Bài A\n---\n${paragraphs.join('\n\n')}\n`,
        'b.md': '---\ntitle: Bài B\n---\nMở đầu.\n',
      },
    });
    try {
      const row = await site.db.get<{ kind: string; bytes: number }>(
        'SELECT typeof(body_html) AS kind, length(body_html) AS bytes FROM article_bodies WHERE id = 1',
      );
      const html = paragraphs
        .slice(1)
        .map((p) => `<p>${p}</p>`)
        .join('\n');
      assert.equal(row?.kind, 'blob');
      assert.ok(
        row.bytes < Buffer.byteLength(html) / 2,
        `${row.bytes} bytes stored for ${Buffer.byteLength(html)} of HTML`,
      );
      const page = await (await site.get('/bai-a-1.html')).text();
      // The first paragraph is the lead; the others are the body, read back from its bytes.
      for (const p of paragraphs.slice(1)) assert.ok(page.includes(`<p>${p}</p>`), p);

      // A row as the release before packed bodies stored it, rendered by this release's code.
      await site.db.transaction((tx) =>
        tx.run("UPDATE article_bodies SET body_html = '<p>Viết bởi bản trước.</p>' WHERE id = 2"),
      );
      await site.importer.sync({ settleMs: 0 });
      const old = await (await site.get('/bai-b-2.html')).text();
      assert.match(old, /<p>Viết bởi bản trước\.<\/p>/);
    } finally {
      await site.close();
    }
  });

  it('does not change the dates of an article rendered again', async () => {
    const site = await startSite({ files: { 'a.txt': 'Bài A\n\nMở đầu.\n' } });
    try {
      const before = await site.request('/bai-a-1.html');
      const db = await openDatabase(site.databasePath);
      await db.transaction((tx) => tx.run("UPDATE articles SET render_version = 'ban-cu'"));
      await db.close();
      await site.importer.sync({ settleMs: 0 });
      const after = await site.request('/bai-a-1.html');
      assert.equal(after.headers['last-modified'], before.headers['last-modified']);
      assert.equal(after.headers.etag, before.headers.etag);
    } finally {
      await site.close();
    }
  });
});

describe('npm run check', () => {
  it('names a damaged ledger line, file and line, and exits 1', async () => {
    const contentDir = await tempContent({
      'a.txt': 'Bài A\n\nMở đầu.\n',
      [LEDGER_FILE]: `# sổ\n1\t2024-04-20T08:00:00+07:00\t-\t${HASH_A}\ta.txt\n2\tsai\n`,
    });
    try {
      const { code, stdout } = await runCli('check.ts', {
        CONTENT_DIR: contentDir,
        DATABASE_PATH: path.join(contentDir, '..', 'x.db'),
      });
      assert.equal(code, 1);
      assert.match(stdout, new RegExp(`^${LEDGER_FILE}:3: dòng phải có 5 cột`, 'm'));
    } finally {
      await fs.rm(contentDir, { recursive: true, force: true });
    }
  });
});
