import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';

// What decides the HTML the importer stores: the content stage, the helpers it shares with the
// web stage, and the parsers it runs.
const RENDERING_SOURCES = ['src/content', 'src/shared'];
const RENDERING_PACKAGES = ['markdown-it', 'yaml', 'linkify-it'];

/**
 * A fingerprint of the code that renders articles: a hash of its source files and of the
 * parsers' versions. Stored with every article, so a release that changes how text becomes HTML
 * finds every article rendered by an older one and renders it again, with no editor touching a
 * file. The same checkout gives the same fingerprint on every server.
 */
export async function readRenderVersion(root = PROJECT_ROOT): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of RENDERING_SOURCES) {
    const dir = path.join(root, folder);
    const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) =>
      n.endsWith('.ts'),
    );
    for (const name of names.sort()) {
      hash
        .update(`${folder}/${name}\0`)
        .update(await fs.readFile(path.join(dir, name)))
        .update('\0');
    }
  }
  for (const name of RENDERING_PACKAGES) {
    const manifest = await fs
      .readFile(path.join(root, 'node_modules', name, 'package.json'), 'utf8')
      .then((text) => (JSON.parse(text) as { version?: string }).version)
      .catch(() => 'absent');
    hash.update(`${name}@${manifest}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}
