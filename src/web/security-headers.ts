import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Header names and values, flat as `writeHead` takes them: [name, value, name, value, …]. */
export type HeaderList = readonly string[];

export interface SecurityOptions {
  /** The CSP sources of the inline stylesheet, "'sha256-…'": the only style a page may have. */
  styleSources: readonly string[];
}

/**
 * Helmet's headers with a Content-Security-Policy that allows only this origin, no inline script
 * at all, and inline style by its hash only. Written out in full rather than on top of helmet's
 * defaults, whose style-src allows 'unsafe-inline' and https: origins. They never depend on the
 * request, so they are worked out once, and static files built at start carry the same ones.
 */
export function securityHeaderList({ styleSources }: SecurityOptions): HeaderList {
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // The stylesheet is in every page's <head> (src/web/inline-style.ts); no file, no
        // attribute and no other inline style is allowed.
        styleSrc: [...styleSources],
        // No upgrade-insecure-requests: a site reached over plain HTTP (an intranet, a first
        // test on a new server) would lose its scripts to an HTTPS upgrade that cannot work.
      },
    },
    // Shared article links should tell the destination where readers came from, not the path.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  const headers: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.push(name.toLowerCase(), value),
    removeHeader: () => undefined,
  };
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error as Error;
  });
  // Helmet answers at once today; a version that did not would leave pages unprotected.
  if (!headers.includes('content-security-policy')) {
    throw new Error('helmet set no Content-Security-Policy while the security headers were built');
  }
  return headers;
}

/** Sets the headers on every answer the application makes, and drops X-Powered-By. */
export function securityHeaders(headers: HeaderList): RequestHandler {
  return (_req, res, next) => {
    res.removeHeader('X-Powered-By');
    for (let i = 0; i < headers.length; i += 2) res.setHeader(headers[i]!, headers[i + 1]!);
    next();
  };
}
