import path from 'node:path';
import { loadConfig } from '../config.js';
import { formatReport } from '../content/editor-files/editor-report.js';
import type { ContentProblem } from '../content/parse/content-error.js';
import { parseLedger, readLedger } from '../content/editor-files/ledger.js';
import {
  checkRedirects,
  parseRedirects,
  readRedirects,
} from '../content/editor-files/redirects.js';
import { readArticleFile } from '../content/sync/read-article-file.js';
import { scanContent } from '../content/sync/scan-content.js';
import { openDatabaseReadOnly } from '../db/database.js';
import { listProblems, type StoredProblem } from '../db/file-problems.js';
import { listSourceStates } from '../db/sources.js';
import { listUnpublishedArticles } from '../db/unpublished-articles.js';
import { findPreviewSecret } from '../preview-secret.js';
import { previewPath } from '../shared/site-paths.js';
import { runCommand } from './run-command.js';

/**
 * `npm run check`: validates every file in content/ without serving and without writing the
 * database. Files the last import already read, unchanged since, are not read again: their
 * verdict comes from the database when there is one.
 */
async function main(): Promise<number> {
  const config = loadConfig(process.env, process.cwd());
  const started = performance.now();
  const scan = await scanContent(config.contentDir);
  const db = await openDatabaseReadOnly(config.databasePath);
  const [states, stored, unpublished] = db
    ? await Promise.all([
        listSourceStates(db),
        listProblems(db),
        listUnpublishedArticles(db, Date.now()),
      ])
    : [[], [], []];
  await db?.close();
  const secret = findPreviewSecret(config.previewSecret, path.dirname(config.databasePath));

  const stateByPath = new Map(states.map((s) => [s.sourcePath, s]));
  const storedByPath = new Map<string, StoredProblem[]>();
  for (const p of stored) storedByPath.set(p.file, [...(storedByPath.get(p.file) ?? []), p]);
  const ledgerText = await readLedger(config.contentDir);
  const problems: ContentProblem[] = [
    ...scan.problems,
    ...(ledgerText === undefined ? [] : parseLedger(ledgerText).problems),
  ];
  let read = 0;
  for (const source of scan.files) {
    const known = storedByPath.get(source.file);
    const state = stateByPath.get(source.file);
    const same = (s: { size?: number; mtimeMs?: number } | undefined) =>
      s !== undefined && s.size === source.size && s.mtimeMs === source.mtimeMs;
    if (known && same(known[0])) {
      problems.push(
        ...known.map(({ file, line, severity, message }) => ({ file, line, severity, message })),
      );
      continue;
    }
    if (!known && state?.deletedAt === undefined && same(state)) continue;
    read++;
    const outcome = await readArticleFile(source);
    if (outcome.kind === 'rejected') problems.push(outcome.problem);
    else if (outcome.kind === 'parsed') problems.push(...outcome.parsed.warnings);
  }

  const rejectedNow = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.file));
  const redirectsText = await readRedirects(config.contentDir);
  if (redirectsText !== undefined) {
    const { rules, problems: lines } = parseRedirects(redirectsText);
    const articles = new Set(scan.files.map((f) => f.file).filter((f) => !rejectedNow.has(f)));
    problems.push(...lines, ...checkRedirects(rules, (file) => articles.has(file)).problems);
  }

  // The same text the importer writes into content/ for editors, without its time stamp.
  process.stdout.write(
    formatReport(
      problems,
      unpublished.map((a) => ({
        ...a,
        previewUrl: secret === undefined ? undefined : config.siteUrl + previewPath(secret, a.id),
      })),
    ),
  );
  const rejected = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.file)).size;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  process.stdout.write(
    `${scan.files.length} tệp bài viết (đọc lại ${read}), ${rejected} tệp bị từ chối, ` +
      `${problems.filter((p) => p.severity === 'warning').length} cảnh báo, ${seconds} giây\n`,
  );
  return rejected > 0 ? 1 : 0;
}

runCommand(main);
