import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { ledgerFileOf } from '../../src/content/editor-files/ledger.js';
import { openDatabase } from '../../src/db/database.js';
import { requireNginx } from '../../harness/start-nginx.js';
import { startSiteNginx, type RunningNginx } from '../../harness/start-site-nginx.js';
import { startSiteProcess, type SiteProcess } from '../../harness/start-site-process.js';
import { waitFor, WATCHER_WAIT_MS } from '../../harness/wait-for.js';

// The articles, one per check, so no check reads a page another one changed. Each has a date
// in its front matter: two servers agree on a page only when its file carries its date.
const ARTICLES = {
  etag: 'Chợ phiên Bằng Thành đông vui ngày cuối tuần',
  share: 'Thanh niên tình nguyện sửa nhà cho hộ nghèo',
  lock: 'Bản Khuổi Khí làm du lịch cộng đồng',
  keepalive: 'Phụ nữ Pác Nặm học nghề may',
  revalidate: 'Mùa mật ong bạc hà trên cao nguyên đá',
  conditional: 'Giá nông sản tuần này tại các chợ vùng cao',
  encodings: 'Nghề dệt thổ cẩm của người Dao đỏ ở Cổ Linh',
  edit: 'Huyện ủy Pác Nặm họp bàn nhiệm vụ trọng tâm',
  'cold-edit': 'Ruộng bậc thang Bộc Bố mùa nước đổ',
  'one-down': 'Đường liên xã Cổ Linh được nâng cấp',
  stale: 'Trường học vùng cao đón năm học mới',
  uncached: 'Lễ hội Lồng tồng đầu xuân ở Nghiên Loan',
  'error-500': 'Hợp tác xã măng khô mở rộng vùng nguyên liệu',
  'stale-500': 'Bà con Bằng Thành trồng lại rừng đầu nguồn',
  'other-edit': 'Thời tiết vùng cao tuần tới có mưa rào',
} as const;
type ArticleName = keyof typeof ARTICLES;

// The one article a check adds (the 404 check): the next id after the fixture's.
const NEW_ARTICLE = { slug: 'bai-moi', id: Object.keys(ARTICLES).length + 1 };

const SITE_URL = 'https://tin.example.vn';
// Pages say s-maxage=1 and nginx counts in whole seconds, so a kept page is fresh for 1 to 2 s.
const EXPIRED_MS = 2100;
// nginx shows a change less than 2 s after the origins do (a copy taken just before they did
// stays fresh for up to 2 s). The test's polls, a request every 20 ms, see each moment up to
// one poll late.
const NGINX_LAG_MS = 2000 + 100;

function articleFile(slug: string, title: string, day: number, lead: string): string {
  return `---
date: 2024-04-${String(day).padStart(2, '0')}T08:00
slug: ${slug}
tags: [Pác Nặm]
---
${title}

${lead}

Theo báo cáo của Ủy ban nhân dân huyện, năm qua các xã vùng cao đã hoàn thành phần lớn chỉ tiêu
về giao thông nông thôn, nước sạch và trường học. Nhiều tuyến đường liên thôn được bê tông hóa,
giúp bà con đi lại, vận chuyển nông sản thuận lợi hơn trong mùa mưa.

Bên cạnh đó, huyện tiếp tục hỗ trợ người dân phát triển chăn nuôi, trồng cây dược liệu dưới tán
rừng và giữ gìn nghề truyền thống. Các hợp tác xã được hướng dẫn làm tem truy xuất nguồn gốc để
đưa sản phẩm vào siêu thị ở thành phố.

Nguyễn Nghĩa
`;
}

/** A fixture article's file, with its own title and date and the lead given (an edit's). */
function fixtureFile(name: ArticleName, lead = `Bản đầu tiên của bài ${name}.`): string {
  return articleFile(name, ARTICLES[name], Object.keys(ARTICLES).indexOf(name) + 1, lead);
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as sent (compressed when the response says so). */
  body: Buffer;
  text: string;
}

/**
 * A GET with exactly these headers: no Accept-Encoding unless given, never decompressed. Over
 * HTTPS (nginx) it trusts the certificate made for the run.
 */
