import path from 'node:path';
import { loadConfig } from '../config.js';
import { formatReport } from '../content/editor-files/editor-report.js';
import {
  keptFilePath,
  parseVersionIndex,
  readKeptBytes,
  versionIndexNumber,
  VERSIONS_DIR,
} from '../content/editor-files/kept-versions.js';
import {
  idsOfLedgerFile,
  LEDGER_DIR,
  ledgerFileNumber,
  parseLedger,
  SINGLE_LEDGER_FILE,
} from '../content/editor-files/ledger.js';
import {
  checkRedirects,
  parseRedirects,
  readRedirects,
} from '../content/editor-files/redirects.js';
import {
  listWarningFiles,
  parseWarning,
  warningProblemsAt,
} from '../content/editor-files/warnings.js';
import { ContentError, type ContentProblem } from '../content/parse/content-error.js';
import { openContentFs, type ContentFs } from '../content/sync/content-fs.js';
import { judgeFile, type ReportedVersion } from '../content/sync/files-to-read.js';
import { fromRow } from '../content/sync/known-sources.js';
import { readArticleFile } from '../content/sync/read-article-file.js';
import { readRenderVersion } from '../content/sync/render-version.js';
import { walkContent } from '../content/sync/walk-content.js';
import { openDatabaseReadOnly } from '../db/database.js';
import { type Database } from '../db/types.js';
import { listProblemsOf, type StoredProblem } from '../db/file-problems.js';
import { listSourcesAt } from '../db/sources.js';
import { listUnpublishedArticles } from '../db/unpublished-articles.js';
import type { StoredWarning } from '../db/warnings.js';
import { findPreviewSecret } from '../preview-secret.js';
import { mediaUrl, previewPath } from '../shared/urls.js';
import { runCommand } from './run-command.js';

/**
 * `npm run check`: validates every file in content/ without serving and without writing the
 * database. It walks the folder and judges each file by the importer's own rule: a file the last
 * import read and that has not changed since is not read again, its verdict comes from the
 * database when there is one.
 */
async function main(): Promise<number> {
  const config = loadConfig(process.env, process.cwd());
  const started = performance.now();
  const cfs = openContentFs(config.contentDir);
  const db = await openDatabaseReadOnly(config.databasePath);
  const version = await readRenderVersion();
  const problems: ContentProblem[] = [
    ...checkLedger(cfs),
    ...checkVersions(cfs),
    ...checkWarnings(cfs, Date.now()),
  ];
  // Files published now, and files rejected: the redirects are checked against them.
  const published = new Set<string>();
  let files = 0;
  let read = 0;
  // Whether a picture an article shows is there is all a check needs of it.
  const findImage = (file: string) =>
    cfs.stat(file)?.isFile() ? { url: mediaUrl(file, 'check'), width: 1, height: 1 } : undefined;

  for await (const slice of walkContent(cfs)) {
    problems.push(...slice.problems);
    const paths = slice.articles.map((a) => a.file);
    const [rows, stored] = db ? await lookUp(db, paths) : [[], []];
    const byPath = new Map(rows.map((r) => [r.sourcePath, fromRow(r)]));
    const reported = new Map<string, ReportedVersion & { problems: StoredProblem[] }>();
    for (const p of stored) {
      const entry = reported.get(p.file) ?? { size: p.size, mtimeMs: p.mtimeMs, problems: [] };
      entry.problems.push(p);
      reported.set(p.file, entry);
    }
    for (const source of slice.articles) {
      files++;
      const verdict = judgeFile(source, {
        stored: byPath.get(source.file),
        reported: reported.get(source.file),
        version,
        imagesChanged: false,
      });
      if (verdict === 'unchanged') {
        published.add(source.file);
        continue;
      }
      if (verdict === 'reported') {
        const found = reported.get(source.file)!.problems;
        problems.push(
          ...found.map(({ file, line, severity, message }) => ({ file, line, severity, message })),
        );
        if (!found.some((p) => p.severity === 'error')) published.add(source.file);
        continue;
      }
      read++;
      const outcome = readArticleFile(cfs, source, { findImage });
      if (outcome.kind === 'rejected') problems.push(outcome.problem);
      else if (outcome.kind === 'parsed') {
        problems.push(...outcome.parsed.warnings);
        published.add(source.file);
      }
    }
  }

  const redirectsText = await readRedirects(config.contentDir);
  if (redirectsText !== undefined) {
    const { rules, problems: lines } = parseRedirects(redirectsText);
    problems.push(...lines, ...checkRedirects(rules, (file) => published.has(file)).problems);
  }
  const unpublished = db ? await listUnpublishedArticles(db, Date.now()) : [];
  await db?.close();
  const secret = findPreviewSecret(config.previewSecret, path.dirname(config.databasePath));

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
    `${files} tệp bài viết (đọc lại ${read}), ${rejected} tệp bị từ chối, ` +
      `${problems.filter((p) => p.severity === 'warning').length} cảnh báo, ${seconds} giây\n`,
  );
  return rejected > 0 ? 1 : 0;
}

