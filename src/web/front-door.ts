import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { PageStore } from './page-store.js';
import { sendPage } from './rendered-page.js';
import { logRequest } from './request-log.js';
import type { StaticFiles } from './static-files.js';

/**
 * The site's front door: answers what it can before the application sees the request. The files
 * the site ships and the pages it keeps are sent as they were built, with no SQL, no rendering,
 * no compression, no hashing and no middleware, which is what makes a hit fast; anything else
 * goes on to `app`, its URL down to the parameters its page reads.
 *
 * A page renders once however many readers ask for it at the same moment: the first request
 * that misses renders it, the others wait for that answer to be out and are then served from the
 * cache (or rendered themselves, if the page was not one the cache keeps). After each import
 * every page leaves the cache; without this, each of the readers of a busy article rendered it.
 */
export function createFrontDoor({
  app,
  store,
  staticFiles,
  logger,
}: {
  app: RequestListener;
  store: PageStore;
  staticFiles: StaticFiles;
  /** Writes a line per request (REQUEST_LOG), when given. */
  logger: Logger | undefined;
}): RequestListener {
  /** Pages being rendered, by cache key: settled once that answer is out (or cut short). */
  const rendering = new Map<string, Promise<void>>();

  const serve = (req: IncomingMessage, res: ServerResponse, waited: boolean): void => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      const file = staticFiles.find(req.url ?? '/');
      if (file !== undefined) {
        void sendPage(req, res, file);
        return;
      }
      const slot = store.slotFor(req.url ?? '/');
      if (slot !== undefined) {
        const page = store.lookup(slot);
        if (page !== undefined) {
          // Grows only if a request came before its encodings were all made (see respond.ts).
          void sendPage(req, res, page).then((grown) => {
            if (grown > 0) slot.cache.update(slot.key, page);
          });
          return;
        }
        const pending = rendering.get(slot.key);
        if (pending !== undefined && !waited) {
          void pending.then(() => serve(req, res, true));
          return;
        }
        if (pending === undefined) {
          rendering.set(
            slot.key,
            new Promise((resolve) =>
              res.once('close', () => {
                rendering.delete(slot.key);
                resolve();
              }),
            ),
          );
        }
        if (slot.key !== req.url) {
          // The page sees only the parameters it reads; a redirect still keeps the reader's own.
          (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
          req.url = slot.key;
        }
      }
    }
    app(req, res);
  };

  return (req, res) => {
    if (logger) logRequest(req, res, logger);
    serve(req, res, false);
  };
}
