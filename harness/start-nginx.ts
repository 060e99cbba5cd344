import fs from 'node:fs/promises';
import path from 'node:path';
import { acceptsConnections } from './free-port.js';
import { ProcessError, startProcess, type StartProcess } from './start-process.js';
import { pollUntil } from './wait-for.js';

/** Debian's package: `apt-get install nginx`. */
export const NGINX_BINARY = '/usr/sbin/nginx';

const MIME_TYPES = '/etc/nginx/mime.types';

export interface NginxOptions {
  /** Its folder: configuration, pid file, logs, temporary files; made if missing. */
  prefix: string;
  /** What goes inside `http { }` after the machine-wide part: the servers. */
  http: string;
  /** The ports those servers listen on: nginx is ready once each accepts connections. */
  ports: readonly number[];
  /** Worker processes: 1, as in the benchmark, unless a test needs more. */
  workers?: number;
  /** The nginx program: Debian's unless the benchmark found another. */
  binary?: string;
  /** Stops nginx if it has not started listening by then (10 s by default). */
  startTimeoutMs?: number;
  /** How the process is started: the benchmark passes its own, which keeps a list. */
  start?: StartProcess;
}

export interface NginxProcess {
  prefix: string;
  errorLog(): Promise<string>;
  /** SIGTERM, then SIGKILL after 5 s; waits for the exit. Safe to call twice. */
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

/**
 * A private nginx on 127.0.0.1, in the foreground as a child of this process, with every file
 * in `prefix`, so nothing of the machine's own nginx is read or written and `stop()` ends it by
 * its pid. Resolves once every port accepts connections.
 */
export async function startNginx(options: NginxOptions): Promise<NginxProcess> {
  const { prefix } = options;
  await fs.mkdir(prefix, { recursive: true });
  const errorLogFile = path.join(prefix, 'error.log');
  const configFile = path.join(prefix, 'nginx.conf');
  await fs.writeFile(configFile, await mainConfig(options));
  // -e: what nginx logs while starting, before it has read the configuration, goes here too.
  const child = (options.start ?? startProcess)(
    options.binary ?? NGINX_BINARY,
    ['-p', `${prefix}/`, '-c', configFile, '-e', errorLogFile],
    { cwd: prefix },
  );
  const errorLog = () => fs.readFile(errorLogFile, 'utf8').catch(() => '');
  const ready = await pollUntil(
    async () => {
      if (child.hasExited()) return true;
      for (const port of options.ports) if (!(await acceptsConnections(port))) return false;
      return true;
    },
    options.startTimeoutMs ?? 10_000,
    { intervalMs: 25 },
  );
  if (ready === undefined || child.hasExited()) {
    await child.stop();
    const on = options.ports.map((port) => `127.0.0.1:${port}`).join(' and ');
    throw new ProcessError(`nginx did not start on ${on}`, child.output() + (await errorLog()));
  }
  return {
    prefix,
    errorLog,
    stop: async () => void (await child.stop(5000)),
  };
}

/**
 * The machine-wide part an operator's nginx.conf already has (Debian's, here reduced to what the
 * site needs), with every path inside the prefix. gzip is on, as in Debian's file, so the site's
 * own `gzip off` is what is measured and tested.
 */
async function mainConfig({ prefix, http, workers = 1 }: NginxOptions): Promise<string> {
  const inPrefix = (name: string) => path.join(prefix, name);
  const hasMimeTypes = await fs.access(MIME_TYPES).then(
    () => true,
    () => false,
  );
  // Under root, nginx would run its workers as "nobody", who cannot read a private temp folder.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}daemon off;
worker_processes ${workers};
pid ${inPrefix('nginx.pid')};
error_log ${inPrefix('error.log')} notice;
events {
    worker_connections 4096;
}
http {
    ${hasMimeTypes ? `include ${MIME_TYPES};` : 'types { text/html html; application/xml xml; }'}
    default_type application/octet-stream;
    access_log off;
    gzip on;
    client_body_temp_path ${inPrefix('client_body')};
    proxy_temp_path ${inPrefix('proxy')};
    fastcgi_temp_path ${inPrefix('fastcgi')};
    uwsgi_temp_path ${inPrefix('uwsgi')};
    scgi_temp_path ${inPrefix('scgi')};
${http}
}
`;
}
