import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';

/** The nginx configuration the project ships, exactly as an operator installs it. */
export const NGINX_SITE_FILE = path.join(PROJECT_ROOT, 'deploy/nginx/tin.conf');
const ERROR_PAGES_DIR = path.join(PROJECT_ROOT, 'deploy/nginx/errors');

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
