import { createHash } from 'node:crypto';
import path from 'node:path';
import type { OfflineRoute } from './routes.js';
import { readStaticFile, type StaticFile } from './static-files.js';

/** Where the worker is served: at the root, so that its scope is the whole site. */
export const SERVICE_WORKER_PATH = '/service-worker.js';

/** SERVICE_WORKER: "on", or "retire" to remove the worker and its caches from every browser. */
export type ServiceWorkerMode = 'on' | 'retire';

/** What the worker needs to know of the site, written above its code. */
export interface WorkerRules {
  offlinePath: string;
  /** Versioned URLs under it never change their bytes: the worker answers them from its cache. */
  assetsPrefix: string;
  /** Saved when the worker installs: the offline page and what the site's pages link to. */
  precache: string[];
  routes: OfflineRoute[];
}

/**
 * The worker's script as served, `no-cache` so that a fix reaches readers on their next visit:
 * its rules and version, then public/worker/service-worker.js. The version is a hash of all the
 * rest and of the stylesheet inlined in the saved offline page, so it changes with the worker's
 * code, the routes, any precached asset or the stylesheet, and the new worker's caches replace
 * the old ones. In "retire" mode it is public/worker/retire.js, which removes itself and every
 * cache.
 */
export function buildServiceWorker(
  publicDir: string,
  mode: ServiceWorkerMode,
  rules: WorkerRules,
  style: string,
): StaticFile & { cacheControl: string } {
  const cacheControl = 'no-cache';
  if (mode === 'retire') {
    return { ...readStaticFile(path.join(publicDir, 'worker', 'retire.js')), cacheControl };
  }
  const file = path.join(publicDir, 'worker', 'service-worker.js');
  const source = readStaticFile(file);
  const json = JSON.stringify(rules);
  const version = createHash('sha256')
    .update(json)
    .update(style)
    .update(source.body)
    .digest('base64url')
    .slice(0, 12);
  const head = `const RULES = ${JSON.stringify({ ...rules, version })};\n`;
  return { ...source, body: Buffer.concat([Buffer.from(head), source.body]), cacheControl };
}
