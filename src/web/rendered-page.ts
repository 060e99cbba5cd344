import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { acceptedEncodings, type Encoding } from './accept-encoding.js';

/** One encoding of a page, ready to write: its header list and its bytes. */
interface Variant {
  /** Flat [name, value, name, value, …] as `writeHead` takes it. */
  headers: string[];
  body: Buffer;
}

/** What a conditional request is checked against, and what a 304 repeats of the 200. */
interface Validators {
  etag: string;
  /** Validators, caching and Vary, flat as `writeHead` takes them. */
  notModified: string[];
}

/**
 * A response as it goes out, kept whole so the same page can be sent again without rendering
 * or hashing: status, every header (helmet's included), and the body in each encoding made so
 * far. Identity is made at once; a compressed encoding when a client first asks for it (see
 * addVariant), so a miss compresses only what its reader receives. Compressing runs on libuv's
 * thread pool, never on the thread that answers readers: a page is 30 KB, and brotli and gzip
 * of it held every other reader back by several milliseconds at each miss.
 */
export interface RenderedPage {
  status: number;
  /** The site generation it was rendered from; a newer generation makes it stale. */
  generation: number;
  lastModifiedMs: number | undefined;
  variants: Partial<Record<Encoding, Variant>>;
  /** The encodings this page can be sent in: identity, and the compressed ones if worth it. */
  encodings: readonly Encoding[];
  /** Known before any variant is made, so a 304 never waits for compression. */
  validators: Record<Encoding, Validators>;
  /** Memory it holds: bodies and headers of the variants made so far. */
  bytes: number;
  /** Makes the variant in one encoding, from the identity body. */
  make: (encoding: Encoding) => Promise<Variant>;
  /** Variants being made, so two readers asking at once compress the page once. */
  making: Map<Encoding, Promise<number>>;
}

export interface PageContent {
  status: number;
  /** Headers already on the response (helmet's, Content-Type, Cache-Control). */
  headers: OutgoingHttpHeaders;
  body: string | Buffer;
  /** When what the page shows last changed; sent as Last-Modified. */
  lastModifiedMs: number | undefined;
  generation: number;
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

/** One of zlib's asynchronous calls, which run on libuv's thread pool, as a promise. */
function onThreadPool(
  start: (done: (error: Error | null, out: Buffer) => void) => void,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    start((error, out) => (error ? reject(error) : resolve(out))),
  );
}

const COMPRESS: Record<Exclude<Encoding, 'identity'>, (body: Buffer) => Promise<Buffer>> = {
  gzip: (body) => onThreadPool((done) => zlib.gzip(body, { level: 6 }, done)),
  // Quality 5: within a few percent of gzip -9's size at a fraction of brotli 11's time, which
  // matters because a page is compressed on the request that misses the cache.
  br: (body) =>
    onThreadPool((done) =>
      zlib.brotliCompress(
        body,
        {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        },
        done,
      ),
    ),
};

const ETAG_SUFFIX: Record<Encoding, string> = { identity: '', gzip: '-gz', br: '-br' };

const ALL_ENCODINGS: readonly Encoding[] = ['br', 'gzip', 'identity'];

/**
 * Builds the page's identity variant: the strong ETag is a hash of the identity body, so two
 * servers that render the same page give the same ETag, and each encoding gets its own tag
 * because its bytes differ. `compress: false` for bytes that are compressed already (PNG).
 */
