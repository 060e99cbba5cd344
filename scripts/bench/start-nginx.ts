import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext } from './bench-context.js';
import { freePort } from '../../harness/free-port.js';
import { getOnce } from '../../harness/create-http-client.js';
import { sleep } from './sleep.js';

export interface NginxProcess {
  url: string;
  port: number;
  /** Its private prefix: configuration, logs, temporary files, cache. */
  prefix: string;
  stop(): Promise<void>;
}

export class NginxError extends Error {
  constructor(message: string, log: string) {
    super(log.trim() ? `${message}; nginx's error log:\n${log.trim().slice(-2000)}` : message);
    this.name = 'NginxError';
  }
}

const MIME_TYPES = '/etc/nginx/mime.types';

/**
 * Debian's nginx binary with its own prefix in the temporary folder: one worker, in the
 * foreground, no access log, nothing of the system's service touched. `httpBlock` receives the
 * port and the prefix and returns what goes inside `http { }`.
 */
export async function startNginx(
  ctx: BenchContext,
  name: string,
  httpBlock: (port: number, prefix: string) => string,
  { port: chosenPort }: { port?: number } = {},
): Promise<NginxProcess> {
  const nginx = ctx.tools.nginx;
  if (!nginx) throw new Error('nginx is not installed');
  const prefix = path.join(ctx.workDir, name);
  for (const dir of ['logs', 'tmp']) await fs.mkdir(path.join(prefix, dir), { recursive: true });
  const port = chosenPort ?? (await freePort());
  const errorLog = path.join(prefix, 'logs', 'error.log');
  const hasMimeTypes = await fs.access(MIME_TYPES).then(
    () => true,
    () => false,
  );
  const config = `worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${errorLog} warn;
events { worker_connections 4096; }
http {
  access_log off;
  ${hasMimeTypes ? `include ${MIME_TYPES};` : 'types { text/html html; application/xml xml; }'}
  default_type application/octet-stream;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
${httpBlock(port, prefix)}
}
`;
  const configFile = path.join(prefix, 'nginx.conf');
  await fs.writeFile(configFile, config);
  // -e: what nginx logs while starting, before it has read the configuration, goes here too.
  const child = ctx.processes.spawn(
    nginx.path,
    ['-p', `${prefix}/`, '-c', configFile, '-e', errorLog],
    { cwd: prefix },
  );
  const readLog = () => fs.readFile(errorLog, 'utf8').catch(() => '');
  const url = `http://127.0.0.1:${port}`;
  const answers = () =>
    getOnce(url, '/', { timeoutMs: 2000 }).then(
      () => true,
      () => false,
    );
  const deadline = performance.now() + 10_000;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (!(await answers())) {
    if (exited) {
      throw new NginxError(`nginx exited at start: ${child.output().trim()}`, await readLog());
    }
    if (performance.now() > deadline) {
      await child.stop();
      throw new NginxError('nginx did not answer within 10 s', await readLog());
    }
    await sleep(20);
  }
  return {
    url,
    port,
    prefix,
    async stop() {
      await child.stop(3000);
    },
  };
}
