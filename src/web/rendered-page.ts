import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { acceptedEncodings, type Encoding } from './accept-encoding.js';

/** One encoding of a page, ready to write: its header list and its bytes. */
interface Variant {
  etag: string;
  /** Flat [name, value, name, value, …] as `writeHead` takes it. */
  headers: string[];
  /** What a 304 repeats of the 200: validators, caching and Vary. */
  notModified: string[];
  body: Buffer;
}

/**
 * A response as it goes out, kept whole so the same page can be sent again without rendering,
 * hashing or compressing: status, every header (helmet's included), and the body in each
 * encoding that was made.
 */
export interface RenderedPage {
  status: number;
  /** The site generation it was rendered from; a newer generation makes it stale. */
  generation: number;
  lastModifiedMs: number | undefined;
  variants: Partial<Record<Encoding, Variant>>;
  /** Memory it holds: bodies and headers. */
  bytes: number;
}

export interface PageContent {
  status: number;
  /** Headers already on the response (helmet's, Content-Type, Cache-Control). */
  headers: OutgoingHttpHeaders;
  body: string | Buffer;
  /** When what the page shows last changed; sent as Last-Modified. */
  lastModifiedMs: number | undefined;
  generation: number;
  /** The encodings to make: all of them for a page that will be cached, else the one asked for. */
  encodings: readonly Encoding[];
}

// Small bodies are not worth a Content-Encoding header and a decoder on the other side.
const MIN_COMPRESSIBLE_BYTES = 512;

// Headers each variant sets itself; anything else on the response is kept as it is.
const OWN_HEADERS = new Set([
  'cache-control',
  'content-length',
  'content-encoding',
  'etag',
  'last-modified',
  'vary',
  'x-powered-by',
]);

const COMPRESS: Record<Exclude<Encoding, 'identity'>, (body: Buffer) => Buffer> = {
  gzip: (body) => zlib.gzipSync(body, { level: 6 }),
  // Quality 5: within a few percent of gzip -9's size at a fraction of brotli 11's time, which
  // matters because a page is compressed on the request that misses the cache.
  br: (body) =>
    zlib.brotliCompressSync(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
};

const ETAG_SUFFIX: Record<Encoding, string> = { identity: '', gzip: '-gz', br: '-br' };

/**
 * Builds the page once: the strong ETag is a hash of the identity body, so two servers that
 * render the same page give the same ETag, and each encoding gets its own tag because its bytes
 * differ.
 */
export function renderPage(content: PageContent): RenderedPage {
  const body = Buffer.isBuffer(content.body) ? content.body : Buffer.from(content.body);
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  const common: string[] = [];
  for (const [name, value] of Object.entries(content.headers)) {
    if (OWN_HEADERS.has(name) || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) common.push(name, String(v));
  }
  const cacheControl = content.headers['cache-control'];
  const lastModified =
    content.lastModifiedMs === undefined
      ? undefined
      : new Date(content.lastModifiedMs).toUTCString();
  const validators = (etag: string) => [
    'etag',
    etag,
    ...(lastModified === undefined ? [] : ['last-modified', lastModified]),
    'vary',
    'Accept-Encoding',
    ...(cacheControl === undefined ? [] : ['cache-control', String(cacheControl)]),
  ];

  const page: RenderedPage = {
    status: content.status,
    generation: content.generation,
    lastModifiedMs: content.lastModifiedMs,
    variants: {},
    bytes: 0,
  };
  const compressible = body.length >= MIN_COMPRESSIBLE_BYTES;
  for (const encoding of new Set(content.encodings)) {
    if (encoding !== 'identity' && !compressible) continue;
    const bytes = encoding === 'identity' ? body : COMPRESS[encoding](body);
    const etag = `"${hash}${ETAG_SUFFIX[encoding]}"`;
    const notModified = validators(etag);
    const headers = [
      ...common,
      ...notModified,
      ...(encoding === 'identity' ? [] : ['content-encoding', encoding]),
      'content-length',
      String(bytes.length),
    ];
    page.variants[encoding] = { etag, headers, notModified, body: bytes };
    page.bytes += bytes.length + headers.reduce((sum, h) => sum + h.length, 0);
  }
  return page;
}

/**
 * Sends a rendered page: the best encoding the client accepts, `304` when its validators match
 * (If-None-Match first, If-Modified-Since only without it, as RFC 9110 orders them), no body for
 * HEAD. The same function answers cache hits and fresh renders, so they cannot differ.
 */
export function sendPage(req: IncomingMessage, res: ServerResponse, page: RenderedPage): void {
  const encoding =
    acceptedEncodings(req.headers['accept-encoding']).find((e) => page.variants[e]) ?? 'identity';
  const variant = page.variants[encoding] ?? page.variants.identity!;
  if (page.status === 200 && isNotModified(req, variant.etag, page.lastModifiedMs)) {
    res.writeHead(304, variant.notModified);
    res.end();
    return;
  }
  res.writeHead(page.status, variant.headers);
  res.end(req.method === 'HEAD' ? undefined : variant.body);
}

function isNotModified(req: IncomingMessage, etag: string, lastModifiedMs: number | undefined) {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    // Weak comparison, as If-None-Match requires: W/"x" matches "x".
    return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  }
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince === undefined || lastModifiedMs === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Math.floor(lastModifiedMs / 1000) * 1000 <= since;
}
