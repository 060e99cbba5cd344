import path from 'node:path';
import { inlineStyle } from './inline-style.js';
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
  /** The stylesheet as every page's <head> carries it. */
  style: string;
  /** The security headers of every answer, whose policy allows that stylesheet alone. */
  security: HeaderList;
  /** The addresses pages link to. */
  assets: { favicon: string; shareJs: string };
  /** `url` of a file of public/ ("share.png") as pages link it, new with each new file. */
  url(name: string): string;
  /** The answers for /assets/. */
  staticFiles: StaticFiles;
}

/**
 * Reads public/ once: what a release changes is seen at start, and an edited stylesheet cannot
 * leave a stale hash in the policy, because both come from the same bytes here.
 */
export function createSiteFiles(publicDir: string): SiteFiles {
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
  const assets = { favicon: url('favicon.svg'), shareJs: url('share.js') };
  const staticFiles = serveStaticFiles({ assets: files, headers: security });
  return { style: style.css, security, assets, url, staticFiles };
}
