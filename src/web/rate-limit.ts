import type { RequestHandler } from 'express';
import { HttpError } from './http-error.js';

/**
 * Search is the one page whose misses are unbounded (any words): a client gets ten at once and
 * one more each second (SEARCH_RATE_LIMIT), far more than anyone typing.
 */
export const searchRateLimit = (perSecond: number): RateLimitOptions | false =>
  perSecond === 0 ? false : { burst: Math.max(10, Math.ceil(perSecond * 10)), perSecond };

export const SEARCH_RATE_LIMIT = searchRateLimit(1) as RateLimitOptions;

export interface RateLimitOptions {
  /** Requests a client may make at once. */
  burst: number;
  /** Requests a client earns back per second. */
  perSecond: number;
  now?: () => number;
}

/**
 * A token bucket per client address: a reader searching, paging and refining never notices,
 * a script firing queries gets 429 with the seconds to wait in Retry-After. Answers from the
 * page cache never get here, so only queries that reach the database count.
 */
export function rateLimit({ burst, perSecond, now = Date.now }: RateLimitOptions): RequestHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let sweptAt = now();

  return (req, res, next) => {
    const at = now();
    // A full bucket is the same as none: forget them now and then, so memory stays bounded by
    // the clients of the last minute.
    if (at - sweptAt > 60_000) {
      for (const [client, b] of buckets) {
        if (b.tokens + ((at - b.at) / 1000) * perSecond >= burst) buckets.delete(client);
      }
      sweptAt = at;
    }
    const client = req.ip ?? 'unknown';
    const bucket = buckets.get(client) ?? { tokens: burst, at };
    bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
    bucket.at = at;
    buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return next();
    }
    res.set('Retry-After', String(Math.ceil((1 - bucket.tokens) / perSecond)));
    next(new HttpError(429, `${client} searches too often`));
  };
}
