import { createHash } from 'node:crypto';

/**
 * The site's Content-Security-Policy header for a page, written out: a feature that needed to
 * loosen it (an inline script, a third-party origin, 'unsafe-inline' style) fails the tests that
 * compare with this. Its one inline style is allowed by the hash of the `<style>` the page
 * carries, worked out here from the page itself, so a policy whose hash does not match the
 * stylesheet fails too.
 */
export function siteCsp(html: string): string {
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
  if (style === undefined) throw new Error('the page has no <style> element');
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  return (
    "default-src 'self';base-uri 'self';connect-src 'self';font-src 'self';form-action 'self';" +
    "frame-ancestors 'none';img-src 'self' data:;manifest-src 'self';object-src 'none';" +
    `script-src 'self';script-src-attr 'none';style-src 'sha256-${hash}'`
  );
}
