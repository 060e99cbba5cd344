import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this folder, given by its built (.js) URL. Under tsx
 * (tests, the commands run from the sources) the module is TypeScript, which a worker thread
 * cannot load by itself, so it registers tsx first.
 */
export function startWorker(builtUrl: URL, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(builtUrl, { workerData });
  const url = builtUrl.href.replace(/\.js$/, '.ts');
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`,
    { eval: true, workerData },
  );
}