function get(baseUrl: string, pathname: string, headers: Record<string, string> = {}) {
  const client = baseUrl.startsWith('https:') ? https : http;
  return new Promise<Reply>((resolve, reject) => {
    const url = new URL(pathname, baseUrl);
    const request = client.get(url, { headers, rejectUnauthorized: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body,
          text: body.toString('utf8'),
        });
      });
    });
    request.setTimeout(15_000, () => request.destroy(new Error(`GET ${pathname}: no answer`)));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One TLS connection to nginx in `version`, offering `session` to resume, and one request on it:
 * whether the session was resumed, and the session the server gave to resume next time.
 */
function handshake(port: number, version: tls.SecureVersion, session?: Buffer) {
  return new Promise<{ reused: boolean; session: Buffer | undefined }>((resolve, reject) => {
    let given: Buffer | undefined;
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'tin.example.vn',
      rejectUnauthorized: false,
      minVersion: version,
      maxVersion: version,
      session,
    });
    // TLS 1.3 gives the session after the handshake, with the answer.
    socket.on('session', (ticket: Buffer) => (given = ticket));
    socket.once('secureConnect', () =>
      socket.write('GET /healthz HTTP/1.1\r\nHost: tin.example.vn\r\nConnection: close\r\n\r\n'),
    );
    socket.on('data', () => undefined);
    socket.once('end', () => resolve({ reused: socket.isSessionReused(), session: given }));
    socket.once('error', reject);
  });
}

/** From the shipped access log format: each URL's requests that reached an origin, and which. */
/**
 * nginx's access log once it has a line for `count` requests for `url`: nginx writes a request's
 * line after its answer has gone, so the last answer can arrive before its line does.
 */
async function logOf(nginx: RunningNginx, url: string, count: number): Promise<string[]> {
  let log: string[] = [];
  await waitFor(
    async () => {
      log = await nginx.accessLog();
      return log.filter((line) => line.includes(`"GET ${url} `)).length >= count;
    },
    5000,
    `nginx's log lines for ${count} requests for ${url}`,
  );
  return log;
}

function originsByUrl(log: readonly string[]): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  for (const line of log) {
    const match = /"GET (\S+) HTTP\/1\.1" .* origin=(\S+(?:, \S+)*) origin_status=/.exec(line);
    if (!match || match[2] === '-') continue;
    reached.set(match[1]!, [...(reached.get(match[1]!) ?? []), match[2]!]);
  }
  return reached;
}

/**
 * The TCP connections with one end on one of `ports`, as the kernel lists them (IPv4), each as
 * "local remote state"; state 01 is established, 0A listening, 06 closed and waiting (TIME_WAIT).
 */
async function connectionsTo(ports: readonly number[]): Promise<Set<string>> {
  const ends = ports.map((port) => `:${port.toString(16).toUpperCase().padStart(4, '0')}`);
  const connections = new Set<string>();
  for (const line of (await fs.readFile('/proc/net/tcp', 'utf8')).split('\n').slice(1)) {
    const [, local, remote, state] = line.trim().split(/\s+/);
    if (local === undefined || remote === undefined) continue;
    if (ends.some((end) => local.endsWith(end) || remote.endsWith(end))) {
      connections.add(`${local} ${remote} ${state}`);
    }
  }
  return connections;
}

