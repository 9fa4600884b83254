/**
 * One SSH hop: an ssh2 Client connected over TCP (the first hop) or over the previous hop's forwarded channel,
 * its host key checked before authentication, then logged in with the profile's one method.
 *
 * ssh2's own `readyTimeout` is switched off and replaced by a countdown that pauses while the user looks at a
 * host-key prompt: ssh2 would count the user's reading time against the server, and a careful user who checks
 * the fingerprint with an administrator would get SSH_TIMEOUT for it.
 */
import type { Duplex } from 'node:stream';
import ssh2, { type Client, type ServerHostKeyAlgorithm } from 'ssh2';
import { BridgeError, type SshAuth } from '@pgconnect/core';
import type { Logger } from '../log/logger.js';
import { checkHostKey, type HostKeyPrompt, type TrustedKey } from './host-key-policy.js';
import { knownKeyTypes, type KnownHosts } from './known-hosts.js';
import { prepareAuth, type AuthEnvironment, type HopSecrets } from './ssh-auth.js';
import { hopData, translateSshError, type HopContext } from './ssh-errors.js';

export interface HopSettings {
  host: string;
  port: number;
  user: string;
  auth: SshAuth;
  knownHostKey?: string | undefined;
}

export interface HopOptions {
  hop: number;
  /** The previous hop's forwarded channel; absent for the first hop, which dials TCP. */
  sock?: Duplex | undefined;
  knownHosts: KnownHosts;
  hostKeyPrompt: HostKeyPrompt | undefined;
  /** The host key this tunnel trusted for this hop before (reconnects must see the same one). */
  remembered: Buffer | undefined;
  readyTimeoutMs: number;
  /** 0 turns SSH keepalives off. */
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  auth: AuthEnvironment;
  signal: AbortSignal;
  logger: Logger;
}

export interface ConnectedHop {
  client: Client;
  hostKey: TrustedKey;
  /** How the user logged in, for the stage detail. */
  authDescription: string;
}

/**
 * ssh2's default host key algorithms, in its own order. The ones known_hosts holds for the host move to the
 * front (OpenSSH does the same), so a server with several host keys presents the one we can check.
 */
const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

export function preferredHostKeyAlgorithms(knownTypes: readonly string[]): ServerHostKeyAlgorithm[] {
  const algorithmsOf = (type: string) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]);
  const preferred = new Set<string>(knownTypes.flatMap(algorithmsOf));
  return [...HOST_KEY_ALGORITHMS.filter((a) => preferred.has(a)), ...HOST_KEY_ALGORITHMS.filter((a) => !preferred.has(a))];
}

export async function connectHop(settings: HopSettings, secrets: HopSecrets, options: HopOptions): Promise<ConnectedHop> {
  const at: HopContext = { hop: options.hop, host: settings.host, port: settings.port, user: settings.user };
  const auth = await prepareAuth(settings.auth, secrets, at, options.auth);
  if (options.signal.aborted) throw new BridgeError('BRIDGE_CANCELLED', { cause: options.signal.reason });

  return new Promise<ConnectedHop>((resolve, reject) => {
    const client = new ssh2.Client();
    let settled = false;
    let trusted: TrustedKey | undefined;
    // The verifier's own verdict: ssh2 reports every refusal as the same "Host denied" handshake error.
    let hostKeyFailure: BridgeError | undefined;

    const fail = (error: BridgeError) => {
      if (settled) return;
      settled = true;
      finish();
      client.destroy();
      reject(error);
    };
    const countdown = new Countdown(options.readyTimeoutMs, () =>
      fail(new BridgeError('SSH_TIMEOUT', { data: hopData(at, { seconds: options.readyTimeoutMs / 1000 }) })),
    );
    const onAbort = () => fail(new BridgeError('BRIDGE_CANCELLED', { cause: options.signal.reason }));
    const finish = () => {
      countdown.stop();
      options.signal.removeEventListener('abort', onAbort);
    };
    options.signal.addEventListener('abort', onAbort, { once: true });

    // Attached before connect(): every ssh2 client has an error listener for its whole life. Errors after
    // `ready` belong to the chain, which watches `close`; here they are only logged.
    client.on('error', (error) => {
      if (!settled) fail(hostKeyFailure ?? translateSshError(error, at));
      else options.logger.debug('ssh client error', { hop: at.hop, host: at.host, error: (error as Error).message });
    });
    client.on('close', () => fail(hostKeyFailure ?? new BridgeError('SSH_DISCONNECTED', { data: hopData(at, { reason: 'closed during the handshake' }) })));
    client.on('ready', () => {
      if (settled || !trusted) return;
      settled = true;
      finish();
      resolve({ client, hostKey: trusted, authDescription: auth.describe });
    });

    client.connect({
      ...(options.sock ? { sock: options.sock } : { host: settings.host, port: settings.port }),
      username: settings.user,
      readyTimeout: 0,
      keepaliveInterval: options.keepaliveIntervalMs,
      keepaliveCountMax: options.keepaliveCountMax,
      agentForward: false,
      authHandler: auth.methods,
      algorithms: { serverHostKey: preferredHostKeyAlgorithms(knownKeyTypes(options.knownHosts, settings.host, settings.port)) },
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        countdown.pause();
        checkHostKey(key, {
          at,
          pinned: settings.knownHostKey,
          knownHosts: options.knownHosts,
          remembered: options.remembered,
          prompt: options.hostKeyPrompt,
          signal: options.signal,
        }).then(
          (key) => {
            trusted = key;
            countdown.resume();
            verify(true);
          },
          (error: BridgeError) => {
            hostKeyFailure = error;
            verify(false);
          },
        );
      },
    });
  });
}

/** A one-shot timer that can be paused and resumed with the time it had left. */
class Countdown {
  #remaining: number;
  #startedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  /** `ms` of 0 or less never expires. */
  constructor(ms: number, private readonly onExpire: () => void) {
    this.#remaining = ms;
    this.#stopped = ms <= 0;
    this.resume();
  }

  pause(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#remaining = Math.max(0, this.#remaining - (performance.now() - this.#startedAt));
  }

  resume(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#startedAt = performance.now();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.onExpire();
    }, this.#remaining);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
