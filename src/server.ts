import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config.js';
import { getSqliteInfo } from './db/sqlite-info.js';
import { createLogger } from './logger.js';
import { openSite } from './open-site.js';

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

  // With a site in the database (a restart, a crash), listen at once and serve it while the
  // importer starts on its own thread and walks the folder: readers lose no time to either. A
  // new database has nothing to serve yet, so it is filled first.
  let caughtUp = false;
  const site = await openSite({
    config,
    logger,
    onSync: (report, kind) => {
      if (caughtUp || kind !== 'walk') return;
      caughtUp = true;
      logger.info({ ...report, problems: report.problems.length }, 'caught up with content/');
    },
  });
  const server = http.createServer(SERVER_TIMEOUTS, site.app);
  if (site.facts.current().generation === 0) {
    caughtUp = true;
    const started = Date.now();
    const report = await site.importer.sync({ settleMs: 0 });
    logger.info(
      { ...report, problems: report.problems.length, ms: Date.now() - started },
      `imported ${config.contentDir}`,
    );
  }
  server.listen(config.port, config.host);
  server.on('listening', async () => {
    const { port } = server.address() as AddressInfo;
    logger.info(
      `serving ${config.siteName} on http://${config.host}:${port} (SITE_URL ${config.siteUrl})`,
    );
    // Once listening: three queries the first reader need not wait for.
    const sqlite = await getSqliteInfo(site.db);
    logger.info(
      { sqlite },
      `SQLite ${sqlite.version}, FTS5 ${sqlite.fts5 ? 'present' : 'missing'}`,
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
      await site.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
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
