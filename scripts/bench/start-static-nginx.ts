import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import type { BenchContext } from './bench-context.js';
import { startNginx, type NginxProcess } from './start-nginx.js';

/**
 * nginx serving one page's bytes as a static file at the page's own path, with a .gz beside it
 * (`gzip_static`), so a gzip request to nginx is answered from precompressed bytes as fair as
 * the site's: the same content, zlib's default level, the compression the site uses.
 */
export async function startStaticNginx(
  ctx: BenchContext,
  name: string,
  pathname: string,
  body: Buffer,
): Promise<NginxProcess> {
  const root = path.join(ctx.workDir, name, 'html');
  const file = path.join(root, pathname);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, body);
  await fs.writeFile(`${file}.gz`, zlib.gzipSync(body));
  return startNginx(
    ctx,
    name,
    (port) => `  server {
    listen 127.0.0.1:${port};
    root ${root};
    gzip_static on;
    # Node never closes a keep-alive connection after N requests; nginx's default 1,000 would.
    keepalive_requests 1000000;
    location / { }
  }`,
  );
}
