import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext } from './bench-context.js';
import { copyImportedSite, requireImportedSite } from './copy-imported-site.js';
import { discoverUrls } from './discover-urls.js';
import { missingToolNotice } from './find-tools.js';
import { formatCount } from './format.js';
import { freePort } from '../../harness/free-port.js';
import { getOnce } from '../../harness/create-http-client.js';
import { describeLoads, loadInRounds, loadTable } from './load-in-rounds.js';
import { PartSkipped, type ReportSection } from './report-section.js';
import { nginxInRun } from './nginx-in-run.js';
import { startSite, type SiteProcess } from './start-site.js';
import { renderNginxConfig } from '../../harness/render-nginx-config.js';
import { startNginx, type NginxProcess } from '../../harness/start-nginx.js';
import { startStaticNginx } from '../../harness/start-static-nginx.js';

/** Where a checkout of the site keeps the nginx configuration operators install. */
const PROXY_CONFIG_FILE = 'deploy/nginx/tin.conf';
const ORIGINS = 2;

async function readProxyConfig(siteDir: string): Promise<string> {
  const text = await fs
    .readFile(path.join(siteDir, PROXY_CONFIG_FILE), 'utf8')
    .catch(() => undefined);
  if (text === undefined) {
    throw new PartSkipped(`the site has no ${PROXY_CONFIG_FILE} (it came with issue 9)`);
  }
  return text;
}

/**
 * Part 11 (issue 9): the article through nginx's proxy cache, configured by the site's own
 * file, in front of two origins built from copies of the same archive; divided by nginx serving
 * the same bytes as a file in the same round.
 */
export async function proxyCachePart(ctx: BenchContext): Promise<ReportSection[]> {
  if (!ctx.tools.nginx) throw new PartSkipped(missingToolNotice('nginx'));
  if (!ctx.tools.wrk) throw new PartSkipped(missingToolNotice('wrk'));
  const imported = requireImportedSite(ctx);
  const shipped = await readProxyConfig(ctx.options.siteDir);
  const proxyPort = await freePort();
  const siteUrl = `http://127.0.0.1:${proxyPort}`;
  const origins: SiteProcess[] = [];
  const dirs: string[] = [];
  const nginxes: NginxProcess[] = [];
  try {
    for (let i = 1; i <= ORIGINS; i++) {
      const dir = await copyImportedSite(ctx, `proxy-origin-${i}`);
      dirs.push(dir);
      // The same SITE_URL on both: identical servers, as behind a real load balancer.
      origins.push(await startSite(ctx, { dir, watch: true, siteUrl }));
    }
    for (const origin of origins) {
      await origin.waitForArticles(imported.articles, 120_000 + imported.articles * 20);
    }
    const urls = await discoverUrls(origins[0]!.client, ctx.dataset.searchQuery);
    const articleBody = (await origins[0]!.client.get(urls.article)).body;
    const staticNginx = await startStaticNginx(
      urls.article,
      articleBody,
      nginxInRun(ctx, 'nginx-static-2'),
    );
    nginxes.push(staticNginx);
    const proxyIn = nginxInRun(ctx, 'nginx-proxy');
    nginxes.push(
      await startNginx({
        ...proxyIn,
        ports: [proxyPort],
        // The file as shipped, with only what differs on this machine replaced, as the tests
        // of the nginx tier run it.
        http: renderNginxConfig(
          {
            listen: `127.0.0.1:${proxyPort}`,
            origins: origins.map((o) => new URL(o.url).host),
            cacheDir: path.join(proxyIn.prefix, 'cache'),
            accessLog: false,
            errorPagesDir: path.join(ctx.options.siteDir, 'deploy/nginx/errors'),
          },
          shipped,
        ),
      }),
    );
    const first = await getOnce(siteUrl, urls.article);
    const second = await getOnce(siteUrl, urls.article);
    const cacheHeader = (r: typeof first) =>
      String(r.headers['x-cache-status'] ?? r.headers['cache-status'] ?? 'no cache header');

    const rows = await loadInRounds(ctx, [
      {
        name: 'nginx, the article as a file',
        url: staticNginx.url + urls.article,
        reference: true,
      },
      { name: 'article through the proxy cache', url: siteUrl + urls.article },
    ]);
    return [
      {
        title: `Through nginx's proxy cache: ${PROXY_CONFIG_FILE}, ${ORIGINS} origins of ${formatCount(imported.articles)} articles`,
        blocks: [
          loadTable(rows),
          `Two requests before the load answered ${first.status} (${cacheHeader(first)}) and ` +
            `${second.status} (${cacheHeader(second)}). ${describeLoads(ctx)} Target (issue 9): ≥ 0.8.`,
        ],
      },
    ];
  } finally {
    for (const nginx of nginxes) await nginx.stop();
    for (const origin of origins) await origin.stop();
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  }
}
