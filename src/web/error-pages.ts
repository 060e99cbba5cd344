import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from './http-error.js';

/** After every route: nothing matched, so the reader gets the Vietnamese 404 page. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `no page at ${req.path}`));
};

const VIEWS: Record<number, string> = { 404: 'not-found', 410: 'gone' };

const PLAIN_TEXT: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ.',
  404: 'Không tìm thấy trang.',
  410: 'Bài viết đã bị gỡ.',
};

/**
 * The one error middleware. Client mistakes keep their 4xx status (Express marks a malformed
 * URL 400); anything else is a 500 whose page says nothing about the cause, which goes to the
 * log. If even the error template fails, a plain-text answer still goes out.
 */
export function errorPages(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const status = statusOf(error);
    if (status >= 500) logger.error({ err: error, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return next(error);
    res.status(status);
    res.set('Cache-Control', status >= 500 ? 'no-store' : 'public, no-cache');
    const view = VIEWS[status] ?? 'error';
    res.render(
      view,
      { page: { title: titleOf(status), noindex: true }, status },
      (renderError, html) => {
        if (renderError) {
          logger.error({ err: renderError }, `error page "${view}" failed to render`);
          res
            .type('text/plain')
            .send(PLAIN_TEXT[status] ?? 'Đã có lỗi xảy ra. Vui lòng thử lại sau.');
        } else {
          res.send(html);
        }
      },
    );
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
  if (status < 500) return 'Yêu cầu không hợp lệ';
  return 'Lỗi máy chủ';
}
