import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../../paths.js';

/**
 * Where turning a file into what is stored for it starts: parsing one file (src/content/parse)
 * and deciding the row from what was parsed. Everything these import, and nothing else, decides
 * the stored HTML; the watcher, the sync and the editors' files do not.
 */
export const RENDERING_ENTRIES = [
  'src/content/parse/parse-article.ts',
  'src/content/sync/article-input.ts',
];
const RENDERING_PACKAGES = ['markdown-it', 'yaml', 'linkify-it'];

/**
 * A fingerprint of the code that renders articles: a hash of the source files the rendering
 * entries import, directly or through others, and of the parsers' versions. Stored with every
 * article, so a release that changes how text becomes HTML finds every article rendered by an
 * older one and renders it again, with no editor touching a file; a release that changes only
 * the watcher or the ledger renders nothing again. The same checkout gives the same fingerprint
 * on every server.
 */
export async function readRenderVersion(root = PROJECT_ROOT): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await listRenderingSources(root)) {
    hash
      .update(`${file}\0`)
      .update(await fs.readFile(path.join(root, file)))
      .update('\0');
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

// `import … from './x.js'` and `export … from '../y.js'`; not `import type`, which compiles to
// nothing and so cannot change what a file renders.
const RELATIVE_IMPORT =
  /^\s*(?:import|export)(?!\s+type\b)\b[^'"]*?\sfrom\s+'(\.{1,2}\/[^']+)\.js'/gm;

/** The rendering entries and every project file they import, as sorted paths from `root`. */
export async function listRenderingSources(root = PROJECT_ROOT): Promise<string[]> {
  const found = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (found.has(file)) return;
    found.add(file);
    const text = await fs.readFile(path.join(root, file), 'utf8');
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = path.posix.join(path.posix.dirname(file), `${match[1]!}.ts`);
      await visit(target);
    }
  };
  for (const entry of RENDERING_ENTRIES) await visit(entry);
  return [...found].sort();
}
