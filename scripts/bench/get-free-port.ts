import net from 'node:net';

/**
 * A port on 127.0.0.1 that was free a moment ago. Servers are started with an explicit port
 * because the site under test may not report the port it picked for PORT=0.
 */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
