import { searchArticles, type SearchHit } from '../../db/search-articles.js';
import { htmlToText } from '../../shared/html-text.js';
import { HttpError } from '../http-error.js';
import { requestedPage } from '../page-number.js';
import { pagePath, searchPath, SEARCH_PARAM } from '../../shared/urls.js';
import type { PageHandler } from '../respond.js';
import { highlightSnippet, highlightText, listMarkWords } from '../search-highlight.js';
import { moment, newestChange, pagination, toCard, type Moment } from '../view-models.js';
import type { PageDeps } from './page-deps.js';

export const SEARCH_PAGE_SIZE = 10;

/** Longer than any real query; the index only looks at the first few words anyway. */
const MAX_QUERY_LENGTH = 200;

export interface SearchResult {
  url: string;
  /** Escaped text with `<mark>` around matched words, built by search-highlight.ts. */
  titleHtml: string;
  snippetHtml: string;
  section: string | undefined;
  sectionUrl: string | undefined;
  published: Moment;
}

/**
 * `/tim-kiem?q=…&trang=N`. Whatever arrives in `q` (nothing, an array from `q=a&q=b`, FTS
 * syntax, mangled percent-encoding) is treated as plain words, so a query can find nothing but
 * can never fail.
 */
export function searchPage({ db, now }: PageDeps): PageHandler {
  return async (req) => {
    const query = readQuery(req.query[SEARCH_PARAM]);
    const page = requestedPage(req);
    const { items, total } =
      query === ''
        ? { items: [], total: 0 }
        : await searchArticles(db, query, {
            now: now(),
            limit: SEARCH_PAGE_SIZE,
            offset: (page - 1) * SEARCH_PAGE_SIZE,
          });
    if (page > 1 && items.length === 0) throw new HttpError(404, `page ${page} is past the end`);
    const basePath = searchPath(query);
    const marks = listMarkWords(query);
    return {
      view: 'search',
      lastModifiedMs: newestChange(items),
      model: {
        page: {
          title: searchTitle(query, page),
          canonicalPath: pagePath(basePath, page),
          // Result pages are endless and change by the minute: for readers, not for indexes.
          noindex: query !== '',
        },
        query,
        total,
        results: items.map((hit) => toResult(hit, marks)),
        pagination: pagination(basePath, page, total, SEARCH_PAGE_SIZE),
      },
    };
  };
}

/** `q` as the search reads it: the first value, spaces collapsed, at most 200 characters. */
export function readQuery(value: unknown): string {
  const first = Array.isArray(value) ? value.find((v) => typeof v === 'string') : value;
  if (typeof first !== 'string') return '';
  return first.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
}

function searchTitle(query: string, page: number): string {
  if (query === '') return 'Tìm kiếm';
  return `Tìm kiếm: ${query}${page > 1 ? ` - Trang ${page}` : ''}`;
}

function toResult(hit: SearchHit, marks: ReadonlySet<string>): SearchResult {
  const card = toCard(hit);
  // The title is shown above the snippet; the lead and the body are where the words are.
  const text = `${hit.sapo} ${htmlToText(hit.bodyHtml)}`;
  return {
    url: card.url,
    titleHtml: highlightText(hit.title, marks),
    snippetHtml: highlightSnippet(text, marks),
    section: card.section,
    sectionUrl: card.sectionUrl,
    published: moment(hit.publishedAt),
  };
}
