// Registers the service worker that keeps the pages a reader opened readable with no signal
// (public/worker/service-worker.js, at the address in data-worker). A browser without service
// workers, a private window that refuses them, or storage that is full: nothing happens, and the
// site works as it does without this script. While the site retires the worker (data-retire),
// it registers nothing and asks a browser that has the worker to fetch it again at once: what
// it gets there is public/worker/retire.js, which removes itself and every cache.
{
  const script = document.currentScript;
  const worker = script?.dataset.worker;
  // Some browsers throw on merely reading navigator.serviceWorker where it is refused.
  const container = (() => {
    try {
      return navigator.serviceWorker;
    } catch {
      return undefined;
    }
  })();
  if (worker && container && script.dataset.retire !== undefined) {
    Promise.resolve()
      .then(() => container.getRegistration(worker))
      .then((registration) => registration?.update())
      .catch(() => undefined);
  } else if (worker && container) {
    // A page that loaded before the worker controlled it (the first one a reader opens, or every
    // open page when a new release's worker takes over) tells it what it shows, to be kept too:
    // the pictures drawn already, and each of the others once it is.
    container.addEventListener('controllerchange', () => {
      const tell = (images) => container.controller?.postMessage({ type: 'shown', images });
      const drawn = (image) => image.complete && image.naturalWidth > 0;
      tell([...document.images].filter(drawn).map((image) => image.currentSrc));
      for (const image of document.images) {
        if (!image.complete) image.addEventListener('load', () => tell([image.currentSrc]));
      }
    });
    Promise.resolve()
      .then(() => container.register(worker, { scope: '/' }))
      .catch(() => undefined);
  }
}
