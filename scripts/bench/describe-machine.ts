import { execFile } from 'node:child_process';
import os from 'node:os';
import { formatBytes } from './format.js';
import { markdownTable } from './markdown-table.js';
import type { Tools } from './find-tools.js';

function gitDescribe(dir: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-C', dir, 'log', '-1', '--format=%h %s'],
      { timeout: 10_000 },
      (error, stdout) => resolve(error ? undefined : stdout.trim()),
    );
  });
}

function gitDirty(dir: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-C', dir, 'status', '--porcelain', '--untracked-files=no', '--', 'src', 'views', 'public'],
      { timeout: 10_000 },
      (error, stdout) => resolve(!error && stdout.trim() !== ''),
    );
  });
}

/** The table at the top of every report: what ran, where, on how many articles. */
export async function describeMachine(tools: Tools, siteDir: string, articles: string) {
  const cpus = os.cpus();
  const commit = await gitDescribe(siteDir);
  const dirty = commit !== undefined && (await gitDirty(siteDir));
  const rows: [string, string][] = [
    ['site', `${commit ?? siteDir}${dirty ? ' (with uncommitted changes)' : ''}`],
    ['articles (N)', articles],
    ['CPU', `${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores`],
    ['memory', formatBytes(os.totalmem())],
    ['system', `${os.type()} ${os.release()}`],
    ['Node', process.version],
    ['nginx', tools.nginx?.version ?? 'not installed'],
    ['hugo', tools.hugo?.version ?? 'not installed'],
    ['wrk', tools.wrk?.version ?? 'not installed'],
  ];
  return markdownTable(['', 'value'], rows);
}
