import path from 'node:path';
import { inlineStyle } from './inline-style.js';
import { OFFLINE_PATH } from '../shared/urls.js';
import { offlineRoutes } from './routes.js';
import { securityHeaderList, type HeaderList } from './security-headers.js';
import {
  buildServiceWorker,
  SERVICE_WORKER_PATH,
  type ServiceWorkerMode,
} from './service-worker.js';
import {
  ASSETS_PREFIX,
  assetUrl,
  readStaticFiles,
  serveStaticFiles,
  type StaticFile,
  type StaticFiles,
} from './static-files.js';

/** What the site ships in public/, made ready once, when the application is built. */
export interface SiteFiles {
  /** The stylesheet as every page's <head> carries it. */
  style: string;
  /** The security headers of every answer, whose policy allows that stylesheet alone. */
  security: HeaderList;
  /** The addresses pages link to. */
  assets: {
    /** The icon as a data: URL, in the page itself. */
    favicon: string;
    /** The share button and the worker's registration, on article pages. */
    articleJs: string;
    serviceWorker: string;
    /** Pages ask browsers to fetch the worker again, and register it no more. */
    retireWorker: boolean;
  };
  /** `url` of a file of public/ ("share.png") as pages link it, new with each new file. */
  url(name: string): string;
  /** The answers for /assets/ and the service worker. */
  staticFiles: StaticFiles;
}

/**
 * Reads public/ once: what a release changes is seen at start, and an edited stylesheet cannot
 * leave a stale hash in the policy, because both come from the same bytes here.
 */
export function createSiteFiles(publicDir: string, serviceWorker: ServiceWorkerMode): SiteFiles {
  const files = readStaticFiles(publicDir);
  const file = (name: string): StaticFile => {
    const found = files.get(name);
    if (found === undefined) throw new Error(`${path.join(publicDir, name)} is missing`);
    return found;
  };
  const url = (name: string) => assetUrl(name, file(name));
  // The whole stylesheet in every page's <head>: no request stands between the HTML and the
  // first paint (README, "Performance"). The policy allows it by its hash alone.
  const style = inlineStyle(path.join(publicDir, 'site.css'), file('site.css').body.toString());
  const security = securityHeaderList({ styleSources: [style.source] });
  // A URL may not hold spaces, < > " # or %: quotes become ', the rest is escaped.
  const icon = file('favicon.svg').body.toString().trim().replaceAll('"', "'");
  const assets = {
    favicon: `data:image/svg+xml,${icon.replace(/[\s<>#%]/g, encodeURIComponent)}`,
    articleJs: url('article.js'),
    serviceWorker: SERVICE_WORKER_PATH,
    retireWorker: serviceWorker === 'retire',
  };
  const worker = buildServiceWorker(
    publicDir,
    serviceWorker,
    {
      offlinePath: OFFLINE_PATH,
      assetsPrefix: ASSETS_PREFIX,
      // What saved pages load: without them a page read offline would log failed requests.
      precache: [OFFLINE_PATH, assets.articleJs],
      routes: offlineRoutes(),
    },
    style.source,
  );
  const staticFiles = serveStaticFiles({
    assets: files,
    own: new Map([[SERVICE_WORKER_PATH, worker]]),
    headers: security,
  });
  return { style: style.css, security, assets, url, staticFiles };
}
