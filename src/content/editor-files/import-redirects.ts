import type { Executor } from '../../db/types.js';
import { listArticlesByFile, replaceRedirects } from '../../db/redirects.js';
import { articlePath, normalizeOldPath } from '../../shared/urls.js';
import type { ContentProblem } from '../parse/content-error.js';
import { checkRedirects, parseRedirects } from './redirects.js';

/**
 * Stores the old addresses of the redirects file (`text`, undefined when there is none), each
 * leading where its target is now: a rule naming an article's file leads to that article's
 * current URL, so it must run after the import's article writes, in the same transaction.
 * Returns whether what old addresses answer changed, the lines that cannot be followed, and the
 * article files the rules name (a change to one of them resolves the old addresses again).
 */
export async function importRedirects(
  tx: Executor,
  text: string | undefined,
): Promise<{ changed: boolean; problems: ContentProblem[]; targets: string[] }> {
  const redirects = text === undefined ? undefined : parseRedirects(text);
  const targets = await listArticlesByFile(
    tx,
    (redirects?.rules ?? []).flatMap((r) => ('file' in r.target ? [r.target.file] : [])),
  );
  const checked = checkRedirects(redirects?.rules ?? [], (file) => targets.has(file));
  const changed = await replaceRedirects(
    tx,
    checked.usable.map((r) => ({
      from: r.from,
      to:
        'path' in r.target
          ? normalizeOldPath(r.target.path)
          : articlePath(targets.get(r.target.file)!),
    })),
  );
  return {
    changed,
    problems: [...(redirects?.problems ?? []), ...checked.problems],
    targets: (redirects?.rules ?? []).flatMap((r) => ('file' in r.target ? [r.target.file] : [])),
  };
}
