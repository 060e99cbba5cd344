import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Tool {
  path: string;
  version: string;
}

export interface Tools {
  nginx?: Tool;
  hugo?: Tool;
  wrk?: Tool;
}

/** The Debian package that provides each tool, for the notice when one is missing. */
export const TOOL_PACKAGES = { nginx: 'nginx', hugo: 'hugo', wrk: 'wrk' } as const;

// Debian puts nginx in /usr/sbin, which is not on every user's PATH.
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin'];

function findOnPath(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...EXTRA_DIRS];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function versionOf(file: string, args: string[], pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    // wrk prints its version with a usage text and exits 1, nginx prints to stderr: read both.
    execFile(file, args, { timeout: 10_000 }, (_error, stdout, stderr) => {
      const match = pattern.exec(`${stdout}\n${stderr}`);
      resolve(match ? match[1]! : 'unknown version');
    });
  });
}

/** Finds nginx, hugo and wrk; a missing one is simply absent and its part says so. */
export async function findTools(): Promise<Tools> {
  const tools: Tools = {};
  const nginx = findOnPath('nginx');
  if (nginx) tools.nginx = { path: nginx, version: await versionOf(nginx, ['-v'], /nginx\/(\S+)/) };
  const hugo = findOnPath('hugo');
  if (hugo) tools.hugo = { path: hugo, version: await versionOf(hugo, ['version'], /v(\d\S*)/) };
  const wrk = findOnPath('wrk');
  if (wrk) tools.wrk = { path: wrk, version: await versionOf(wrk, ['--version'], /^wrk (\S+)/m) };
  return tools;
}

/** "wrk is not installed (Debian package wrk): skipped." */
export function missingToolNotice(tool: keyof Tools): string {
  return `${tool} is not installed (Debian package \`${TOOL_PACKAGES[tool]}\`)`;
}
