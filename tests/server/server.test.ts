import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import sqlite3 from 'sqlite3';
import { PROJECT_ROOT } from '../../src/paths.js';
import { SEED_FILE } from '../helpers/site.js';

function startServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A server on any free port, serving `root`/content from a database in `root`/data. */
function siteIn(root: string, database = 'site.db'): Record<string, string> {
  return {
    PORT: '0',
    CONTENT_DIR: path.join(root, 'content'),
    DATABASE_PATH: path.join(root, 'data', database),
  };
}

/** The server's address, once it says it is listening. */
function listening(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', () => reject(new Error(`server exited:\n${out}`)));
  });
}

const outputOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({}, '/srv/tin');
    assert.deepEqual(config, {
      port: 3000,
      host: '127.0.0.1',
      contentDir: '/srv/tin/content',
      databasePath: '/srv/tin/data/site.db',
      siteUrl: 'http://localhost:3000',
      siteName: 'Tin Vùng Cao',
      watch: true,
      walkMinutes: 10,
      logLevel: 'info',
      pageCacheMb: 64,
      mediaCacheMb: 256,
      role: 'primary',
      requestLog: true,
      trustProxy: false,
      previewSecret: undefined,
      searchRateLimit: 1,
      serviceWorker: 'on',
    });
    assert.ok(Object.isFrozen(config));
  });

  it('lists every bad variable in one error', () => {
    assert.throws(
      () =>
        loadConfig(
          {
            PORT: 'abc',
            SITE_URL: 'ftp://x',
            WATCH: 'maybe',
            LOG_LEVEL: 'loud',
            PAGE_CACHE_MB: 'lots',
            ROLE: 'secondary',
            REQUEST_LOG: 'maybe',
            MEDIA_CACHE_MB: '1.5',
            SERVICE_WORKER: 'off',
          },
          '/',
        ),
      (error: Error) =>
        /PAGE_CACHE_MB/.test(error.message) &&
        /ROLE must be primary or replica/.test(error.message) &&
        /REQUEST_LOG must be 1 or 0/.test(error.message) &&
        /PORT/.test(error.message) &&
        /SITE_URL/.test(error.message) &&
        /WATCH/.test(error.message) &&
        /LOG_LEVEL/.test(error.message) &&
        /SERVICE_WORKER must be on or retire, got "off"/.test(error.message) &&
        /MEDIA_CACHE_MB must be a whole number of megabytes, 1 or more, got "1.5"/.test(
          error.message,
        ),
    );
  });

  it('takes SITE_URL without its trailing slash, and resolves folders from the working directory', () => {
    const config = loadConfig(
      {
        SITE_URL: 'https://tin.example.vn/',
        CONTENT_DIR: 'bai',
        DATABASE_PATH: '/var/lib/tin.db',
        WATCH: '0',
      },
      '/srv/tin',
    );
    assert.equal(config.siteUrl, 'https://tin.example.vn');
    assert.equal(config.contentDir, '/srv/tin/bai');
    assert.equal(config.databasePath, '/var/lib/tin.db');
    assert.equal(config.watch, false);
  });
});

describe('the server process', () => {
  let root: string;
  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-server-'));
    await fs.mkdir(path.join(root, 'content'));
    await fs.copyFile(SEED_FILE, path.join(root, 'content', 'bai.txt'));
  });
  after(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('imports content/ before it listens, serves the district report, and stops cleanly on SIGTERM', async () => {
    const child = startServer(siteIn(root));
    const exited = outputOf(child);
    try {
      const url = await listening(child);
      const page = await fetch(
        `${url}/huyen-uy-pac-nam-bam-sat-thuc-tien-thuc-hien-nhiem-vu-trong-tam-1.html`,
      );
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Nguyễn Nghĩa/);
    } finally {
      child.kill('SIGTERM');
    }
    const { code } = await exited;
    assert.equal(code, 0);
    await fs.access(path.join(root, 'data', 'site.db'));
  });

  it('logs the SQLite version and that FTS5 is present once it listens', async () => {
    const child = startServer({ ...siteIn(root, 'sqlite-info.db'), WATCH: '0' });
    const exited = outputOf(child);
    try {
      const lines = await new Promise<{ msg: string; sqlite?: unknown }[]>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          // Asked for once the server listens, so the first reader never waits for it.
          if (/"msg":"serving [\s\S]*"sqlite":[^\n]*\n/.test(out))
            resolve(
              out
                .trim()
                .split('\n')
                .map((l) => JSON.parse(l)),
            );
        });
        child.on('exit', () => reject(new Error(`server exited:\n${out}`)));
      });
      const line = lines.find((l) => l.sqlite !== undefined);
      assert.deepEqual(line?.sqlite, { version: sqlite3.VERSION, fts5: true });
      assert.equal(line?.msg, `SQLite ${sqlite3.VERSION}, FTS5 present`);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal((await exited).code, 0);
  });

  it('restarts on an existing database by listening at once, serving while it catches up', async () => {
    const env = siteIn(root);
    const first = startServer(env);
    await listening(first);
    first.kill('SIGTERM');
    await outputOf(first);
    // While the site was down, a large folder arrived: reconciling it takes a while.
    for (let n = 1; n <= 800; n++) {
      await fs.writeFile(
        path.join(root, 'content', `moi-${n}.txt`),
        `Bài mới số ${n}\n\nMở đầu.\n`,
      );
    }
    const second = startServer(env);
    const exited = outputOf(second);
    try {
      const url = await listening(second);
      const health = (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>;
      const page = await fetch(
        `${url}/huyen-uy-pac-nam-bam-sat-thuc-tien-thuc-hien-nhiem-vu-trong-tam-1.html`,
      );
      assert.equal(page.status, 200, 'the last good site is served at once');
      assert.equal(health.status, 'catching-up');
      assert.equal(health.articles, 1);
      for (;;) {
        const now = (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>;
        if (now.status === 'ok') {
          assert.equal(now.articles, 801);
          assert.match(String(now.lastSync), /\+07:00$/);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      second.kill('SIGTERM');
    }
    assert.equal((await exited).code, 0);
  });

  it('refuses to start on bad configuration, naming every problem', async () => {
    const { code, stderr } = await outputOf(startServer({ PORT: '99999', WATCH: 'x' }));
    assert.equal(code, 1);
    assert.match(stderr, /PORT must be a whole number/);
    assert.match(stderr, /WATCH must be 1 or 0/);
  });

  it('refuses to start when CONTENT_DIR does not exist', async () => {
    const { code, stderr } = await outputOf(
      startServer({ CONTENT_DIR: path.join(root, 'khong-co') }),
    );
    assert.equal(code, 1);
    assert.match(stderr, /CONTENT_DIR .*khong-co does not exist/);
  });
});

describe('the server timeouts', () => {
  it('answers 408 and closes the connection of a client that never finishes its headers', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-server-'));
    await fs.mkdir(path.join(root, 'content'));
    const child = startServer(siteIn(root));
    const exited = outputOf(child);
    try {
      const url = new URL(await listening(child));
      const started = performance.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(url.port), url.hostname, () => {
          // A slow-header client: a request line and one header, then nothing.
          socket.write('GET / HTTP/1.1\r\nHost: tin.example.vn\r\n');
        });
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
      const seconds = (performance.now() - started) / 1000;
      assert.match(answer, /^HTTP\/1\.1 408/);
      assert.ok(seconds >= 9 && seconds < 13, `cut after ${seconds.toFixed(1)} s, not 10`);
    } finally {
      child.kill('SIGTERM');
      await exited;
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
