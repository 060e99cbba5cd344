import type { Request, RequestHandler, Response } from 'express';
import type { SiteFacts } from '../db/site-facts.js';
import { CACHED_STATUSES, cacheControlFor } from './caching.js';
import type { LiveFacts } from './live-facts.js';
import type { PageStore } from './page-store.js';
import { addAllVariants, renderPage, sendPage } from './rendered-page.js';

/** What a page handler found: a page to render, a document to send, or a redirect. */
export type PageResult =
  | {
      view: string;
      model: Record<string, unknown>;
      status?: number;
      /** When what the page shows last changed, from the articles on it. */
      lastModifiedMs?: number | undefined;
      /** For one reader's eyes (a draft preview): stored by no cache, shared or not. */
      private?: boolean;
    }
  | { body: string; type: string; lastModifiedMs?: number | undefined }
  | { redirect: string };

/** A handler looks things up and says what to answer; undefined falls through (404). */
export type PageHandler = (req: Request, res: Response) => Promise<PageResult | undefined>;

export interface Responder {
  /** Wraps a page handler as Express middleware: look up, then next() or respond. */
  page(handler: PageHandler): RequestHandler;
  /** Renders and sends a result, storing it when the page cache may keep it. */
  respond(req: Request, res: Response, result: PageResult): Promise<void>;
}

/**
 * The one place a page becomes a response: render, set caching headers, hash, store, compress
 * and send. Handlers never write to the response themselves.
 */
export function createResponder({
  facts,
  store,
}: {
  facts: LiveFacts;
  store: PageStore;
}): Responder {
  const respond = async (req: Request, res: Response, result: PageResult): Promise<void> => {
    if ('redirect' in result) return res.redirect(301, result.redirect);
    // The generation the page was read from, taken before the handler's first query: an import
    // that lands meanwhile makes the stored copy stale at once rather than hiding the import.
    const generation =
      (res.locals.facts as SiteFacts | undefined)?.generation ?? facts.current().generation;
    const status = 'view' in result ? (result.status ?? 200) : 200;
    let body: string;
    if ('view' in result) {
      body = await new Promise<string>((resolve, reject) =>
        res.render(result.view, result.model, (error, html) =>
          error ? reject(error as Error) : resolve(html),
        ),
      );
      res.type('html');
    } else {
      body = result.body;
      res.type(result.type);
    }
    const isPrivate = 'private' in result && result.private === true;
    res.set('Cache-Control', isPrivate ? 'no-store' : cacheControlFor(status));

    // Kept under the URL the front door gave the request: the path and the parameters it reads.
    const slot = store.slotFor(req.url);
    const keep = slot !== undefined && CACHED_STATUSES.has(status) && !isPrivate;
    const page = renderPage({
      status,
      headers: res.getHeaders(),
      body,
      lastModifiedMs: result.lastModifiedMs,
      generation,
    });
    // Kept only if nothing was published while it rendered and no scheduled article is due.
    const stored = keep && store.keep(slot, page);
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    // The reader waits only for the encoding they get; a stored page is compressed in the
    // others meanwhile, off this thread, so the hits that follow compress nothing.
    const sent = sendPage(req, res, page);
    if (stored) {
      const grown = await Promise.all([sent, addAllVariants(page).catch(() => 0)]);
      if (grown[0] + grown[1] > 0) slot.cache.update(slot.key, page);
    } else {
      await sent;
    }
  };

  return {
    page: (handler) => async (req, res, next) => {
      const result = await handler(req, res);
      if (result === undefined) return next();
      await respond(req, res, result);
    },
    respond,
  };
}
