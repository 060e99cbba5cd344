import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createImporter, type Importer } from './content/sync/import-content.js';
import { watchContent } from './content/sync/watch-content.js';
import { openDatabase } from './db/database.js';
import { getSqliteInfo } from './db/sqlite-info.js';
import type { Logger } from 'pino';
import { createLogger } from './logger.js';
import { searchRateLimit } from './web/rate-limit.js';
import { readPreviewSecret } from './preview-secret.js';
import { previewPath } from './shared/site-paths.js';
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
  const dataDir = path.dirname(config.databasePath);
  const previewSecret = readPreviewSecret(config.previewSecret, dataDir);
  const sqlite = await getSqliteInfo(db);
  logger.info({ sqlite }, `SQLite ${sqlite.version}, FTS5 ${sqlite.fts5 ? 'present' : 'missing'}`);
  const facts = await openLiveFacts({ db, now: Date.now, logger });
  const importer = createImporter({
    db,
    contentDir: config.contentDir,
    logger,
    role: config.role,
    onPublish: (published) => facts.publish(published),
    previewUrl: (id) => config.siteUrl + previewPath(previewSecret, id),
  });
  const mediaCacheDir = path.join(dataDir, 'media-cache');
  const mediaCacheMaxBytes = config.mediaCacheMb * 1024 * 1024;
  const server = http.createServer(
    SERVER_TIMEOUTS,
    createApp({
      db,
      config,
      logger,
      facts,
      mediaCacheDir,
      mediaCacheMaxBytes,
      previewSecret,
      searchRateLimit: searchRateLimit(config.searchRateLimit),
      syncStatus: importer.status,
    }),
  );

  // With a site in the database (a restart, a crash), listen at once and serve it while the
  // folder is reconciled: readers lose no time to the import. A new database has nothing to
  // serve yet, so it is filled first.
  const served = facts.current().generation > 0;
  if (!served) await importOnce(importer, config.contentDir, logger);
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
  let caughtUp = !served;
  const watcher = config.watch
    ? await watchContent({
        contentDir: config.contentDir,
        importer,
        logger,
        syncAtStart: served,
        onSync: (report) => {
          if (caughtUp) return;
          caughtUp = true;
          logger.info({ ...report, problems: report.problems.length }, 'caught up with content/');
        },
      })
    : undefined;
  if (served && !watcher) {
    importOnce(importer, config.contentDir, logger).catch((error: unknown) =>
      logger.error({ err: error }, 'content sync failed'),
    );
  }

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

async function importOnce(importer: Importer, contentDir: string, logger: Logger): Promise<void> {
  const started = Date.now();
  const report = await importer.sync({ settleMs: 0 });
  logger.info(
    { ...report, problems: report.problems.length, ms: Date.now() - started },
    `imported ${contentDir}`,
  );
}

/**
 * Deliberate limits instead of Node's defaults: a client has 10 s to send its headers (a
 * slow-header client no longer holds a socket for a minute) and 30 s for the whole request,
 * checked every second; an idle keep-alive connection stays open 75 s, longer than nginx keeps
 * its idle upstream connections (keepalive_timeout in deploy/nginx/tin.conf), so nginx never
 * reuses one this side has already closed.
 */
const SERVER_TIMEOUTS: http.ServerOptions = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 75_000,
  connectionsCheckingInterval: 1000,
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
