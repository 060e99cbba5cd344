import http from 'node:http';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent (still gzip-compressed when the server compressed it). */
  body: Buffer;
  /** From sending the request to the last byte of the body. */
  ms: number;
}

export interface HttpClient {
  readonly baseUrl: string;
  get(pathname: string, headers?: Record<string, string>): Promise<HttpResult>;
  close(): void;
}

/**
 * GETs over one keep-alive connection at a time, the way a browser tab or a load balancer talks
 * to the site. node:http rather than fetch: fetch adds headers of its own and decompresses, and
 * the benchmark must see the bytes and headers exactly as the server sent them.
 */
export function createHttpClient(
  baseUrl: string,
  { timeoutMs = 60_000, keepAlive = true }: { timeoutMs?: number; keepAlive?: boolean } = {},
): HttpClient {
  const agent = new http.Agent({ keepAlive, maxSockets: 1 });
  return {
    baseUrl,
    get(pathname, headers = {}) {
      return new Promise((resolve, reject) => {
        const start = performance.now();
        const request = http.get(new URL(pathname, baseUrl), { agent, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks),
              ms: performance.now() - start,
            }),
          );
        });
        request.setTimeout(timeoutMs, () =>
          request.destroy(new Error(`no answer from ${baseUrl}${pathname} within ${timeoutMs} ms`)),
        );
        request.on('error', reject);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** One GET on a fresh connection, for polling a server that may not be listening yet. */
export async function getOnce(
  baseUrl: string,
  pathname: string,
  { timeoutMs = 5000, headers = {} }: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const client = createHttpClient(baseUrl, { timeoutMs, keepAlive: false });
  try {
    return await client.get(pathname, headers);
  } finally {
    client.close();
  }
}
