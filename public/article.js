// The one script of article pages, deferred: nothing needs it to read them. It shows the
// "Chia sẻ" button where the browser can share, and registers the service worker that keeps the
// articles a reader opened readable with no signal.

// The "Chia sẻ" button opens the system share sheet (Zalo, Messenger, …) through the Web Share
// API. Browsers without it never see the button; the links and the address beside it work
// without any script.
const shareButton = document.querySelector('.share__button');
if (shareButton && typeof navigator.share === 'function') {
  shareButton.hidden = false;
  shareButton.addEventListener('click', () => {
    navigator
      .share({ title: shareButton.dataset.title, url: shareButton.dataset.url })
      // The reader closed the sheet, or the browser declined: the page stays as it was.
      .catch(() => undefined);
  });
}

// A tap or Tab on the address selects all of it, ready to copy.
const shareAddress = document.querySelector('.share__address');
if (shareAddress) {
  const selectAll = () => shareAddress.select();
  shareAddress.addEventListener('focus', selectAll);
  shareAddress.addEventListener('click', selectAll);
}

// The service worker (public/worker/service-worker.js, at the address in data-worker). A browser
// without service workers, a private window that refuses them, or storage that is full: nothing
// happens, and the site works as it does without it. While the site retires the worker
// (data-retire), nothing is registered, and the page removes the worker and every cache; a
// browser that checks the worker's address meanwhile gets public/worker/retire.js, which does
// the same.
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
    // The page removes the worker and the site's caches itself rather than wait for the browser
    // to check the worker's address. The caches go in the order they were made, the shell first:
    // without it, an answer still in flight in the old worker keeps nothing more.
    Promise.resolve()
      .then(() => container.getRegistration(worker))
      .then((registration) => registration?.unregister())
      .then(async () => {
        if (typeof caches !== 'object') return;
        for (const name of await caches.keys()) await caches.delete(name);
      })
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
    // Registering again changes nothing, so the page also asks for the worker's script: a new
    // release's worker then takes over at this visit, not whenever the browser next checks (a
    // conditional request, answered 304 while the release is the same).
    const register = () =>
      Promise.resolve()
        .then(() => container.register(worker, { scope: '/' }))
        .then((registration) => registration.active && registration.update())
        .catch(() => undefined);
    // Once the page has loaded: installing the worker (its script, the offline page) never
    // competes with the page's own requests or work.
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
  }
}
