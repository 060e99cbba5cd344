import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { cacheControlFor } from './caching.js';
import { HttpError } from './http-error.js';
import type { Responder } from './respond.js';

/** After every route: nothing matched, so the reader gets the Vietnamese 404 page. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `no page at ${req.path}`));
};

const VIEWS: Record<number, string> = { 404: 'not-found', 410: 'gone', 429: 'too-many' };

const PLAIN_TEXT: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ.',
  404: 'Không tìm thấy trang.',
  405: 'Phương thức không được hỗ trợ.',
  410: 'Bài viết đã bị gỡ.',
  429: 'Quá nhiều yêu cầu, vui lòng thử lại sau ít giây.',
};

/**
 * The one error middleware. Client mistakes keep their 4xx status (Express marks a malformed
 * URL 400); anything else is a 500 whose page says nothing about the cause, which goes to the
 * log. Pages go out through the responder like any other (a removed article's 410 is cached);
 * if even the error template fails, a plain-text answer still goes out.
 */
export function errorPages(logger: Logger, responder: Responder): ErrorRequestHandler {
  return async (error: unknown, req, res, next) => {
    const status = statusOf(error);
    if (status >= 500) logger.error({ err: error, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return next(error);
    const view = VIEWS[status] ?? 'error';
    try {
      await responder.respond(req, res, {
        view,
        status,
        model: { page: { title: titleOf(status), noindex: true }, status },
      });
    } catch (renderError) {
      logger.error({ err: renderError }, `error page "${view}" failed to render`);
      if (res.headersSent) return;
      res
        .status(status)
        .set('Cache-Control', cacheControlFor(status))
        .type('text/plain')
        .send(PLAIN_TEXT[status] ?? 'Đã có lỗi xảy ra. Vui lòng thử lại sau.');
    }
  };
}

function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

function titleOf(status: number): string {
  if (status === 404) return 'Không tìm thấy trang';
  if (status === 410) return 'Bài viết đã bị gỡ';
  if (status === 405) return 'Phương thức không được hỗ trợ';
  if (status === 429) return 'Quá nhiều yêu cầu';
  if (status < 500) return 'Yêu cầu không hợp lệ';
  return 'Lỗi máy chủ';
}
