import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { readPreviewSecret } from '../preview-secret.js';
import { ARTICLE_EXTENSIONS, isIgnoredName } from '../shared/content-files.js';
import { previewPath } from '../shared/urls.js';
import { createImporter } from '../content/sync/import-content.js';
import { openDatabase } from '../db/database.js';
import { listProblems } from '../db/file-problems.js';
import { printProblems } from './print-problems.js';
import { runCommand } from './run-command.js';

/** `npm run import`: imports content/ once, with a progress bar on a terminal, and a summary. */
async function main(): Promise<number> {
  const config = loadConfig(process.env, process.cwd());
  const started = performance.now();
  const db = await openDatabase(config.databasePath);
  const previewSecret = readPreviewSecret(config.previewSecret, path.dirname(config.databasePath));
  const tty = process.stderr.isTTY;
  // The bar's end: the names of article files, counted without opening or measuring any.
  const total = tty ? countArticleNames(config.contentDir) : 0;
  const importer = createImporter({
    db,
    contentDir: config.contentDir,
    role: config.role,
    // Nobody is reading yet: every core parses.
    parseThreads: os.availableParallelism(),
    previewUrl: (id) => config.siteUrl + previewPath(previewSecret, id),
    // Problems are printed once, sorted, at the end; the log would repeat them mid-bar.
    logger: pino({ level: 'silent' }),
    onProgress: tty
      ? (done) => {
          const width = 30;
          const filled = Math.min(width, Math.round((done / Math.max(total, 1)) * width));
          process.stderr.write(
            `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`,
          );
        }
      : undefined,
  });
  const report = await importer.sync({ settleMs: 0 });
  await importer.close();
  if (tty) process.stderr.write('\n');
  const problems = await listProblems(db);
  await db.close();

  const rejected = printProblems(problems, process.stdout);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  process.stdout.write(
    `Đã nhập ${config.contentDir} vào ${config.databasePath}: ${report.added} bài mới, ` +
      `${report.updated} cập nhật, ${report.moved} chuyển chỗ, ${report.deleted} gỡ, ` +
      `${report.unchanged} không đổi, ${rejected} tệp bị từ chối (${seconds} giây)\n`,
  );
  return rejected > 0 ? 1 : 0;
}

/** Article files in content/ and its section folders, by their names alone. */
function countArticleNames(contentDir: string): number {
  let count = 0;
  const visit = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      if (entry.isDirectory() && depth === 0) visit(path.join(dir, entry.name), 1);
      else if (ARTICLE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) count++;
    }
  };
  visit(contentDir, 0);
  return count;
}

runCommand(main);
