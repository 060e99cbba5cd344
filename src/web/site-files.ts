import path from 'node:path';
import { securityHeaderList, type HeaderList } from './security-headers.js';
import {
  assetUrl,
  readStaticFiles,
  serveStaticFiles,
  type StaticFile,
  type StaticFiles,
} from './static-files.js';

/** What the site ships in public/, made ready once, when the application is built. */
export interface SiteFiles {
  /** The security headers of every answer. */
  security: HeaderList;
  /** The addresses pages link to. */
  assets: { css: string; favicon: string; shareJs: string };
  /** `url` of a file of public/ ("share.png") as pages link it, new with each new file. */
  url(name: string): string;
  /** The answers for /assets/. */
  staticFiles: StaticFiles;
}

/** Reads public/ once: what a release changes is seen at start. */
export function createSiteFiles(publicDir: string): SiteFiles {
  const files = readStaticFiles(publicDir);
  const file = (name: string): StaticFile => {
    const found = files.get(name);
    if (found === undefined) throw new Error(`${path.join(publicDir, name)} is missing`);
    return found;
  };
  const url = (name: string) => assetUrl(name, file(name));
  const security = securityHeaderList();
  const assets = { css: url('site.css'), favicon: url('favicon.svg'), shareJs: url('share.js') };
  const staticFiles = serveStaticFiles({ assets: files, headers: security });
  return { security, assets, url, staticFiles };
}
