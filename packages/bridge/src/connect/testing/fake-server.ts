/**
 * Test support: a local TCP server for the states a real PostgreSQL cannot be held in (silent after accepting,
 * a scripted answer). Not used by the bridge.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface FakeServer {
  readonly port: number;
  /** Destroys every open socket, then stops listening. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 and hands each accepted socket to `onConnection`; with none, it accepts and stays silent. */
export async function fakeServer(onConnection: (socket: Socket) => void = () => {}): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
