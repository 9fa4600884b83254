/**
 * Opens the raw byte stream for one attempt: a TCP connection to one resolved address, or a Unix-domain socket
 * (`<dir>/.s.PGSQL.<port>`, or Linux's abstract namespace for `@name`, as libpq's `is_unixsock_path` reads it).
 */
import { connect, type Socket } from 'node:net';
import { BridgeError } from '@pgconnect/core';

export interface KeepaliveSettings {
  enabled: boolean;
  idleSeconds: number | undefined;
}

/** libpq's socket path for a socket-directory host; `@dir` becomes an abstract-namespace name. */
export function socketPath(host: string, port: number): string {
  const path = `${host}/.s.PGSQL.${port}`;
  return path.startsWith('@') ? `\0${path.slice(1)}` : path;
}

/**
 * An abstract socket's name is exactly as long as the address length says, and PostgreSQL binds it without
 * padding. libuv before 1.48 (Node.js 20) always passes the whole `sun_path`, trailing NULs included, so it
 * dials a different name and is refused; 1.48 passes the name's own length. Elsewhere than Linux there is no
 * abstract namespace at all.
 */
export function canDialAbstractSockets(platform: NodeJS.Platform = process.platform, libuv: string = process.versions.uv): boolean {
  const [major = 0, minor = 0] = libuv.split('.').map(Number);
  return platform === 'linux' && (major > 1 || (major === 1 && minor >= 48));
}

/** Resolves once connected; rejects with the socket's error, or the signal's reason (the socket is destroyed). */
export function dial(target: { address: string; port: number } | { path: string }, keepalive: KeepaliveSettings, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    if ('path' in target && target.path.startsWith('\0') && !canDialAbstractSockets()) {
      // Failing here says why; dialling would only report "refused" for a server that is there.
      reject(new BridgeError('NET_ABSTRACT_SOCKET_UNSUPPORTED', { data: { host: `@${target.path.slice(1)}` } }));
      return;
    }
    // The address is already resolved (and checked by the target policy): no lookup, no happy-eyeballs race.
    const socket = 'path' in target ? connect({ path: target.path }) : connect({ host: target.address, port: target.port, autoSelectFamily: false });
    const onAbort = () => socket.destroy(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    const settle = () => {
      signal.removeEventListener('abort', onAbort);
      socket.off('error', onError);
    };
    const onError = (error: Error) => {
      settle();
      socket.destroy();
      reject(error);
    };
    socket.once('error', onError);
    // Keeps an unhandled late error (after the caller took over and before it attached its own) from crashing.
    socket.on('error', () => {});
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      settle();
      if ('address' in target) socket.setNoDelay(true);
      // libpq turns keepalives on by default, so a dead server is noticed on idle connections too.
      if (keepalive.enabled && 'address' in target) socket.setKeepAlive(true, (keepalive.idleSeconds ?? 0) * 1000);
      resolve(socket);
    });
  });
}
