import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/**
 * "/tim-kiem?q=pac+nam&trang=2" → "/tim-kiem?q&trang": the page and which parameters it was
 * given, never what a reader searched for.
 */
export function loggedPath(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const names = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => pair.split('=')[0])
    .filter((name) => name !== '');
  return names.length === 0 ? url.slice(0, mark) : `${url.slice(0, mark)}?${names.join('&')}`;
}

/** Logs one JSON line when the response has been sent: method, path, status, bytes, time. */
export function logRequest(req: IncomingMessage, res: ServerResponse, logger: Logger): void {
  const started = performance.now();
  const path = loggedPath(req.url ?? '/');
  res.once('finish', () => {
    logger.info(
      {
        method: req.method,
        path,
        status: res.statusCode,
        bytes: Number(res.getHeader('content-length') ?? 0),
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  });
}
