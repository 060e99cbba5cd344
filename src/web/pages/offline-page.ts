import type { PageHandler } from '../respond.js';

/**
 * The offline page as the server renders it: the worker saves it when it installs and, when it
 * answers with it, lists the reader's saved articles in `#bai-da-luu`
 * (public/worker/service-worker.js). Without a worker, it says that nothing is saved.
 */
export function offlinePage(): PageHandler {
  return async () => ({
    view: 'offline',
    model: { page: { title: 'Không có kết nối mạng', noindex: true } },
  });
}
