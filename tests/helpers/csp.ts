/**
 * The site's Content-Security-Policy header, written out: a feature that needed to loosen it
 * (an inline script, a third-party origin) fails the tests that compare with this.
 */
export const SITE_CSP =
  "default-src 'self';base-uri 'self';connect-src 'self';font-src 'self';form-action 'self';" +
  "frame-ancestors 'none';img-src 'self' data:;manifest-src 'self';object-src 'none';" +
  "script-src 'self';script-src-attr 'none';style-src 'self'";
