import fs from 'node:fs/promises';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { IMAGE_EXTENSIONS, isIgnoredName, isInside } from '../shared/content-files.js';

/**
 * `/media/…`: the images editors put beside their articles, and nothing else from content/.
 * express.static refuses paths that climb out of its root but follows symbolic links, so each
 * file's real location is checked too: a link to an image elsewhere on the server is not served.
 */
export function serveMedia(contentDir: string): RequestHandler {
  const files = express.static(contentDir, {
    index: false,
    dotfiles: 'deny',
    fallthrough: true,
    maxAge: '7d',
  });
  const root = fs.realpath(contentDir).catch(() => path.resolve(contentDir));
  return async (req, res, next) => {
    const name = path.posix.basename(req.path);
    if (!IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase()) || isIgnoredName(name))
      return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const real = await fs.realpath(path.join(contentDir, relative)).catch(() => undefined);
    if (real === undefined || !isInside(await root, real)) return next();
    files(req, res, next);
  };
}
