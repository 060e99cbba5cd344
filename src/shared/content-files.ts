import path from 'node:path';

export const ARTICLE_EXTENSIONS = new Set(['.txt', '.md']);
export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.avif']);

/**
 * Names editors' tools leave behind while saving (vim swap files, emacs locks, browser
 * downloads in progress) and names editors use to park a file: never published, never served.
 */
export function isIgnoredName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.startsWith('_') ||
    name.startsWith('~') ||
    name.endsWith('~') ||
    /\.(swp|swx|swo|tmp|temp|part|crdownload|bak)$/i.test(name)
  );
}

/** True when `target` is `root` or inside it: the check that keeps every path within content/. */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
