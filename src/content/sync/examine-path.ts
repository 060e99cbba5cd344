import path from 'node:path';
import {
  ARTICLE_EXTENSIONS,
  IMAGE_EXTENSIONS,
  isIgnoredName,
  isInside,
} from '../../shared/content-files.js';
import type { ContentProblem } from '../parse/content-error.js';
import type { ContentFs } from './content-fs.js';

/** An article or picture file found in content/. */
export interface ContentFile {
  /** Relative path, forward slashes, NFC: the file's identity whatever the file system stores. */
  file: string;
  /** Relative path as the file system spells it, to open the file by. */
  diskPath: string;
  absPath: string;
  size: number;
  mtimeMs: number;
  /** The section folder it sits in, as written: the section's display name. */
  folder: string | undefined;
}

/** What is at a path in content/ now. */
export type Examined =
  | { kind: 'article' | 'image'; source: ContentFile }
  | { kind: 'folder'; diskPath: string }
  | { kind: 'gone'; file: string }
  | { kind: 'refused'; problem: ContentProblem }
  | { kind: 'ignored' };

/**
 * Articles sit in content/ and its section folders (depth 0 and 1); pictures may sit one folder
 * lower (depth 2). Deeper folders are not looked into.
 */
export const MAX_FOLDER_DEPTH = 2;

/**
 * Decides what one path in content/ is, with one stat (two for a symbolic link): the rule every
 * look at the folder goes through, whether a watcher event named the path or the walk found it.
 * Hidden and underscore names, editor temporaries, symbolic links leading out of content/ and
 * files too deep are never published.
 */
export function examinePath(cfs: ContentFs, diskPath: string): Examined {
  const file = diskPath.normalize('NFC');
  const segments = diskPath.split('/');
  if (segments.some(isIgnoredName)) return { kind: 'ignored' };
  const depth = segments.length - 1;
  const entry = cfs.lstat(diskPath);
  if (entry === undefined) return { kind: 'gone', file };
  const extension = path.extname(diskPath).toLowerCase();
  const isArticleName = ARTICLE_EXTENSIONS.has(extension);
  let stat = entry;
  if (entry.isSymbolicLink()) {
    const target = cfs.realpath(diskPath);
    const followed = target === undefined ? undefined : cfs.stat(diskPath);
    if (target === undefined || followed === undefined || !isInside(cfs.root, target)) {
      if (isArticleName && (followed === undefined || followed.isFile())) {
        return {
          kind: 'refused',
          problem: {
            file,
            severity: 'error',
            message: 'là liên kết tượng trưng trỏ ra ngoài thư mục content/; không đăng',
          },
        };
      }
      return { kind: 'ignored' };
    }
    stat = followed;
  }
  if (stat.isDirectory()) {
    return depth < MAX_FOLDER_DEPTH ? { kind: 'folder', diskPath } : { kind: 'ignored' };
  }
  if (!stat.isFile()) return { kind: 'ignored' };
  const source = toContentFile(cfs, diskPath, stat);
  if (IMAGE_EXTENSIONS.has(extension)) return { kind: 'image', source };
  if (isArticleName && depth <= 1) return { kind: 'article', source };
  return { kind: 'ignored' };
}

/** A file of content/ as the importer reads it, from its stat (followed, for a link). */
export function toContentFile(
  cfs: ContentFs,
  diskPath: string,
  stat: { size: number; mtimeMs: number },
): ContentFile {
  const segments = diskPath.split('/');
  return {
    file: diskPath.normalize('NFC'),
    diskPath,
    absPath: cfs.absolute(diskPath),
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    folder: segments.length === 1 ? undefined : segments.slice(0, -1).join('/').normalize('NFC'),
  };
}

/** A folder's entries as paths relative to content/, or the problem of a folder unreadable. */
export function listFolder(
  cfs: ContentFs,
  diskPath: string,
): { paths: string[] } | { problem: ContentProblem } {
  const listed = cfs.readdir(diskPath);
  if ('error' in listed) {
    return {
      problem: {
        file: diskPath === '' ? '.' : diskPath.normalize('NFC'),
        severity: 'error',
        message: `không đọc được thư mục: ${listed.error.message}`,
      },
    };
  }
  return {
    paths: listed.entries
      .filter((e) => !isIgnoredName(e.name))
      .map((e) => (diskPath === '' ? e.name : `${diskPath}/${e.name}`)),
  };
}
