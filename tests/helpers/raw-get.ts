import { rawRequest, type RawResponse } from './raw-request.js';

export type { RawResponse } from './raw-request.js';

/**
 * A GET with exactly the headers given, which fetch will not do: it refuses to set Host, and a
 * conditional request makes it add `Cache-Control: no-cache`, which rightly defeats a 304.
 */
export function rawGet(
  baseUrl: string,
  pathname: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(baseUrl, pathname, { headers });
}
