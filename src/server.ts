import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import os from 'node:os';
import type { SyncStatus } from './content/sync/sync-status.js';
import { startSyncThread, type SyncThread } from './content/sync/sync-thread.js';
import { openDatabase } from './db/database.js';
import { getSqliteInfo } from './db/sqlite-info.js';
import { createLogger } from './logger.js';
import { searchRateLimit } from './web/rate-limit.js';
import { readPreviewSecret } from './preview-secret.js';
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
  // The facts ask the importer to publish scheduled articles; the importer tells them what it did.
  const sync: { thread?: SyncThread } = {};
  const facts = await openLiveFacts({
    db,
    now: Date.now,
    logger,
    publishDue: async () => sync.thread?.publishDue(),
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
      syncStatus: () => sync.thread?.status() ?? NOT_STARTED,
    }),
  );
  const listen = () => {
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
  };

  // With a site in the database (a restart, a crash), listen at once and serve it while the
  // importer starts on its own thread and walks the folder: readers lose no time to either. A
  // new database has nothing to serve yet, so it is filled first.
  const served = facts.current().generation > 0;
  if (served) listen();
  let caughtUp = !served;
  sync.thread = await startSyncThread({
    databasePath: config.databasePath,
    contentDir: config.contentDir,
    role: config.role,
    logLevel: config.logLevel,
    siteUrl: config.siteUrl,
    previewSecret,
    watch: config.watch,
    walkAtStart: served,
    walkEveryMs: config.walkMinutes * 60_000,
    // One core answers readers; the others parse when many files arrive at once.
    parseThreads: Math.max(1, os.availableParallelism() - 1),
    logger,
    onPublish: (published) => facts.publish(published),
    onSync: (report, kind) => {
      if (caughtUp || kind !== 'walk') return;
      caughtUp = true;
      logger.info({ ...report, problems: report.problems.length }, 'caught up with content/');
    },
  });
  if (!served) {
    const started = Date.now();
    const report = await sync.thread.sync({ settleMs: 0 });
    logger.info(
      { ...report, problems: report.problems.length, ms: Date.now() - started },
      `imported ${config.contentDir}`,
    );
    listen();
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    // Requests in flight finish; a stuck one does not keep the process alive past 10 s.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close(async () => {
      await sync.thread?.close();
      facts.close();
      await db.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** The importer's state before its thread has started. */
const NOT_STARTED: SyncStatus = {
  caughtUp: false,
  lastSuccessAt: undefined,
  failingSince: undefined,
  lastFailure: undefined,
};

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
