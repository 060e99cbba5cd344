import fs from 'node:fs/promises';
import path from 'node:path';

// O_WRONLY and O_RDWR, the access-mode bits of the flags Linux shows in /proc/<pid>/fdinfo.
const ACCESS_MODE = 0o3;

/**
 * Which of these files some process holds open for writing right now: a copy over a slow share
 * that pauses between chunks is still open, so it is not finished however long the pause. Read
 * from /proc (Linux); processes whose descriptors this one may not see, and systems without
 * /proc, are not known, and the importer's quiet window covers those.
 */
export async function listOpenForWriting(files: readonly string[]): Promise<Set<string>> {
  const open = new Set<string>();
  if (files.length === 0) return open;
  const wanted = new Set(files.map((f) => path.resolve(f)));
  const pids = await fs.readdir('/proc').catch(() => [] as string[]);
  await Promise.all(
    pids
      .filter((pid) => /^\d+$/.test(pid))
      .map(async (pid) => {
        const fdDir = `/proc/${pid}/fd`;
        const fds = await fs.readdir(fdDir).catch(() => [] as string[]);
        for (const fd of fds) {
          const target = await fs.readlink(`${fdDir}/${fd}`).catch(() => undefined);
          if (target === undefined || !wanted.has(target)) continue;
          const info = await fs.readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8').catch(() => '');
          const flags = /^flags:\s*([0-7]+)/m.exec(info)?.[1];
          if (flags !== undefined && (parseInt(flags, 8) & ACCESS_MODE) !== 0) open.add(target);
        }
      }),
  );
  return new Set(files.filter((f) => open.has(path.resolve(f))));
}
