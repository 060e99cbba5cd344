import fs from 'node:fs';
import path from 'node:path';
import {
  ARTICLE_EXTENSIONS,
  IMAGE_EXTENSIONS,
  isIgnoredName,
  isInside,
} from '../../shared/content-files.js';
import type { ContentProblem } from '../parse/content-error.js';

/** An article file found in the content folder. */
export interface ContentFile {
  /** Relative path, forward slashes, NFC: the file's identity whatever the file system stores. */
  file: string;
  absPath: string;
  size: number;
  mtimeMs: number;
  /** The subfolder it sits in, as written: the section's display name. */
  folder: string | undefined;
}

export interface ScanResult {
  files: ContentFile[];
  /** Images beside the articles, anywhere in content/ (they may sit in a subfolder of a section). */
  images: ContentFile[];
  problems: ContentProblem[];
}

/** Entries stat'ed between two chances for waiting requests to be answered. */
const STATS_BETWEEN_BREAKS = 1000;

/**
 * Lists the article files in the content folder and one level of subfolders (sections), with
 * their size and modification time. Reads no file contents: an unchanged folder of thousands of
 * articles costs one stat each.
 *
 * Synchronous calls on purpose, a thousand at a time with requests answered in between: ten
 * thousand stats take some 20 ms this way and ten times that as promises queued behind libuv's
 * four threads, and a sync runs after every save.
 */
export async function scanContent(contentDir: string): Promise<ScanResult> {
  const root = fs.realpathSync(contentDir);
  const files: ContentFile[] = [];
  const images: ContentFile[] = [];
  const problems: ContentProblem[] = [];

  let sinceBreak = 0;
  const visit = async (dir: string, folder: string | undefined, depth: number): Promise<void> => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({
        file: folder ?? '.',
        severity: 'error',
        message: `không đọc được thư mục: ${(error as Error).message}`,
      });
      return;
    }
    for (const entry of entries) {
      if (++sinceBreak === STATS_BETWEEN_BREAKS) {
        sinceBreak = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (isIgnoredName(entry.name)) continue;
      const absPath = path.join(dir, entry.name);
      const rel = (folder === undefined ? entry.name : `${folder}/${entry.name}`).normalize('NFC');
      let stat;
      try {
        stat = fs.statSync(absPath);
      } catch {
        continue; // vanished between readdir and stat, or a dangling link: nothing to publish
      }
      if (entry.isSymbolicLink()) {
        let target: string | undefined;
        try {
          target = fs.realpathSync(absPath);
        } catch {
          target = undefined;
        }
        if (target === undefined || !isInside(root, target)) {
          if (stat.isFile() && ARTICLE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
            problems.push({
              file: rel,
              severity: 'error',
              message: 'là liên kết tượng trưng trỏ ra ngoài thư mục content/; không đăng',
            });
          }
          continue;
        }
      }
      if (stat.isDirectory()) {
        // Articles live one level deep (sections); images may sit one level further (anh/).
        if (depth < 2) await visit(absPath, rel, depth + 1);
        continue;
      }
      const extension = path.extname(entry.name).toLowerCase();
      if (stat.isFile() && IMAGE_EXTENSIONS.has(extension)) {
        images.push({ file: rel, absPath, size: stat.size, mtimeMs: stat.mtimeMs, folder });
        continue;
      }
      if (!stat.isFile() || !ARTICLE_EXTENSIONS.has(extension) || depth > 1) continue;
      files.push({ file: rel, absPath, size: stat.size, mtimeMs: stat.mtimeMs, folder });
    }
  };

  await visit(root, undefined, 0);
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { files, images, problems };
}
