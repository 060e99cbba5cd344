// Served at the worker's address instead of public/worker/service-worker.js when SERVICE_WORKER
// is "retire" (README, "Reading offline"): each browser that checks for a new worker, which it
// does on its next visit, gets this one, which deletes every cache the site made and removes
// itself. It has no fetch handler, so until then every request goes to the network as usual.
'use strict';

self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) await caches.delete(name);
      await self.registration.unregister();
    })(),
  );
});
