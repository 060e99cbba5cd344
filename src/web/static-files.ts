import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PAGE_CACHE_CONTROL } from './caching.js';
import { renderPage, type RenderedPage } from './rendered-page.js';
import type { HeaderList } from './security-headers.js';

/** Where the files of public/ are served, each under its own name. */
export const ASSETS_PREFIX = '/assets/';

// Text compresses; PNG and the like already are, and would only grow a Content-Encoding.
const TYPES: Record<string, { type: string; compress: boolean }> = {
  '.css': { type: 'text/css; charset=utf-8', compress: true },
  '.js': { type: 'text/javascript; charset=utf-8', compress: true },
  '.svg': { type: 'image/svg+xml', compress: true },
  '.png': { type: 'image/png', compress: false },
  '.ico': { type: 'image/x-icon', compress: true },
  '.webmanifest': { type: 'application/manifest+json', compress: true },
};

/** A versioned URL never changes its bytes: a new file gets a new URL (see `url`). */
const VERSIONED = 'public, max-age=31536000, immutable';

export interface StaticFile {
  body: Buffer;
  /** `text/javascript; charset=utf-8` */
  type: string;
  compress: boolean;
  /** The file's modification time, sent as Last-Modified. */
  modifiedMs: number;
}

export interface StaticFiles {
  /** The answer to a GET or HEAD of `url`, ready to send; undefined when no file answers it. */
  find(url: string): RenderedPage | undefined;
}

/** "article.js" → "/assets/article.js?v=3714670e43": the URL pages link, new with each new file. */
export function assetUrl(name: string, file: StaticFile): string {
  return `${ASSETS_PREFIX}${name}?v=${versionOf(file)}`;
}

function versionOf(file: StaticFile): string {
  return createHash('sha256').update(file.body).digest('hex').slice(0, 10);
}

/** The files of `dir` (not its folders), read once, as `serveStaticFiles` takes them. */
export function readStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    files.set(entry.name, readStaticFile(path.join(dir, entry.name)));
  }
  return files;
}

export function readStaticFile(file: string, body = fs.readFileSync(file)): StaticFile {
  const kind = TYPES[path.extname(file).toLowerCase()];
  return {
    body,
    type: kind?.type ?? 'application/octet-stream',
    compress: kind?.compress ?? false,
    modifiedMs: fs.statSync(file).mtimeMs,
  };
}

/**
 * public/ under /assets/, plus files with URLs of their own (the service worker), answered the
 * way pages are: every encoding made once, when the file is first asked for (not at start, where
 * compressing them all delayed the first page by 50 ms), with a strong ETag each, `Vary`, the
 * security headers, `304` with the same Vary and caching headers as the 200, and HEAD with the
 * headers GET sends. An asset asked for with its current `?v=` may be kept for a year; without
 * it (or with an old one), it is revalidated like a page, because its bytes change on release.
 */
export function serveStaticFiles({
  assets,
  own = new Map(),
  headers,
}: {
  assets: ReadonlyMap<string, StaticFile>;
  /** Files at their own paths ("/service-worker.js"), with the Cache-Control each needs. */
  own?: ReadonlyMap<string, StaticFile & { cacheControl: string }>;
  headers: HeaderList;
}): StaticFiles {
  const answer = (file: StaticFile, cacheControl: string): (() => RenderedPage) => {
    let page: RenderedPage | undefined;
    return () => (page ??= makeAnswer(file, cacheControl));
  };
  const makeAnswer = (file: StaticFile, cacheControl: string): RenderedPage => {
    const page = renderPage(
      {
        status: 200,
        headers: {
          ...Object.fromEntries(pairs(headers)),
          'content-type': file.type,
          'cache-control': cacheControl,
        },
        body: file.body,
        lastModifiedMs: file.modifiedMs,
        generation: 0,
      },
      { compress: file.compress },
    );
    return page;
  };

  const byPath = new Map<
    string,
    { version: string; current: () => RenderedPage; other: () => RenderedPage }
  >();
  for (const [name, file] of assets) {
    byPath.set(ASSETS_PREFIX + name, {
      version: versionOf(file),
      current: answer(file, VERSIONED),
      other: answer(file, PAGE_CACHE_CONTROL),
    });
  }
  const ownPaths = new Map(
    [...own].map(([pathname, file]) => [pathname, answer(file, file.cacheControl)]),
  );

  return {
    find(url) {
      const mark = url.indexOf('?');
      const pathname = mark === -1 ? url : url.slice(0, mark);
      const own = ownPaths.get(pathname);
      if (own !== undefined) return own();
      const asset = byPath.get(pathname);
      if (asset === undefined) return undefined;
      const version = new URLSearchParams(mark === -1 ? '' : url.slice(mark + 1)).get('v');
      return version === asset.version ? asset.current() : asset.other();
    },
  };
}

function* pairs(list: HeaderList): Generator<[string, string]> {
  for (let i = 0; i < list.length; i += 2) yield [list[i]!, list[i + 1]!];
}