const lookUp = (db: Database, paths: readonly string[]) =>
  Promise.all([listSourcesAt(db, paths), listProblemsOf(db, paths)]);

/**
 * What is wrong with the kept versions: index lines that cannot be read, and each version whose
 * bytes are gone, unreadable or not what its hash says, by its path. Every kept file is read.
 */
function checkVersions(cfs: ContentFs): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const listed = cfs.readdir(VERSIONS_DIR);
  if ('error' in listed) return problems;
  const named = new Set<string>();
  for (const entry of listed.entries) {
    const file = `${VERSIONS_DIR}/${entry.name}`;
    const number = versionIndexNumber(entry.name);
    if (number === undefined) {
      if (!(entry.isDirectory() && /^\d+$/.test(entry.name))) {
        problems.push({
          file,
          severity: 'warning',
          message: 'tệp lạ trong thư mục các bản đã đăng',
        });
      }
      continue;
    }
    const index = parseVersionIndex(
      cfs.readFile(file).toString('utf8'),
      file,
      idsOfLedgerFile(number),
    );
    problems.push(...index.problems);
    for (const version of index.versions) {
      const kept = keptFilePath(version);
      named.add(kept);
      const read = readKeptBytes(cfs, version);
      if ('problem' in read)
        problems.push({ file: kept, severity: 'warning', message: read.problem });
    }
  }
  for (const entry of listed.entries) {
    if (!entry.isDirectory() || !/^\d+$/.test(entry.name)) continue;
    const folder = `${VERSIONS_DIR}/${entry.name}`;
    const inside = cfs.readdir(folder);
    if ('error' in inside) continue;
    for (const file of inside.entries.map((e) => `${folder}/${e.name}`)) {
      if (!named.has(file)) {
        problems.push({
          file,
          severity: 'warning',
          message: 'tệp không có trong sổ phiên bản: nếu bản này đã được gỡ, xóa luôn tệp',
        });
      }
    }
  }
  return problems;
}

/** What is wrong with the urgent warnings' files, and which ones the clock has taken down. */
function checkWarnings(cfs: ContentFs, now: number): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const read: StoredWarning[] = [];
  for (const name of listWarningFiles(cfs)) {
    const file = name.normalize('NFC');
    try {
      const savedAt = Math.floor(cfs.stat(name)!.mtimeMs / 1000) * 1000;
      const parsed = parseWarning(file, cfs.readFile(name), savedAt);
      read.push(parsed.warning);
      problems.push(...parsed.problems);
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      problems.push(error.toProblem());
    }
  }
  return [...problems, ...warningProblemsAt(read, now)];
}

/** What is wrong with the ledger's files, line by line. */
function checkLedger(cfs: ContentFs): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const single = cfs.stat(SINGLE_LEDGER_FILE);
  if (single?.isFile()) {
    const text = cfs.readFile(SINGLE_LEDGER_FILE).toString('utf8');
    problems.push(...parseLedger(text, SINGLE_LEDGER_FILE).problems);
  }
  const listed = cfs.readdir(LEDGER_DIR);
  if ('entries' in listed) {
    for (const entry of listed.entries) {
      const number = ledgerFileNumber(entry.name);
      if (number === undefined) continue;
      const file = `${LEDGER_DIR}/${entry.name}`;
      const text = cfs.readFile(file).toString('utf8');
      problems.push(...parseLedger(text, file, idsOfLedgerFile(number)).problems);
    }
  }
  return problems;
}

runCommand(main);
