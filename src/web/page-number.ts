import type { Request } from 'express';
import { PAGE_PARAM } from '../shared/urls.js';
import { HttpError } from './http-error.js';

/**
 * `?trang=N` → N. Undefined when the value is not a page number at all ("abc", "0", "2.5",
 * repeated), which the listing answers with 404 like a page past the end.
 */
function readPageNumber(value: unknown): number | undefined {
  if (value === undefined) return 1;
  if (typeof value !== 'string' || !/^[1-9]\d{0,5}$/.test(value)) return undefined;
  return Number(value);
}

/** The page of a listing a request asks for (1 when it names none); 404 for any other value. */
export function requestedPage(req: Request): number {
  const value = req.query[PAGE_PARAM];
  const page = readPageNumber(value);
  if (page === undefined) throw new HttpError(404, `no page "${String(value)}"`);
  return page;
}

/** "?trang=1" is a second URL for page 1: the listing redirects it to its one URL. */
export const namesFirstPage = (req: Request, page: number): boolean =>
  page === 1 && req.query[PAGE_PARAM] !== undefined;
