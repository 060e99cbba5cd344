import net from 'node:net';

export interface RawResponse {
  status: number;
  /** Names in lower case; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  /** The body as sent (still compressed if it was), decoded as UTF-8. */
  body: string;
  bytes: Buffer;
}

export interface RawRequestOptions {
  method?: string;
  /** Sent exactly as given; `Host` defaults to the server's, `Connection` is always `close`. */
  headers?: Record<string, string>;
}

/**
 * One HTTP/1.1 request written byte for byte on a socket. fetch() and `new URL()` tidy a path
 * before it leaves (`/media/../x` and `/%2e%2e/x` become `/x`), so a path-traversal test sent
 * through them never reaches the server as written; this does.
 */
export function rawRequest(
  baseUrl: string,
  target: string,
  { method = 'GET', headers = {} }: RawRequestOptions = {},
): Promise<RawResponse> {
  const { hostname, port, host } = new URL(baseUrl);
  const lines = [`${method} ${target} HTTP/1.1`];
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'host')) {
    lines.push(`Host: ${host}`);
  }
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push('Connection: close', '', '');

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks), `${method} ${target}`));
      } catch (error) {
        reject(error as Error);
      }
    });
    // write, not end: the server may drop a client that half-closes before it has answered.
    socket.write(Buffer.from(lines.join('\r\n'), 'utf8'));
  });
}

function parseResponse(raw: Buffer, request: string): RawResponse {
  const headEnd = raw.indexOf('\r\n\r\n');
  const [statusLine, ...headerLines] = raw
    .subarray(0, headEnd === -1 ? raw.length : headEnd)
    .toString('latin1')
    .split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (headEnd === -1 || status === null) {
    throw new Error(`no HTTP response to ${request}: ${JSON.stringify(raw.toString('latin1'))}`);
  }
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  let bytes = raw.subarray(headEnd + 4);
  if (headers['transfer-encoding'] === 'chunked') bytes = dechunk(bytes);
  return { status: Number(status[1]), headers, body: bytes.toString('utf8'), bytes };
}

/** "5\r\nhello\r\n0\r\n\r\n" → "hello" */
function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (lineEnd === -1 || !(size > 0)) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
