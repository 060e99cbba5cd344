/** Where each way of sharing an article sends the reader. */
export interface ShareLinks {
  /** The article's canonical, absolute URL: what every way of sharing passes on. */
  url: string;
  title: string;
  facebook: string;
  x: string;
  email: string;
}

/**
 * Plain links to each network's own share page: nothing is loaded from their servers until the
 * reader clicks, so the page keeps its Content-Security-Policy and readers are not tracked.
 */
export function shareLinks({ url, title }: { url: string; title: string }): ShareLinks {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  return {
    url,
    title,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${u}`,
    x: `https://x.com/intent/post?url=${u}&text=${t}`,
    // mailto (RFC 6068) wants spaces as %20, which encodeURIComponent gives; a form's "+" would
    // reach the mail as a plus sign.
    email: `mailto:?subject=${t}&body=${u}`,
  };
}