export function renderPage(
  content: PageContent,
  { compress = true }: { compress?: boolean } = {},
): RenderedPage {
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
  const validatorsFor = (encoding: Encoding): Validators => {
    const etag = `"${hash}${ETAG_SUFFIX[encoding]}"`;
    const notModified = [
      'etag',
      etag,
      ...(lastModified === undefined ? [] : ['last-modified', lastModified]),
      'vary',
      'Accept-Encoding',
      ...(cacheControl === undefined ? [] : ['cache-control', String(cacheControl)]),
    ];
    return { etag, notModified };
  };

  const page: RenderedPage = {
    status: content.status,
    generation: content.generation,
    lastModifiedMs: content.lastModifiedMs,
    variants: {},
    encodings: compress && body.length >= MIN_COMPRESSIBLE_BYTES ? ALL_ENCODINGS : ['identity'],
    validators: {
      br: validatorsFor('br'),
      gzip: validatorsFor('gzip'),
      identity: validatorsFor('identity'),
    },
    bytes: 0,
    making: new Map(),
    make: async (encoding) => {
      const bytes = encoding === 'identity' ? body : await COMPRESS[encoding](body);
      return variant(encoding, bytes);
    },
  };
  const variant = (encoding: Encoding, bytes: Buffer): Variant => {
    const headers = [
      ...common,
      ...page.validators[encoding].notModified,
      ...(encoding === 'identity' ? [] : ['content-encoding', encoding]),
      'content-length',
      String(bytes.length),
    ];
    return { headers, body: bytes };
  };
  keepVariant(page, 'identity', variant('identity', body));
  return page;
}

function keepVariant(page: RenderedPage, encoding: Encoding, variant: Variant): number {
  page.variants[encoding] = variant;
  const bytes = variant.body.length + variant.headers.reduce((sum, h) => sum + h.length, 0);
  page.bytes += bytes;
  return bytes;
}

/**
 * Makes the page's variant in `encoding` unless it has it, is making it, or cannot have it (a
 * body too small to compress). Resolves to the bytes the page grew by, 0 when this call made
 * nothing, so a cache holding the page counts them once.
 */
export function addVariant(page: RenderedPage, encoding: Encoding): Promise<number> {
  if (page.variants[encoding] !== undefined || !page.encodings.includes(encoding)) {
    return Promise.resolve(0);
  }
  const making = page.making.get(encoding);
  if (making !== undefined) return making.then(() => 0);
  const made = page
    .make(encoding)
    .then((variant) => keepVariant(page, encoding, variant))
    .finally(() => page.making.delete(encoding));
  page.making.set(encoding, made);
  return made;
}

/** Makes every variant the page can have; what a cached page does after its first answer. */
export async function addAllVariants(page: RenderedPage): Promise<number> {
  const grown = await Promise.all(page.encodings.map((encoding) => addVariant(page, encoding)));
  return grown.reduce((sum, bytes) => sum + bytes, 0);
}

/** The encoding a request gets the page in: the best it accepts, else identity. */
export function encodingFor(req: IncomingMessage, page: RenderedPage): Encoding {
  return (
    acceptedEncodings(req.headers['accept-encoding']).find((e) => page.encodings.includes(e)) ??
    'identity'
  );
}

/**
 * Sends a rendered page: the best encoding the client accepts, `304` when its validators match
 * (If-None-Match first, If-Modified-Since only without it, as RFC 9110 orders them), no body for
 * HEAD. The same function answers cache hits and fresh renders, so they cannot differ. A variant
 * already made is sent at once, in this call; one not yet made is compressed first, off this
 * thread. Resolves to the bytes the page grew by when the variant had to be made for this
 * request.
 */
export async function sendPage(
  req: IncomingMessage,
  res: ServerResponse,
  page: RenderedPage,
): Promise<number> {
  let encoding = encodingFor(req, page);
  const { etag, notModified } = page.validators[encoding];
  if (page.status === 200 && isNotModified(req, etag, page.lastModifiedMs)) {
    res.writeHead(304, notModified);
    res.end();
    return 0;
  }
  let grown = 0;
  if (page.variants[encoding] === undefined) {
    // Compression does not fail on a buffer; if it ever did, the reader still gets the page.
    grown = await addVariant(page, encoding).catch(() => 0);
    if (page.variants[encoding] === undefined) encoding = 'identity';
  }
  if (res.destroyed) return grown;
  const variant = page.variants[encoding]!;
  res.writeHead(page.status, variant.headers);
  res.end(req.method === 'HEAD' ? undefined : variant.body);
  return grown;
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
