import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { acceptsConnections, freePort } from '../../harness/free-port.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/** The nginx configuration the project ships, exactly as an operator installs it. */
export const NGINX_SITE_FILE = path.join(PROJECT_ROOT, 'deploy/nginx/tin.conf');
const ERROR_PAGES_DIR = path.join(PROJECT_ROOT, 'deploy/nginx/errors');

/** Debian's package: `apt-get install nginx`. */
export const NGINX_BINARY = '/usr/sbin/nginx';

export interface SiteConfigValues {
  /**
   * `host:port` the site is served on: over HTTPS with `tls`, as shipped; without it, over plain
   * HTTP with no redirecting server (what the benchmark measures: the cache, not TLS).
   */
  listen: string;
  /** The origins, `host:port` each; one `server` line per origin, with the shipped parameters. */
  origins: readonly string[];
  /** The folder of `proxy_cache_path`. */
  cacheDir: string;
  /** The access log's file, or false for none (a benchmark need not write a line per request). */
  accessLog: string | false;
  /** Where deploy/nginx/errors/ is; this checkout's by default. */
  errorPagesDir?: string;
  tls?: TlsValues;
}

export interface TlsValues {
  /** `host:port` of the plain-HTTP server that redirects and answers ACME challenges. */
  httpListen: string;
  /** PEM files: a certificate (its own chain, as a self-signed one is) and its key. */
  certificate: string;
  key: string;
  /** The folder the ACME challenges are answered from. */
  acmeRoot: string;
}

/**
 * deploy/nginx/tin.conf with the values that differ between machines replaced, and nothing else:
 * the listen address, the upstream's server lines, the cache folder, the access log and the
 * error pages' folder. Each shipped value must be found where expected, so a change to the file
 * that this function would silently miss fails here instead.
 */
