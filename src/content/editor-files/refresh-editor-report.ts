import type { Database } from '../../db/types.js';
import { listProblems } from '../../db/file-problems.js';
import { listUnpublishedArticles } from '../../db/unpublished-articles.js';
import { listWarnings } from '../../db/warnings.js';
import { formatReport, writeReport } from './editor-report.js';
import { warningProblemsAt } from './warnings.js';

/**
 * Writes the editors' report in content/ from what the database now records: every file's
 * problems (and the warnings the clock has taken down), then the drafts and scheduled articles
 * with the links they can be previewed at.
 */
export async function refreshEditorReport(
  db: Database,
  contentDir: string,
  now: () => number,
  previewUrl: ((id: number) => string) | undefined,
): Promise<void> {
  const [problems, unpublished, warnings] = await Promise.all([
    listProblems(db),
    listUnpublishedArticles(db, now()),
    listWarnings(db),
  ]);
  const body = formatReport(
    [...problems, ...warningProblemsAt(warnings, now())],
    unpublished.map((a) => ({ ...a, previewUrl: previewUrl?.(a.id) })),
  );
  await writeReport(contentDir, body, now());
}
