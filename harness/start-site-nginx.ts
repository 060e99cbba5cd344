import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';
import { makeCertificate } from './make-certificate.js';
import { renderNginxConfig } from './render-nginx-config.js';
import { requireNginx, startNginx } from './start-nginx.js';

export interface SiteNginxOptions {
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

/**
 * Runs the shipped configuration in a private nginx, in a temporary folder of its own (with
 * the cache and the certificate). The site is served over HTTPS, as shipped, with a certificate
 * made for the run.
 */
export async function startSiteNginx(options: SiteNginxOptions): Promise<RunningNginx> {
  await requireNginx();
  const prefix = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-nginx-'));
  const accessLogFile = path.join(prefix, 'access.log');
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
    const nginx = await startNginx({
      prefix,
      http: `    include ${path.join(prefix, 'tin.conf')};`,
      ports: [port, httpPort],
      workers: options.workers,
      startTimeoutMs: options.startTimeoutMs,
    });
    return {
      url: `https://127.0.0.1:${port}`,
      httpUrl: `http://127.0.0.1:${httpPort}`,
      acmeRoot,
      prefix,
      accessLog: async () =>
        (await fs.readFile(accessLogFile, 'utf8').catch(() => '')).split('\n').filter(Boolean),
      errorLog: nginx.errorLog,
      async stop() {
        await nginx.stop();
        await fs.rm(prefix, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await fs.rm(prefix, { recursive: true, force: true });
    throw error;
  }
}
