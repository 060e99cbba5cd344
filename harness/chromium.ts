/** Debian's Chromium, installed by apt (.ci/run); a browser is never downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, on a machine with no display or GPU, and quiet: it talks only to the site measured. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
