/** Text → HTML text or attribute value: `Giá <b> & "x"` → `Giá &lt;b&gt; &amp; &quot;x&quot;`. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
