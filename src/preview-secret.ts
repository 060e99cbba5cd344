import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The secret draft previews are signed with: PREVIEW_SECRET when the operator sets one (several
 * servers must share it for their links to agree), else one made on first start and kept beside
 * the database, readable by the site's user alone. Deleting that file retires every link.
 */
export function readPreviewSecret(configured: string | undefined, dataDir: string): string {
  const found = findPreviewSecret(configured, dataDir);
  if (found !== undefined) return found;
  const file = path.join(dataDir, SECRET_FILE);
  const secret = randomBytes(32).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  // "wx": two servers starting at once on one data/ keep whichever secret was written first.
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return fs.readFileSync(file, 'utf8').trim();
  }
}

const SECRET_FILE = 'preview-secret';

/** The secret if there is one already, for tools that must not write (`npm run check`). */
export function findPreviewSecret(
  configured: string | undefined,
  dataDir: string,
): string | undefined {
  if (configured !== undefined) return configured;
  try {
    return fs.readFileSync(path.join(dataDir, SECRET_FILE), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