describe('nginx in front of two origins (deploy/nginx/tin.conf)', { timeout: 240_000 }, () => {
  let root: string | undefined;
  const specs: { contentDir: string; databasePath: string }[] = [];
  const origins: SiteProcess[] = [];
  let nginx: RunningNginx | undefined;
  const paths = new Map<string, string>();

  const pathOf = (name: ArticleName) => paths.get(name)!;
  const nginxUrl = () => nginx!.url;

  // Origin 0 is the primary, which gives ids and writes the ledger; origin 1 a replica fed from
  // it, as the README's rsync feeds one.
  const startOriginNumber = async (index: number, port?: number) => {
    const env: Record<string, string> = { SITE_URL };
    if (index === 1) env.ROLE = 'replica';
    origins[index] = await startSiteProcess({ ...specs[index]!, port, env });
  };
  /** Brings back every killed origin on its old port, so the next check finds both. */
  const reviveOrigins = async () => {
    for (const [index, origin] of origins.entries()) {
      if (origin.hasExited()) await startOriginNumber(index, origin.port);
    }
  };

  /**
   * Copies files from the primary's folder to the replica's the way rsync --delay-updates does:
   * under a hidden name, with the same modification time, then renamed into place. The time
   * matters: an edit's Last-Modified is the file's time, and the two servers must agree.
   */
  const replicate = async (files: string[]) => {
    const [primary, replica] = specs as [(typeof specs)[0], (typeof specs)[0]];
    for (const file of files) {
      const target = path.join(replica.contentDir, file);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const hidden = path.join(path.dirname(target), `.${path.basename(file)}.tmp`);
      await fs.copyFile(path.join(primary.contentDir, file), hidden);
      const { mtime } = await fs.stat(path.join(primary.contentDir, file));
      await fs.utimes(hidden, mtime, mtime);
      await fs.rename(hidden, target);
    }
  };
  // The tier's articles have small ids: all in the ledger's first file.
  const LEDGER_FILE = ledgerFileOf(1);
  const ledgerOf = (index: number) =>
    fs.readFile(path.join(specs[index]!.contentDir, LEDGER_FILE), 'utf8').catch(() => '');

  /**
   * Publishes a file as the newsroom does: written into the primary's folder, then, once the
   * primary has recorded it in its ledger, the file and the ledger copied to the replica.
   */
  const publishOnBoth = async (file: string, content: string) => {
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000);
    const target = path.join(specs[0]!.contentDir, file);
    await fs.writeFile(target, content);
    await fs.utimes(target, mtime, mtime);
    const hash = createHash('sha256').update(content).digest('hex');
    await waitFor(
      async () => (await ledgerOf(0)).includes(`\t${hash}\t${file}\n`),
      WATCHER_WAIT_MS,
      'the primary records the file',
    );
    await replicate([file, LEDGER_FILE]);
  };
  const shows = async (baseUrl: string, pathname: string, text: string) => {
    const reply = await get(baseUrl, pathname);
    return reply.status === 200 && reply.text.includes(text);
  };
  /** Waits until both origins, asked directly, serve `text` on the page; returns that moment. */
  const originsShow = async (pathname: string, text: string) => {
    await Promise.all(
      origins.map((origin) =>
        waitFor(() => shows(origin.url, pathname, text), 3000, `${origin.url}${pathname} shows it`),
      ),
    );
    return performance.now();
  };

  /**
   * Publishes a file on both copies and times what readers see of it on `page`: how long until
   * both origins, asked directly, show `marker`, and how much longer until nginx does.
   */
  const publishAndTime = async (file: string, content: string, page: string, marker: string) => {
    const written = performance.now();
    await publishOnBoth(file, content);
    const originsAt = await originsShow(page, marker);
    const nginxMs = await waitFor(() => shows(nginxUrl(), page, marker), 4000, `nginx: ${page}`);
    return { originsMs: Math.round(originsAt - written), nginxMs: Math.round(nginxMs) };
  };

  /**
   * Breaks both origins' databases under them, as a damaged database would: the table of
   * article bodies disappears, so an article page not in an origin's memory fails with the
   * site's real 500 page. A stand-in server answering 500 would only test a response the test
   * itself wrote.
   */
  const renameBodies = async (from: string, to: string) => {
    for (const { databasePath } of specs) {
      const db = await openDatabase(databasePath);
      try {
        await db.transaction((tx) => tx.run(`ALTER TABLE ${from} RENAME TO ${to}`));
      } finally {
        await db.close();
      }
    }
  };
  const breakDatabases = () => renameBodies('article_bodies', 'article_bodies_lost');
  const repairDatabases = () => renameBodies('article_bodies_lost', 'article_bodies');

  before(async () => {
    await requireNginx();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-tier-'));
    for (const name of ['a', 'b']) {
      const contentDir = path.join(root, name, 'content');
      await fs.mkdir(contentDir, { recursive: true });
      for (const name of Object.keys(ARTICLES) as ArticleName[]) {
        await fs.writeFile(path.join(contentDir, `${name}.txt`), fixtureFile(name));
      }
      specs.push({ contentDir, databasePath: path.join(root, name, 'data', 'site.db') });
    }
    // The primary first: the replica publishes only what the primary's ledger names.
    await startOriginNumber(0);
    await replicate([LEDGER_FILE]);
    await startOriginNumber(1);
    nginx = await startSiteNginx({ origins: origins.map((origin) => origin.url) });

    // "/3.html" answers 301 to the article's own URL: that is how the ids are found.
    for (let id = 1; id < NEW_ARTICLE.id; id++) {
      const [a, b] = await Promise.all(origins.map((origin) => get(origin.url, `/${id}.html`)));
      assert.equal(a!.status, 301);
      assert.equal(b!.headers.location, a!.headers.location, 'both origins give the same ids');
      const location = String(a!.headers.location);
      paths.set(location.replace(/^\/|-\d+\.html$/g, ''), location);
    }
    assert.deepEqual([...paths.keys()].sort(), Object.keys(ARTICLES).sort());
  });

  after(async () => {
    await nginx?.stop();
    await Promise.all(origins.map((origin) => origin.stop()));
    if (root !== undefined) await fs.rm(root, { recursive: true, force: true });
  });

  it('answers MISS, then HIT, with the ETag both origins give for the page', async () => {
    const page = pathOf('etag');
    const [a, b] = await Promise.all(origins.map((origin) => get(origin.url, page)));
    assert.equal(a!.status, 200);
    assert.match(String(a!.headers.etag), /^"[\w-]+"$/, 'a strong ETag');
    assert.equal(b!.headers.etag, a!.headers.etag, 'both origins give the same ETag');
    assert.equal(b!.headers['last-modified'], a!.headers['last-modified']);
    assert.ok(b!.body.equals(a!.body), 'both origins send the same bytes');

    const first = await get(nginxUrl(), page);
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-cache-status'], 'MISS');
    assert.equal(first.headers.etag, a!.headers.etag);
    assert.ok(first.body.equals(a!.body));

    const second = await get(nginxUrl(), page);
    assert.equal(second.status, 200);
    assert.equal(second.headers['x-cache-status'], 'HIT');
    assert.equal(second.headers.etag, a!.headers.etag);
    assert.ok(second.body.equals(a!.body));
  });

  it('sends each URL to the same origin, and spreads URLs over both', async () => {
    const page = pathOf('share');
    const urls = Array.from({ length: 16 }, (_, part) => `${page}?phan=${part}`);
    // Two encodings: two copies to fill, so each URL reaches an origin twice, the second time
    // in the opposite order (taking turns would give each URL the same origin twice, too).
    for (const [encoding, order] of [
      ['gzip', urls],
      ['br', urls.toReversed()],
    ] as const) {
      for (const url of order) {
        const reply = await get(nginxUrl(), url, { 'accept-encoding': encoding });
        assert.equal(reply.headers['x-cache-status'], 'MISS', `${url} (${encoding})`);
      }
    }
    for (const url of urls) await logOf(nginx!, url, 2);
    const served = originsByUrl(await nginx!.accessLog());
    for (const url of urls) {
      const tried = served.get(url) ?? [];
      assert.equal(tried.length, 2, `${url} reached an origin twice`);
      assert.equal(tried[0], tried[1], `${url} went to one origin both times`);
    }
    const used = new Set(urls.map((url) => served.get(url)![0]));
    assert.equal(used.size, 2, 'each origin has a share of the URLs');
  });

  it('lets one request fill a page that many readers ask for at once', async () => {
    const url = `${pathOf('lock')}?cung-luc=1`;
    const replies = await Promise.all(Array.from({ length: 8 }, () => get(nginxUrl(), url)));
    for (const reply of replies) {
      assert.equal(reply.status, 200);
      assert.equal(reply.headers.etag, replies[0]!.headers.etag);
    }
    const reached = originsByUrl(await logOf(nginx!, url, 8)).get(url) ?? [];
    assert.deepEqual(reached.length, 1, `one of 8 readers reached an origin: ${reached.join(' ')}`);
  });

  it('keeps its connections to the origins open from one request to the next', async () => {
    const page = pathOf('keepalive');
    const ports = origins.map((origin) => origin.port);
    const before = await connectionsTo(ports);
    for (let reader = 0; reader < 20; reader++) {
      const reply = await get(nginxUrl(), `${page}?ket-noi=${reader}`);
      assert.equal(reply.headers['x-cache-status'], 'MISS', 'each request reaches an origin');
    }
    const after = await connectionsTo(ports);
    // A connection closed after its request stays listed, waiting (06), for a minute. One idle
    // connection may time out meanwhile; twenty misses on fresh connections would leave twenty.
    const closed = [...after].filter((c) => !before.has(c) && !/ (01|0A)$/.test(c));
    assert.ok(closed.length <= 2, `connections closed by 20 misses:\n${closed.join('\n')}`);
    const open = [...after].filter((c) => c.endsWith(' 01'));
    assert.ok(open.length > 0, 'a connection to an origin is still open');
  });

  it('asks the origin again once a page is past its second, and keeps its copy on a 304', async () => {
    const page = pathOf('revalidate');
    const first = await get(nginxUrl(), page);
    assert.equal(first.status, 200);
    await sleep(EXPIRED_MS);
    const again = await get(nginxUrl(), page);
    assert.equal(again.status, 200);
    assert.equal(again.headers['x-cache-status'], 'REVALIDATED');
    assert.equal(again.headers.etag, first.headers.etag);
    assert.ok(again.body.equals(first.body));
  });

  it("answers a browser's If-None-Match with 304 from its own copy", async () => {
    const page = pathOf('conditional');
    const browser = { 'accept-encoding': 'gzip, deflate, br, zstd' };
    const ok = await get(nginxUrl(), page, browser);
    assert.equal(ok.status, 200);
    const etag = String(ok.headers.etag);
    const revisit = await get(nginxUrl(), page, { ...browser, 'if-none-match': etag });
    assert.equal(revisit.status, 304);
    assert.equal(revisit.headers['x-cache-status'], 'HIT', 'answered by nginx, not an origin');
    assert.equal(revisit.headers.etag, etag);
    assert.equal(revisit.body.length, 0);
    const other = await get(nginxUrl(), page, { ...browser, 'if-none-match': '"khac"' });
    assert.equal(other.status, 200, 'a different ETag gets the page');
  });

  it('keeps one copy per encoding the origin makes, however Accept-Encoding is written', async () => {
    const page = pathOf('encodings');
    const origin = origins[0]!;
    // [what a browser sends, the encoding asked of the origin, the ETag's end, the cache status]
    const cases: [string | undefined, string, string, string][] = [
      ['gzip, deflate, br, zstd', 'br', '-br"', 'MISS'],
      ['br', 'br', '-br"', 'HIT'],
      ['br;q=1.0, gzip;q=0.8, *;q=0.1', 'br', '-br"', 'HIT'],
      ['gzip, deflate', 'gzip', '-gz"', 'MISS'],
      ['gzip', 'gzip', '-gz"', 'HIT'],
      ['br;q=0, gzip', 'gzip', '-gz"', 'HIT'],
      [undefined, '', '"', 'MISS'],
      ['identity', '', '"', 'HIT'],
    ];
    for (const [header, encoding, suffix, cacheStatus] of cases) {
      const headers: Record<string, string> =
        header === undefined ? {} : { 'accept-encoding': header };
      const reply = await get(nginxUrl(), page, headers);
      const direct = await get(origin.url, page, encoding ? { 'accept-encoding': encoding } : {});
      const what = `Accept-Encoding: ${header ?? '(none)'}`;
      assert.equal(reply.status, 200, what);
      assert.equal(reply.headers['x-cache-status'], cacheStatus, what);
      assert.equal(reply.headers['content-encoding'], encoding || undefined, what);
      assert.ok(String(reply.headers.etag).endsWith(suffix), `${what}: ${reply.headers.etag}`);
      // The origin's own bytes and strong ETag: compressed once, by the origin, never again.
      assert.equal(reply.headers.etag, direct.headers.etag, what);
      assert.ok(reply.body.equals(direct.body), `${what}: the origin's bytes`);
      assert.equal(reply.headers.vary, 'Accept-Encoding', what);
    }
  });

  it('shows an edit made on both copies within 2 s of the origins serving it', async (t) => {
    const page = pathOf('edit');
    const marker = 'Bản sửa lần hai';
    assert.ok(await shows(nginxUrl(), page, 'Bản đầu tiên'));
    // Readers keep asking for the page throughout, as on a busy article.
    let stop = false;
    const readers = (async () => {
      while (!stop) {
        await get(nginxUrl(), page);
        await sleep(50);
      }
    })();
    try {
      const edit = fixtureFile('edit', `${marker}: số liệu đã được cập nhật.`);
      const { originsMs, nginxMs } = await publishAndTime('edit.txt', edit, page, marker);
      t.diagnostic(`origins showed the edit after ${originsMs} ms, nginx ${nginxMs} ms later`);
      assert.ok(nginxMs <= NGINX_LAG_MS, 'nginx within 2 s of the origins');
    } finally {
      stop = true;
      await readers;
    }
  });

  it('shows an edit on a page nobody asked for since it expired, to the first reader', async () => {
    const page = pathOf('cold-edit');
    const marker = 'Bản sửa sau một lúc vắng';
    assert.ok(await shows(nginxUrl(), page, 'Bản đầu tiên'));
    const keptAt = performance.now();
    await publishOnBoth('cold-edit.txt', fixtureFile('cold-edit', `${marker}: đã bổ sung ảnh.`));
    await originsShow(page, marker);
    // Nobody reads it for longer than its copy stays fresh.
    await sleep(Math.max(0, keptAt + EXPIRED_MS + 900 - performance.now()));
    const first = await get(nginxUrl(), page);
    assert.equal(first.status, 200);
    assert.ok(
      first.text.includes(marker),
      'the first reader gets the edited page, not the old copy',
    );
    assert.equal(first.headers['x-cache-status'], 'EXPIRED');
  });

  it('turns a 404 into the article within 2 s of its file appearing on both copies', async (t) => {
    const page = `/${NEW_ARTICLE.slug}-${NEW_ARTICLE.id}.html`;
    const missing = await get(nginxUrl(), page);
    assert.equal(missing.status, 404);
    assert.match(missing.text, /<html lang="vi"/);
    const again = await get(nginxUrl(), page);
    assert.equal(again.status, 404);
    assert.equal(again.headers['x-cache-status'], 'HIT', 'nginx keeps a 404 for its second');

    const marker = 'Bài mới đăng';
    const file = articleFile(NEW_ARTICLE.slug, 'Bài mới: xã Nghiên Loan đón khách', 28, marker);
    const { originsMs, nginxMs } = await publishAndTime(
      `${NEW_ARTICLE.slug}.txt`,
      file,
      page,
      marker,
    );
    t.diagnostic(`origins served the article after ${originsMs} ms, nginx ${nginxMs} ms later`);
    assert.ok(nginxMs <= NGINX_LAG_MS, 'nginx within 2 s of the origins');
  });

  it('has the replica publish a file only once the ledger it receives names it', async () => {
    const file = 'chi-o-ban-sao.txt';
    const content = articleFile('chi-o-ban-sao', 'Bài chỉ có ở bản sao', 29, 'Chưa ai cấp mã');
    // A file that reached the replica's folder without the primary's ledger: a copy in the wrong
    // direction, or rsync half-way. The replica must not give it an id of its own.
    await fs.writeFile(path.join(specs[1]!.contentDir, file), content);
    const primaryIds = await ledgerOf(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const home = await get(origins[1]!.url, '/');
    assert.doesNotMatch(home.text, /Bài chỉ có ở bản sao/);
    assert.equal(await ledgerOf(1), primaryIds, 'the replica wrote no ledger of its own');
    // The primary gets the file, names it, and the ledger reaches the replica: now it is out.
    await publishOnBoth(file, content);
    await waitFor(
      async () => (await get(origins[1]!.url, '/')).text.includes('Bài chỉ có ở bản sao'),
      WATCHER_WAIT_MS,
      'the replica publishing the file the ledger names',
    );
  });

  it('keeps answering 200, with the same ETag, while one origin is killed', async () => {
    const page = pathOf('one-down');
    const expected = await get(origins[1]!.url, page);
    assert.equal(expected.status, 200);
    const killed = origins[0]!;
    const readers = 24;
    try {
      await killed.kill();
      // Distinct URLs spread over both origins' shares of the hash; none of them is kept yet.
      for (let reader = 0; reader < readers; reader++) {
        const reply = await get(nginxUrl(), `${page}?nguoi-doc=${reader}`);
        assert.equal(reply.status, 200, `reader ${reader}`);
        assert.equal(reply.headers.etag, expected.headers.etag);
      }
      const log = await logOf(nginx!, `${page}?nguoi-doc=${readers - 1}`, 1);
      const failedOver = log.filter((line) =>
        line.includes(`origin=127.0.0.1:${killed.port}, ${origins[1]!.url.slice(7)} `),
      );
      assert.ok(
        failedOver.length > 0,
        `some readers went to the killed origin first:\n${log.join('\n')}`,
      );
    } finally {
      await reviveOrigins();
    }
  });

  it('serves kept pages stale and a Vietnamese error page for others while both origins are down', async (t) => {
    const kept = pathOf('stale');
    const notKept = pathOf('uncached');
    const before = await get(nginxUrl(), kept);
    assert.equal(before.status, 200);
    try {
      await Promise.all(origins.map((origin) => origin.kill()));
      await sleep(EXPIRED_MS);

      const stale = await get(nginxUrl(), kept);
      assert.equal(stale.status, 200);
      assert.equal(stale.headers['x-cache-status'], 'STALE');
      assert.equal(stale.headers.etag, before.headers.etag);
      assert.ok(stale.body.equals(before.body));

      const down = await get(nginxUrl(), notKept);
      assert.ok([502, 503, 504].includes(down.status), `status ${down.status}`);
      assert.equal(down.headers['content-type'], 'text/html; charset=utf-8');
      assert.match(down.text, /<html lang="vi">/);
      assert.match(down.text, /Trang tạm thời không mở được/);
      assert.equal(down.headers['cache-control'], 'no-store', 'no browser or CDN keeps it');

      const health = await get(nginxUrl(), '/healthz');
      assert.ok(
        health.status >= 500,
        `/healthz reports the outage, not a kept "ok": ${health.status}`,
      );

      // One origin comes back: the page is served by it, not an error nginx kept.
      await startOriginNumber(0, origins[0]!.port);
      const servedMs = await waitFor(
        async () => (await get(nginxUrl(), notKept)).status === 200,
        3500,
        'the page answers 200 once an origin is back',
      );
      t.diagnostic(`the page answered 200 ${Math.round(servedMs)} ms after the origin was back`);
      const back = await get(nginxUrl(), notKept);
      assert.equal(back.status, 200);
      assert.doesNotMatch(back.text, /Trang tạm thời không mở được/);
    } finally {
      await reviveOrigins();
    }
  });

  it("passes an origin's 500 through and never keeps it", async () => {
    const page = pathOf('error-500');
    await breakDatabases();
    try {
      for (const attempt of ['first', 'second']) {
        const reply = await get(nginxUrl(), page);
        assert.equal(reply.status, 500, `${attempt} request`);
        assert.match(reply.text, /<html lang="vi"/, "the origin's own Vietnamese error page");
        assert.equal(reply.headers['cache-control'], 'no-store');
        assert.equal(reply.headers['x-cache-status'], 'MISS', `${attempt} request`);
      }
    } finally {
      await repairDatabases();
    }
    const repaired = await get(nginxUrl(), page);
    assert.equal(repaired.status, 200, 'the page is back as soon as the origin is');
  });

  it('serves its kept copy of a page while the origins answer 500 for it', async () => {
    const page = pathOf('stale-500');
    const kept = await get(nginxUrl(), page);
    assert.equal(kept.status, 200);
    const keptAt = performance.now();
    // An edit elsewhere makes both origins drop the pages they rendered, so the next request
    // for this one reaches their (soon broken) databases.
    const marker = 'Dự báo đã cập nhật';
    await publishOnBoth('other-edit.txt', fixtureFile('other-edit', `${marker}: mưa rào vài nơi.`));
    await originsShow(pathOf('other-edit'), marker);
    await breakDatabases();
    try {
      assert.equal((await get(origins[0]!.url, page)).status, 500, 'the origin fails this page');
      await sleep(Math.max(0, keptAt + EXPIRED_MS - performance.now()));
      const reply = await get(nginxUrl(), page);
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['x-cache-status'], 'STALE');
      assert.equal(reply.headers.etag, kept.headers.etag);
      assert.ok(reply.body.equals(kept.body));
    } finally {
      await repairDatabases();
    }
  });

  it('answers a reader who searches too fast with a Vietnamese 429 page and Retry-After', async () => {
    const search = '/tim-kiem?q=pac+nam';
    const replies: Reply[] = [];
    for (let i = 0; i < 60; i++) replies.push(await get(nginxUrl(), search));
    const statuses = replies.map((reply) => reply.status);
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(200), 'a burst of 20 is served');
    const limited = replies.find((reply) => reply.status === 429);
    assert.ok(limited, `some of 60 searches in a row are refused: ${statuses.join(' ')}`);
    assert.equal(limited.headers['retry-after'], '2');
    assert.equal(limited.headers['cache-control'], 'no-store');
    assert.equal(limited.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(limited.text, /<html lang="vi">/);
    assert.match(limited.text, /Bạn tìm kiếm quá nhanh/);

    await sleep(Number(limited.headers['retry-after']) * 1000);
    assert.equal((await get(nginxUrl(), search)).status, 200, 'served again after Retry-After');
    // Other pages are not limited.
    assert.equal((await get(nginxUrl(), pathOf('etag'))).status, 200);
  });

  it('sends plain-HTTP readers to HTTPS on its own name, and answers ACME challenges', async () => {
    const redirect = await get(nginx!.httpUrl, '/chuyen-muc/kinh-te?trang=2', {
      host: 'evil.example',
    });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, 'https://tin.example.vn/chuyen-muc/kinh-te?trang=2');
    // What certbot leaves in the web root while it renews the certificate.
    const challenges = path.join(nginx!.acmeRoot, '.well-known', 'acme-challenge');
    await fs.mkdir(challenges, { recursive: true });
    await fs.writeFile(path.join(challenges, 'thu-thach'), 'thu-thach.dau-van-tay');
    const challenge = await get(nginx!.httpUrl, '/.well-known/acme-challenge/thu-thach');
    assert.equal(challenge.status, 200);
    assert.equal(challenge.text, 'thu-thach.dau-van-tay');
    assert.equal(challenge.headers['content-type'], 'text/plain');
  });

  it('serves the site over HTTP/2 and TLS 1.3, with HSTS once', async () => {
    const page = pathOf('etag');
    const direct = await get(origins[0]!.url, page, { 'accept-encoding': 'br' });
    const session = http2.connect(nginxUrl(), { rejectUnauthorized: false });
    try {
      const headers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
        const stream = session.request({ ':path': page, 'accept-encoding': 'br' });
        stream.on('response', resolve);
        stream.on('error', reject);
        stream.resume();
      });
      assert.equal(session.alpnProtocol, 'h2');
      assert.equal((session.socket as tls.TLSSocket).getProtocol(), 'TLSv1.3');
      assert.equal(headers[':status'], 200);
      assert.equal(headers.etag, direct.headers.etag, "the origin's page");
      assert.equal(headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    } finally {
      session.close();
    }
  });

  it('lets a returning reader resume their TLS session, in TLS 1.3 and 1.2', async () => {
    const port = Number(new URL(nginxUrl()).port);
    for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
      const first = await handshake(port, version);
      assert.equal(first.reused, false, version);
      assert.ok(first.session, `${version}: the server gives a session to resume`);
      const again = await handshake(port, version, first.session);
      assert.equal(again.reused, true, `${version}: the second connection resumes the first`);
    }
  });

  it('serves the service worker with the headers a browser needs, never keeping it', async () => {
    const headers = { 'accept-encoding': 'gzip' };
    for (const attempt of ['first', 'second']) {
      const reply = await get(nginxUrl(), '/service-worker.js', headers);
      assert.equal(reply.status, 200, attempt);
      assert.equal(reply.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(reply.headers['cache-control'], 'no-cache');
      assert.equal(reply.headers['content-encoding'], 'gzip');
      assert.match(zlib.gunzipSync(reply.body).toString(), /^const RULES = /);
    }
    const reached =
      originsByUrl(await logOf(nginx!, '/service-worker.js', 2)).get('/service-worker.js') ?? [];
    assert.equal(reached.length, 2, 'both requests reached an origin: nginx kept nothing');
    const { etag } = (await get(nginxUrl(), '/service-worker.js', headers)).headers;
    const revisit = await get(nginxUrl(), '/service-worker.js', {
      ...headers,
      'if-none-match': String(etag),
    });
    assert.equal(revisit.status, 304);
    assert.equal(revisit.headers.vary, 'Accept-Encoding');
  });
});
