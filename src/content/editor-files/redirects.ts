import fs from 'node:fs/promises';
import path from 'node:path';
import { normalizeOldPath } from '../../shared/urls.js';
import type { ContentProblem } from '../parse/content-error.js';

/**
 * Old addresses, one per line, for a site moving here from an older CMS: `old-path  target`
 * (two spaces or a tab between them),
 * where the target is an article's file in content/ (the link follows the article wherever its
 * URL goes) or a path of this site. Lines starting with "#" are comments.
 *
 *     /tin-tuc/2019/hop-tac-xa.html    Kinh tế/hop-tac-xa-bang-thanh.md
 *     /index.php?id=118                /chuyen-muc/thoi-su
 */
export const REDIRECTS_FILE = '_chuyen-huong.txt';

export interface RedirectRule {
  /** The old path as readers request it, decoded, NFC, with its query when it has one. */
  from: string;
  /** An article file (`file`) or a path on this site (`path`). */
  target: { file: string } | { path: string };
  line: number;
}

const problem = (line: number, message: string): ContentProblem => ({
  file: REDIRECTS_FILE,
  line,
  severity: 'error',
  message,
});

/** The file's text → its rules; a line that cannot be read is a problem naming the line. */
export function parseRedirects(text: string): {
  rules: RedirectRule[];
  problems: ContentProblem[];
} {
  const rules: RedirectRule[] = [];
  const problems: ContentProblem[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    // Two spaces or a tab between the two, as in "old-path  target", so either may hold a
    // single space (an old path typed as readers saw it, a file name); one space works too when
    // the old path has none.
    const match = /^(.+?)(?:\t+| {2,})(.+)$/.exec(trimmed) ?? /^(\S+)\s+(.+)$/.exec(trimmed);
    if (!match) {
      problems.push(problem(line, 'mỗi dòng cần hai phần: "đường-dẫn-cũ  đích"'));
      return;
    }
    const from = normalizeOldPath(match[1]!);
    const to = match[2]!.trim().normalize('NFC');
    if (!from.startsWith('/')) {
      problems.push(problem(line, `đường dẫn cũ "${match[1]}" phải bắt đầu bằng "/"`));
      return;
    }
    if (seen.has(from)) {
      problems.push(problem(line, `đường dẫn cũ "${from}" đã có ở một dòng trước`));
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(to) || to.startsWith('//')) {
      problems.push(
        problem(
          line,
          `đích "${to}" phải là tệp bài trong content/ hoặc đường dẫn bắt đầu bằng "/"`,
        ),
      );
      return;
    }
    seen.add(from);
    rules.push({ from, target: to.startsWith('/') ? { path: to } : { file: to }, line });
  });
  return { rules, problems };
}

/**
 * The rules that can be followed: a target file must be an article in content/, and no chain of
 * rules may lead back to where it started. The others are problems naming their line.
 */
export function checkRedirects(
  rules: readonly RedirectRule[],
  isArticleFile: (file: string) => boolean,
): { usable: RedirectRule[]; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const next = new Map(
    rules.map((r) => [r.from, 'path' in r.target ? normalizeOldPath(r.target.path) : undefined]),
  );
  const usable = rules.filter((rule) => {
    if ('file' in rule.target && !isArticleFile(rule.target.file)) {
      problems.push(
        problem(rule.line, `đích "${rule.target.file}" không phải tệp bài nào trong content/`),
      );
      return false;
    }
    // The chain as followed from this rule, shown whole so the editor sees which lines loop.
    const chain = [rule.from];
    for (let at = next.get(rule.from); at !== undefined; at = next.get(at)) {
      const seen = chain.includes(at);
      chain.push(at);
      if (seen) {
        const steps = chain.map((p) => `"${p}"`).join(' → ');
        problems.push(problem(rule.line, `chuyển hướng vòng tròn: ${steps}`));
        return false;
      }
    }
    return true;
  });
  return { usable, problems };
}

/** The redirects file in `contentDir`, or undefined when there is none. */
export async function readRedirects(contentDir: string): Promise<string | undefined> {
  return fs.readFile(path.join(contentDir, REDIRECTS_FILE), 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
}
