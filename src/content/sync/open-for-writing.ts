import fs from 'node:fs';
import path from 'node:path';

// O_WRONLY and O_RDWR, the access-mode bits of the flags Linux shows in /proc/<pid>/fdinfo.
const ACCESS_MODE = 0o3;

/**
 * Which of these files some process holds open for writing right now: a copy over a slow share
 * that pauses between chunks is still open, so it is not finished however long the pause. Read
 * from /proc (Linux); processes whose descriptors this one may not see, and systems without
 * /proc, are not known, and the importer's quiet window covers those.
 *
 * Synchronous on purpose: a few hundred tiny reads of /proc take a millisecond or two this
 * way, and many times that as promises queued behind the thread pool.
 */
export function listOpenForWriting(files: readonly string[]): Set<string> {
  if (files.length === 0) return new Set();
  const wanted = new Set(files.map((f) => path.resolve(f)));
  const open = new Set<string>();
  for (const pid of readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const fdDir = `/proc/${pid}/fd`;
    for (const fd of readdir(fdDir)) {
      const target = attempt(() => fs.readlinkSync(`${fdDir}/${fd}`));
      if (target === undefined || !wanted.has(target)) continue;
      const info = attempt(() => fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8')) ?? '';
      const flags = /^flags:\s*([0-7]+)/m.exec(info)?.[1];
      if (flags !== undefined && (parseInt(flags, 8) & ACCESS_MODE) !== 0) open.add(target);
    }
  }
  return new Set(files.filter((f) => open.has(path.resolve(f))));
}

// A process can end, or hide its descriptors, between one read and the next.
const attempt = <T>(read: () => T): T | undefined => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

const readdir = (dir: string): string[] => attempt(() => fs.readdirSync(dir)) ?? [];
