import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RequestHandler, Response } from 'express';
import { IMAGE_EXTENSIONS, isIgnoredName, isInside } from '../shared/content-files.js';
import { IMAGE_WIDTHS } from '../shared/responsive-image.js';
import { HttpError } from './http-error.js';
import { createMediaCache } from './media-cache.js';

export interface MediaOptions {
  contentDir: string;
  /** Where resized copies are kept; made on first request, then served from disk. */
  cacheDir: string;
  /** The most the resized copies may take on disk; the oldest are removed first. */
  cacheMaxBytes: number;
}

const YEAR = 'public, max-age=31536000, immutable';
// An unversioned URL (typed by hand, or from an old page) may change under the same name.
const HOUR = 'public, max-age=3600';

/**
 * `/media/…`: the images editors put beside their articles, and nothing else from content/.
 * `?w=640` and `&f=webp` ask for a smaller copy or a WebP one, made once with sharp and cached
 * on disk, never larger than the original. Links with `?v=` (the content hash pages use) are
 * cached for a year; the hash changes when the picture does.
 */
export function serveMedia({ contentDir, cacheDir, cacheMaxBytes }: MediaOptions): RequestHandler {
  const root = fs.realpath(contentDir).catch(() => path.resolve(contentDir));
  const making = new Map<string, Promise<unknown>>();
  const cache = createMediaCache({ dir: cacheDir, maxBytes: cacheMaxBytes });

  return async (req, res, next) => {
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const name = path.posix.basename(relative);
    const extension = path.extname(name).toLowerCase();
    if (
      !IMAGE_EXTENSIONS.has(extension) ||
      relative.split('/').some((part) => part !== '' && isIgnoredName(part))
    ) {
      return next();
    }
    // realpath resolves symbolic links: a link to a picture elsewhere on the server is not served.
    const real = await fs.realpath(path.join(contentDir, relative)).catch(() => undefined);
    if (real === undefined || !isInside(await root, real)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, HEAD');
      return next(new HttpError(405, `${req.method} is not allowed on ${req.originalUrl}`));
    }

    const { w, f, v } = req.query;
    const cacheControl = typeof v === 'string' ? YEAR : HOUR;
    if (w === undefined && f === undefined) return send(res, real, cacheControl, next);

    const width = typeof w === 'string' ? Number(w) : undefined;
    if (w !== undefined && !IMAGE_WIDTHS.includes(width as (typeof IMAGE_WIDTHS)[number]))
      return next();
    if (f !== undefined && f !== 'webp') return next();

    const stat = await fs.stat(real);
    const format = f === 'webp' ? 'webp' : extension.slice(1).replace('jpg', 'jpeg');
    const key = createHash('sha256')
      .update(`${real}\0${stat.size}\0${stat.mtimeMs}\0${width ?? ''}\0${format}`)
      .digest('hex')
      .slice(0, 32);
    const target = path.join(cacheDir, `${key}.${format}`);
    const serveVariant = async (again: boolean): Promise<void> => {
      let made = making.get(key);
      if (!made) {
        // Two readers asking for the same new size at once share one resize.
        made = makeVariant(real, target, width, format)
          .then((isNew) => (isNew ? cache.added(target) : undefined))
          .finally(() => making.delete(key));
        making.set(key, made);
      }
      try {
        await made;
      } catch {
        return next(); // not a picture sharp can read: as if it were not there
      }
      // Removed by the cache between the check and the send: made once more, then served.
      await send(
        res,
        target,
        cacheControl,
        next,
        again ? next : () => void serveVariant(true).catch(next),
      );
    };
    await serveVariant(false);
  };
}

/** Sends a file; `missing` runs when it cannot be read (`next`, unless the caller can retry). */
async function send(
  res: Response,
  file: string,
  cacheControl: string,
  next: (error?: unknown) => void,
  missing: () => void = next,
): Promise<void> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (stat === undefined) return missing();
  // A strong validator from size and modification time, as nginx makes one: If-Match compares
  // strongly, and the app turns Express's own (weak) ETags off, for sendFile too.
  res.set('ETag', `"${stat.size.toString(16)}-${Math.round(stat.mtimeMs).toString(16)}"`);
  // Names were checked above; dotfiles: 'allow' so a content/ under a hidden folder still works.
  const options = {
    cacheControl: false,
    dotfiles: 'allow' as const,
    headers: { 'Cache-Control': cacheControl },
  };
  res.sendFile(file, options, (error?: Error & { status?: number }) => {
    if (!error || res.headersSent) return;
    // A failed If-Match or If-Unmodified-Since (412) and a Range past the end (416, with the
    // Content-Range: bytes */size that send has set) are answers, not a missing file.
    if (error.status === 412 || error.status === 416) {
      for (const name of ['Content-Type', 'Content-Length', 'ETag', 'Last-Modified']) {
        res.removeHeader(name);
      }
      return next(new HttpError(error.status, `${error.message}: ${file}`, { cause: error }));
    }
    missing();
  });
}

/** Writes the resized copy unless it is already on disk; true when it was made now. */
async function makeVariant(
  source: string,
  target: string,
  width: number | undefined,
  format: string,
): Promise<boolean> {
  if (
    await fs.stat(target).then(
      () => true,
      () => false,
    )
  )
    return false;
  await fs.mkdir(path.dirname(target), { recursive: true });
  // Loaded the first time a picture is resized: most processes never need it.
  const { default: sharp } = await import('sharp');
  let image = sharp(source).autoOrient();
  if (width !== undefined) image = image.resize({ width, withoutEnlargement: true });
  image =
    format === 'webp'
      ? image.webp({ quality: 78 })
      : format === 'jpeg'
        ? image.jpeg({ quality: 80, mozjpeg: true })
        : format === 'png'
          ? image.png({ compressionLevel: 9 })
          : format === 'avif'
            ? image.avif({ quality: 55 })
            : image.webp({ quality: 78 });
  // Written under a temporary name and renamed, so a reader never gets half a file.
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  await image.toFile(temporary);
  await fs.rename(temporary, target);
  return true;
}
