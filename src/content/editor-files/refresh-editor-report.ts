import type { Database } from '../../db/types.js';
import { listProblems } from '../../db/file-problems.js';
import { listUnpublishedArticles } from '../../db/unpublished-articles.js';
import { formatReport, writeReport } from './editor-report.js';

/**
 * Writes the editors' report in content/ from what the database now records: every file's
 * problems, then the drafts and scheduled articles with the links they can be previewed at.
 */
export async function refreshEditorReport(
  db: Database,
  contentDir: string,
  now: () => number,
  previewUrl: ((id: number) => string) | undefined,
): Promise<void> {
  const [problems, unpublished] = await Promise.all([
    listProblems(db),
    listUnpublishedArticles(db, now()),
  ]);
  const body = formatReport(
    problems,
    unpublished.map((a) => ({ ...a, previewUrl: previewUrl?.(a.id) })),
  );
  await writeReport(contentDir, body, now());
}
