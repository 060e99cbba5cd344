import fs from 'node:fs/promises';
import path from 'node:path';

export interface DiskUsage {
  files: number;
  /** The sum of the files' sizes. */
  bytes: number;
  /** What the file system gives them, in whole blocks, as `du` counts it. */
  allocatedBytes: number;
}

/** The files in `dir` and its folders, by their sizes and by the blocks they take. */
export async function readDiskUsage(dir: string): Promise<DiskUsage> {
  const usage: DiskUsage = { files: 0, bytes: 0, allocatedBytes: 0 };
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const stat = await fs.stat(path.join(entry.parentPath, entry.name));
    usage.files++;
    usage.bytes += stat.size;
    usage.allocatedBytes += stat.blocks * 512;
  }
  return usage;
}
