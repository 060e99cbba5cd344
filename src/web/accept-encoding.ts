export type Encoding = 'br' | 'gzip' | 'identity';

const PREFERENCE: readonly Encoding[] = ['br', 'gzip', 'identity'];

const memo = new Map<string, readonly Encoding[]>();
// Browsers send a handful of distinct headers; remembering them keeps parsing off a cache hit.
// Bounded, because the header is whatever a client chooses to send.
const MEMO_LIMIT = 64;

/**
 * The encodings a client accepts, best first (brotli, gzip, then identity unless refused):
 * "gzip, deflate, br" → [br, gzip, identity]; "gzip;q=0, *" → [br, identity];
 * "identity;q=0" with nothing else → [] (the caller then sends identity all the same, as
 * RFC 9110 allows when nothing acceptable is available).
 */
export function acceptedEncodings(header: string | undefined): readonly Encoding[] {
  if (header === undefined || header === '') return ['identity'];
  const known = memo.get(header);
  if (known) return known;
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim());
    if (name === '') continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const star = weights.get('*');
  const accepted = PREFERENCE.filter((encoding) => {
    const weight = weights.get(encoding) ?? (encoding === 'identity' ? (star ?? 1) : star);
    return weight !== undefined && weight > 0;
  });
  if (memo.size < MEMO_LIMIT) memo.set(header, accepted);
  return accepted;
}
