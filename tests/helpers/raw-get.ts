import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A GET with exactly the headers given, which fetch will not do: it refuses to set Host, and a
 * conditional request makes it add `Cache-Control: no-cache`, which rightly defeats a 304.
 */
export function rawGet(
  baseUrl: string,
  pathname: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(pathname, baseUrl), { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.on('error', reject);
  });
}
