import { pollUntil } from '../../harness/wait-for.js';
import type { HttpClient } from '../../harness/create-http-client.js';

/**
 * The article pages whose URL word is one of `slugs`, found on the first `pages` home pages
 * (new articles are the newest), then fetched: the URLs that answered 200. Retries for a few
 * seconds, since a listing may be cached for up to a second after an import.
 */
export async function verifyArticlePages(
  client: HttpClient,
  slugs: readonly string[],
  pages: number,
): Promise<{ found: number; ok: number }> {
  const urls = new Map<string, string>();
  await pollUntil(
    async () => {
      for (let page = 1; page <= pages; page++) {
        const html = (await client.get(page === 1 ? '/' : `/?trang=${page}`)).body.toString('utf8');
        for (const match of html.matchAll(/href="\/([^"/]+)-(\d+)\.html"/g)) {
          if (slugs.includes(match[1]!)) urls.set(match[1]!, `/${match[1]}-${match[2]}.html`);
        }
      }
      return urls.size >= slugs.length;
    },
    5000,
    { intervalMs: 250 },
  );
  let ok = 0;
  for (const url of urls.values()) if ((await client.get(url)).status === 200) ok++;
  return { found: urls.size, ok };
}
