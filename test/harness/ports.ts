/**
 * Free loopback ports. The harness only ever listens on 127.0.0.1 and ::1.
 */
import { connect, createServer } from 'node:net';

function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no address'))));
    });
  });
}

let ipv6: Promise<boolean> | undefined;

/** Whether ::1 can be bound here (containers sometimes run without IPv6). */
export function hasIpv6Loopback(): Promise<boolean> {
  ipv6 ??= listenOnce('::1', 0).then(
    () => true,
    () => false,
  );
  return ipv6;
}

/**
 * A port that is free on 127.0.0.1, and on ::1 too when IPv6 is available, at the time of the call. Another
 * process may still take it before the server binds; servers started by the harness retry on "address in use".
 */
export async function freePort(): Promise<number> {
  const both = await hasIpv6Loopback();
  for (let attempt = 0; ; attempt++) {
    const port = await listenOnce('127.0.0.1', 0);
    try {
      if (both) await listenOnce('::1', port);
      return port;
    } catch (error) {
      if (attempt === 10) throw new Error(`no port free on both 127.0.0.1 and ::1: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` right now. */
export function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
