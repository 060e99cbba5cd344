import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createImporter } from './content/import-content.js';
import { watchContent } from './content/watch-content.js';
import { openDatabase } from './db/database.js';
import { getSqliteInfo } from './db/sqlite-info.js';
import { createLogger } from './logger.js';
import { openLiveFacts } from './web/live-facts.js';

// The one place that reads the environment, opens resources and listens.
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (!fs.existsSync(config.contentDir)) {
    console.error(`Invalid configuration:\n  - CONTENT_DIR ${config.contentDir} does not exist`);
    process.exit(1);
  }

  const db = await openDatabase(config.databasePath);
  const sqlite = await getSqliteInfo(db);
  logger.info({ sqlite }, `SQLite ${sqlite.version}, FTS5 ${sqlite.fts5 ? 'present' : 'missing'}`);
  const facts = await openLiveFacts({ db, now: Date.now, logger });
  const importer = createImporter({
    db,
    contentDir: config.contentDir,
    logger,
    onPublish: (published) => facts.publish(published),
  });
  const started = Date.now();
  // Import before listening, so the first reader already sees every article.
  const report = await importer.sync({ settleMs: 0 });
  logger.info(
    { ...report, problems: report.problems.length, ms: Date.now() - started },
    `imported ${config.contentDir}`,
  );
  const watcher = config.watch
    ? await watchContent({ contentDir: config.contentDir, importer, logger })
    : undefined;

  const mediaCacheDir = path.join(path.dirname(config.databasePath), 'media-cache');
  const mediaCacheMaxBytes = config.mediaCacheMb * 1024 * 1024;
  const server = http.createServer(
    createApp({ db, config, logger, facts, mediaCacheDir, mediaCacheMaxBytes }),
  );
  server.listen(config.port, config.host);
  server.on('listening', () => {
    const { port } = server.address() as AddressInfo;
    logger.info(
      `serving ${config.siteName} on http://${config.host}:${port} (SITE_URL ${config.siteUrl})`,
    );
  });
  server.on('error', (error) => {
    logger.fatal({ err: error }, `cannot listen on ${config.host}:${config.port}`);
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    // Requests in flight finish; a stuck one does not keep the process alive past 10 s.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close(async () => {
      await watcher?.close();
      facts.close();
      await db.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