export function renderNginxConfig(
  values: SiteConfigValues,
  shipped = readFileSync(NGINX_SITE_FILE, 'utf8'),
): string {
  if (values.origins.length === 0) throw new Error('renderNginxConfig: no origins given');
  const errorPagesDir = values.errorPagesDir ?? ERROR_PAGES_DIR;
  let config = shipped;
  const replace = (pattern: RegExp, replacement: (...groups: string[]) => string) => {
    if (config.search(pattern) === -1)
      throw new Error(`${NGINX_SITE_FILE} no longer has ${pattern}`);
    config = config.replace(pattern, replacement);
  };
  // The shipped file has one server line; it becomes one per origin, parameters kept.
  replace(/^( *)server 127\.0\.0\.1:3000( [^;]*);$/m, (_, indent, parameters) =>
    values.origins.map((origin) => `${indent}server ${origin}${parameters};`).join('\n'),
  );
  replace(
    /proxy_cache_path \/var\/cache\/nginx\/tin /,
    () => `proxy_cache_path ${values.cacheDir} `,
  );
  replace(/access_log \/var\/log\/nginx\/tin\.access\.log tin_cache;/g, () =>
    values.accessLog === false ? 'access_log off;' : `access_log ${values.accessLog} tin_cache;`,
  );
  replace(/alias \/srv\/tin\/app\/deploy\/nginx\/errors\//g, () => `alias ${errorPagesDir}/`);

  // A release before HTTPS (the benchmark may measure one) serves the site on port 80.
  if (!/^ *listen 443 ssl http2;$/m.test(config)) {
    if (values.tls) throw new Error(`${NGINX_SITE_FILE} has no HTTPS server for the tls values`);
    replace(/^( *)listen 80;$/m, (_, indent) => `${indent}listen ${values.listen};`);
    return config;
  }
  const { tls } = values;
  if (tls === undefined) {
    // The site over plain HTTP: the redirecting server goes, and the HTTPS one loses its TLS.
    config = withoutServer(config, /^ *listen 80;$/m);
    replace(/^( *)listen 443 ssl http2;$/m, (_, indent) => `${indent}listen ${values.listen};`);
    replace(/^ *(ssl_\w+|resolver|resolver_timeout) [^;]*;\n/gm, () => '');
    return config;
  }
  replace(/^( *)listen 80;$/m, (_, indent) => `${indent}listen ${tls.httpListen};`);
  replace(
    /^( *)listen 443 ssl http2;$/m,
    (_, indent) => `${indent}listen ${values.listen} ssl http2;`,
  );
  const live = '/etc/letsencrypt/live/tin.example.vn';
  replace(new RegExp(`${live}/fullchain\\.pem;`), () => `${tls.certificate};`);
  replace(new RegExp(`${live}/chain\\.pem;`), () => `${tls.certificate};`);
  replace(new RegExp(`${live}/privkey\\.pem;`), () => `${tls.key};`);
  replace(/root \/var\/www\/html;/, () => `root ${tls.acmeRoot};`);
  return config;
}

/** The config without the `server { }` block that has a line matching `line`. */
function withoutServer(config: string, line: RegExp): string {
  const lines = config.split('\n');
  const at = lines.findIndex((l) => line.test(l));
  const start = lines.findLastIndex((l, i) => i < at && l === 'server {');
  const end = lines.findIndex((l, i) => i > at && l === '}');
  if (at === -1 || start === -1 || end === -1) {
    throw new Error(`${NGINX_SITE_FILE} no longer has a server block with ${line}`);
  }
  return [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n');
}

export interface NginxOptions {
  /** The origins, as `http://host:port` or `host:port`. */
  origins: readonly string[];
  /** Worker processes: 1, as in the benchmark, unless a test needs more. */
  workers?: number;
  /** Writes the access log (the default); `accessLog()` reads it. */
  accessLog?: boolean;
  /** Stops nginx if it has not started listening by then. */
  startTimeoutMs?: number;
}

export interface RunningNginx {
  /** `https://127.0.0.1:<port>`: the site, with a self-signed certificate made for this run. */
  url: string;
  /** `http://127.0.0.1:<port>`: the plain-HTTP server that redirects. */
  httpUrl: string;
  /** Where the plain-HTTP server finds ACME challenges (`.well-known/acme-challenge/` in it). */
  acmeRoot: string;
  /** Its folder: configuration, pid file, logs, temporary files and the cache. */
  prefix: string;
  /** The access log's lines so far, in the shipped format (cache status, origins tried). */
  accessLog(): Promise<string[]>;
  errorLog(): Promise<string>;
  /** Stops nginx (SIGTERM, then SIGKILL after 5 s) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Fails, saying how to install it, when Debian's nginx is missing: never a silent skip. */
export async function requireNginx(): Promise<void> {
  await fs.access(NGINX_BINARY, fs.constants.X_OK).catch((cause: unknown) => {
    throw new Error(
      `nginx is not installed at ${NGINX_BINARY}; install Debian's package: apt-get install nginx`,
      { cause },
    );
  });
}

/** Fails, saying how to install it, when the openssl command is missing. */
export async function requireOpenssl(): Promise<void> {
  await promisify(execFile)(OPENSSL, ['version']).catch((cause: unknown) => {
    throw new Error(
      `the openssl command is missing; install Debian's package: apt-get install openssl`,
      {
        cause,
      },
    );
  });
}

const OPENSSL = 'openssl';

/**
 * A throwaway self-signed certificate for tin.example.vn and 127.0.0.1, valid for a day, and
 * its key: what certbot would put in /etc/letsencrypt/live/, for a test.
 */
export async function makeCertificate(dir: string): Promise<{ certificate: string; key: string }> {
  await requireOpenssl();
  const certificate = path.join(dir, 'fullchain.pem');
  const key = path.join(dir, 'privkey.pem');
  // ECDSA P-256, as certbot makes by default.
  await promisify(execFile)(OPENSSL, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=tin.example.vn',
    '-addext',
    'subjectAltName=DNS:tin.example.vn,IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    certificate,
  ]);
  return { certificate, key };
}

/**
 * Runs the shipped configuration in a real nginx on 127.0.0.1, in a temporary folder of its own
 * (pid file, logs, temporary files, cache, certificate), in the foreground as a child of this
 * process, so nothing of the machine's own nginx is read or written and `stop()` ends it by its
 * pid. The site is served over HTTPS, as shipped, with a certificate made for the run.
 */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  await requireNginx();
  const prefix = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-nginx-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const errorLogFile = path.join(prefix, 'error.log');
  const accessLogFile = path.join(prefix, 'access.log');

  const stop = async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    await fs.rm(prefix, { recursive: true, force: true });
  };

  try {
    const [port, httpPort] = [await freePort(), await freePort()];
    const acmeRoot = path.join(prefix, 'acme');
    await fs.mkdir(acmeRoot);
    const site = renderNginxConfig({
      listen: `127.0.0.1:${port}`,
      origins: options.origins.map((origin) => origin.replace(/^http:\/\//, '')),
      cacheDir: path.join(prefix, 'cache'),
      accessLog: options.accessLog === false ? false : accessLogFile,
      tls: { httpListen: `127.0.0.1:${httpPort}`, acmeRoot, ...(await makeCertificate(prefix)) },
    });
    await fs.writeFile(path.join(prefix, 'tin.conf'), site);
    await fs.writeFile(path.join(prefix, 'nginx.conf'), mainConfig(prefix, options.workers ?? 1));

    let stderr = '';
    child = spawn(
      NGINX_BINARY,
      ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', errorLogFile],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const running = child;
    exited = new Promise((resolve) => running.once('exit', () => resolve()));

    const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
    while (!(await acceptsConnections(port)) || !(await acceptsConnections(httpPort))) {
      if (running.exitCode !== null || running.signalCode !== null || Date.now() > deadline) {
        const log = await fs.readFile(errorLogFile, 'utf8').catch(() => '');
        throw new Error(`nginx did not start on 127.0.0.1:${port}:\n${stderr}${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    return {
      url: `https://127.0.0.1:${port}`,
      httpUrl: `http://127.0.0.1:${httpPort}`,
      acmeRoot,
      prefix,
      accessLog: async () =>
        (await fs.readFile(accessLogFile, 'utf8').catch(() => '')).split('\n').filter(Boolean),
      errorLog: () => fs.readFile(errorLogFile, 'utf8').catch(() => ''),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The machine-wide part an operator's nginx.conf already has (Debian's, here reduced to what the
 * site needs), with every path inside the prefix. gzip is on, as in Debian's file, so the site's
 * own `gzip off` is what the test sees.
 */
function mainConfig(prefix: string, workers: number): string {
  const inPrefix = (name: string) => path.join(prefix, name);
  // Under root, nginx would run its workers as "nobody", who cannot read a private temp folder.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}daemon off;
worker_processes ${workers};
pid ${inPrefix('nginx.pid')};
error_log ${inPrefix('error.log')} notice;
events {
    worker_connections 512;
}
http {
    default_type application/octet-stream;
    gzip on;
    client_body_temp_path ${inPrefix('client_body')};
    proxy_temp_path ${inPrefix('proxy')};
    fastcgi_temp_path ${inPrefix('fastcgi')};
    uwsgi_temp_path ${inPrefix('uwsgi')};
    scgi_temp_path ${inPrefix('scgi')};
    include ${inPrefix('tin.conf')};
}
`;
}
