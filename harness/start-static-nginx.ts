import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { freePort } from './free-port.js';
import { startNginx, type NginxOptions, type NginxProcess } from './start-nginx.js';

export interface StaticNginx extends NginxProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
}

/**
 * nginx serving one page's bytes as a static file at the page's own path, with a .gz beside it
 * (`gzip_static`), so a gzip request to nginx is answered from precompressed bytes as fair as
 * the site's: the same content, zlib's default level, the compression the site uses. The
 * reference the benchmark divides the site's speed by.
 */
export async function startStaticNginx(
  pathname: string,
  body: Buffer,
  options: Omit<NginxOptions, 'http' | 'ports'>,
): Promise<StaticNginx> {
  const root = path.join(options.prefix, 'html');
  const file = path.join(root, pathname);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, body);
  await fs.writeFile(`${file}.gz`, zlib.gzipSync(body));
  const port = await freePort();
  const nginx = await startNginx({
    ...options,
    ports: [port],
    http: `  server {
    listen 127.0.0.1:${port};
    root ${root};
    gzip_static on;
    # Node never closes a keep-alive connection after N requests; nginx's default 1,000 would.
    keepalive_requests 1000000;
    location / { }
  }`,
  });
  return { ...nginx, url: `http://127.0.0.1:${port}` };
}
