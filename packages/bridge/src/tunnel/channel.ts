/**
 * `direct-tcpip` channels, made to behave like the sockets the connect engine and pg expect. An ssh2 channel's
 * `destroy()` is not a stream destroy: it sends EOF and CHANNEL_CLOSE and waits for the server's answer, so on
 * a connection that is already dead it never emits `close`, and `destroy(error)` drops the error. The channel
 * returned here sends the polite close when it can and is always destroyed locally as well.
 */
import { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { BridgeError } from '@pgconnect/core';
import type { Logger } from '../log/logger.js';

/**
 * A `direct-tcpip` channel to host:port, resolved and dialled by the SSH server. ssh2 cannot withdraw a channel
 * request, so a channel that arrives after the caller gave up is closed on arrival.
 */
export function openChannel(client: Client, host: string, port: number, signal: AbortSignal, logger: Logger): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    let done = false;
    const onAbort = () => {
      if (done) return;
      done = true;
      reject(new BridgeError('BRIDGE_CANCELLED', { cause: signal.reason }));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      // The originator address is informational (sshd logs it); no local socket exists behind it.
      client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
        signal.removeEventListener('abort', onAbort);
        channel?.on('error', (e: Error) => logger.debug('ssh channel error', { host, port, error: e.message }));
        if (done) {
          channel?.destroy();
          return;
        }
        done = true;
        if (error) {
          // "No response from server": the connection closed while the request was pending.
          const closed = /no response/i.test(error.message);
          reject(
            closed
              ? new BridgeError('SSH_DISCONNECTED', { data: { host, port, reason: error.message }, cause: error })
              : new BridgeError('SSH_CHANNEL_OPEN_FAILED', { data: { host, port, reason: error.message }, cause: error }),
          );
        } else {
          resolve(asNodeStream(channel));
        }
      });
    } catch (error) {
      done = true;
      signal.removeEventListener('abort', onAbort);
      reject(new BridgeError('SSH_DISCONNECTED', { data: { host, port, reason: (error as Error).message }, cause: error }));
    }
  });
}

/**
 * Gives the channel Node's `destroy(error?)`, after ssh2's own close, and the `ref()`/`unref()` a socket has:
 * pg calls them on its stream (pg-pool unrefs idle clients). They do nothing here — a channel holds no handle of
 * its own; the SSH connection's socket is what keeps the event loop alive, and the tunnel owns it.
 */
function asNodeStream(channel: Duplex): Duplex & { ref(): Duplex; unref(): Duplex } {
  const closeOverSsh = channel.destroy.bind(channel);
  channel.destroy = (error?: Error) => {
    closeOverSsh();
    return Duplex.prototype.destroy.call(channel, error);
  };
  return Object.assign(channel, { ref: () => channel, unref: () => channel });
}
