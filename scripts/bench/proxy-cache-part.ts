import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext } from './bench-context.js';
import { copyImportedSite, requireImportedSite } from './copy-imported-site.js';
import { discoverUrls } from './discover-urls.js';
import { missingToolNotice } from './find-tools.js';
import { formatCount } from './format.js';
import { getFreePort } from './get-free-port.js';
import { getOnce } from './create-http-client.js';
import { describeLoads, loadInRounds, loadTable } from './load-in-rounds.js';
import { PartSkipped, type ReportSection } from './report-section.js';
import { startNginx, type NginxProcess } from './start-nginx.js';
import { startSite, type SiteProcess } from './start-site.js';
import { startStaticNginx } from './start-static-nginx.js';

/** Where the site keeps its nginx configuration, first match wins. */
export const PROXY_CONFIG_FILES = ['deploy/nginx.conf.template', 'deploy/nginx.conf'];
const ORIGINS = 2;

/**
 * The site's own nginx configuration made runnable here: an http-context file (upstream,
 * proxy_cache_path, limit_req_zone, server) with placeholders for what differs between a
 * production machine and this run.
 *   {{LISTEN}}     address:port of the server block: `listen {{LISTEN}};`
 *   {{UPSTREAMS}}  one `server 127.0.0.1:PORT;` line per origin, inside the upstream block;
 *                  or a line with {{ORIGIN}}, repeated once per origin with its address, for
 *                  per-server parameters: `server {{ORIGIN}} max_fails=1 fail_timeout=2s;`
 *   {{CACHE_DIR}}  the proxy_cache_path directory
 *   {{LOG_DIR}}    optional: a directory for log files the configuration writes
 */
export function renderProxyConfig(
  template: string,
  values: { listen: string; origins: string[]; cacheDir: string; logDir: string },
): string {
  return template
    .split('\n')
    .flatMap((line) =>
      line.includes('{{ORIGIN}}')
        ? values.origins.map((origin) => line.replaceAll('{{ORIGIN}}', origin))
        : [line],
    )
    .join('\n')
    .replaceAll('{{LISTEN}}', values.listen)
    .replaceAll('{{UPSTREAMS}}', values.origins.map((o) => `server ${o};`).join('\n    '))
    .replaceAll('{{CACHE_DIR}}', values.cacheDir)
    .replaceAll('{{LOG_DIR}}', values.logDir);
}

function missingPlaceholders(text: string): string[] {
  const missing = ['{{LISTEN}}', '{{CACHE_DIR}}'].filter((p) => !text.includes(p));
  if (!text.includes('{{UPSTREAMS}}') && !text.includes('{{ORIGIN}}')) {
    missing.push('{{UPSTREAMS}} (or {{ORIGIN}})');
  }
  return missing;
}

async function readProxyTemplate(siteDir: string): Promise<{ file: string; text: string }> {
  for (const file of PROXY_CONFIG_FILES) {
    const text = await fs.readFile(path.join(siteDir, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const missing = missingPlaceholders(text);
    if (missing.length > 0) {
      throw new PartSkipped(
        `${file} has no ${missing.join(', ')} placeholder${missing.length > 1 ? 's' : ''}; ` +
          'the benchmark fills them in to run it on 127.0.0.1',
      );
    }
    return { file, text };
  }
  throw new PartSkipped(
    `the site has no ${PROXY_CONFIG_FILES.join(' or ')} yet (an http-context nginx ` +
      'configuration with {{LISTEN}}, {{UPSTREAMS}} and {{CACHE_DIR}} placeholders)',
  );
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
  const template = await readProxyTemplate(ctx.options.siteDir);
  const proxyPort = await getFreePort();
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
    nginxes.push(await startStaticNginx(ctx, 'nginx-static-2', urls.article, articleBody));
    nginxes.push(
      await startNginx(
        ctx,
        'nginx-proxy',
        (port, prefix) =>
          renderProxyConfig(template.text, {
            listen: `127.0.0.1:${port}`,
            origins: origins.map((o) => new URL(o.url).host),
            cacheDir: path.join(prefix, 'cache'),
            logDir: path.join(prefix, 'logs'),
          }),
        { port: proxyPort },
      ),
    );
    const [staticNginx, proxy] = nginxes as [NginxProcess, NginxProcess];
    const first = await getOnce(proxy.url, urls.article);
    const second = await getOnce(proxy.url, urls.article);
    const cacheHeader = (r: typeof first) =>
      String(r.headers['x-cache-status'] ?? r.headers['cache-status'] ?? 'no cache header');

    const rows = await loadInRounds(ctx, [
      {
        name: 'nginx, the article as a file',
        url: staticNginx.url + urls.article,
        reference: true,
      },
      { name: 'article through the proxy cache', url: proxy.url + urls.article },
    ]);
    return [
      {
        title: `Through nginx's proxy cache: ${template.file}, ${ORIGINS} origins of ${formatCount(imported.articles)} articles`,
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
