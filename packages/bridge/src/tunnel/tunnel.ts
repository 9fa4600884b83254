/**
 * `createSshTunnel(ssh, secrets, options)`: the connect engine's `tunnel` seam over SSH. The chain of hops is
 * opened on first use and shared by every channel after it (each database connection, each sslmode fallback);
 * each `open(host, port)` is one `direct-tcpip` channel from the SSH host, handed to the engine as a Duplex.
 * Nothing listens locally — no port another local process could borrow into the remote network (T11).
 *
 * A tunnel that was up and is cut (network drop, sshd restart, keepalive timeout) emits `lost`, comes back by
 * itself with backoff — insisting on the very host keys it trusted before — and emits `restored`. The server maps
 * these to `event.connection.lost` / `event.connection.restored`; open pg sessions inside the old channels are
 * gone either way, and the pools reconnect through the restored tunnel.
 */
import { EventEmitter } from 'node:events';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { BridgeError, type Secrets, type SshSettings, type StageReport } from '@pgconnect/core';
import type { StageListener, TunnelFactory, TunnelSetup, TunnelTarget } from '../connect/types.js';
import { Logger } from '../log/logger.js';
import type { HostKeyPrompt } from './host-key-policy.js';
import { chainHops, openChain, type ChainHop, type SshChain } from './jump-chain.js';
import { readKnownHosts } from './known-hosts.js';
import { DEFAULT_BACKOFF, isTransient, retryWithBackoff, type BackoffPolicy } from './reconnect.js';

export interface SshTunnelOptions {
  /** Asked when a host key is in neither known_hosts nor the profile; without it such a key fails with SSH_HOST_KEY_UNKNOWN. */
  hostKeyPrompt?: HostKeyPrompt;
  /** Read in order. Default: `~/.ssh/known_hosts`, then `/etc/ssh/ssh_known_hosts`. Never written. */
  knownHostsPath?: string | readonly string[];
  logger?: Logger;
  /**
   * `ssh` stages of connections the tunnel makes on its own (reconnects, `connect()`). A connection made for the
   * engine reports to the engine's listener instead (`factory.prepare`'s or `TunnelTarget.onStage`), so Test
   * Connection shows it in place and keeps it in its result.
   */
  onStage?: StageListener;
  /** The SSH handshake and login, per hop, not counting time spent on a host-key prompt. Default 15 s. */
  readyTimeoutMs?: number;
  /** Unanswered keepalives before the tunnel counts as cut. Default 3. The interval is the profile's `keepaliveSeconds` (default 15, 0 = off). */
  keepaliveCountMax?: number;
  /** `false` leaves a cut tunnel down until the next `open()`. */
  reconnect?: Partial<BackoffPolicy> | false;
  /** The agent socket for agent auth when the profile names none. Default: the bridge's `SSH_AUTH_SOCK`. */
  agentSocket?: string;
  /** Where `~` in a key path points. Default: the bridge user's home. */
  homeDir?: string;
}

export type SshTunnelState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SshTunnelEvents {
  /** The open tunnel was cut. `reconnecting: false` also follows the last failed try. */
  lost: [{ error: BridgeError; reconnecting: boolean }];
  restored: [{ attempts: number }];
  closed: [];
}

export function createSshTunnel(ssh: SshSettings, secrets: Secrets, options: SshTunnelOptions = {}): SshTunnel {
  return new SshTunnel(ssh, secrets, options);
}

/** One chain being opened, shared by everyone who asked for the tunnel while it was on its way. */
interface Attempt {
  promise: Promise<SshChain>;
  controller: AbortController;
  waiters: number;
  /** A reconnect is not given up when callers stop waiting: it is for the tunnel, not for them. */
  background: boolean;
}

export class SshTunnel extends EventEmitter<SshTunnelEvents> {
  /**
   * The engine's seam: `testConnection(profile, secrets, { tunnel: tunnel.factory })`. Its `prepare` opens the
   * hops before the engine starts any address's connect_timeout, so a host-key prompt or a slow SSH handshake is
   * timed by the SSH rules (`readyTimeoutMs`, paused while the user reads a fingerprint), not by the database's.
   */
  readonly factory: TunnelFactory = Object.assign((target: TunnelTarget) => this.#open(target.host, target.port, target.signal, target.onStage), {
    prepare: async ({ signal, onStage }: TunnelSetup) => {
      await this.#chainFor(signal, this.#reportTo(onStage));
    },
  });

  readonly #hops: readonly ChainHop[];
  readonly #logger: Logger;
  readonly #options: SshTunnelOptions;
  readonly #knownHostsPaths: readonly string[];
  readonly #closing = new AbortController();
  readonly #keepaliveMs: number;
  #state: SshTunnelState = 'idle';
  #chain: SshChain | undefined;
  #attempt: Attempt | undefined;
  #remembered: readonly (Buffer | undefined)[] = [];
  /** Set while the tunnel is cut; the next successful chain clears it and emits `restored`. */
  #lostError: BridgeError | undefined;
  #lossGeneration = 0;
  /** Tries since the tunnel was cut, for `restored`. */
  #triesSinceLoss = 0;
  #closed: Promise<void> | undefined;

  constructor(ssh: SshSettings, secrets: Secrets, options: SshTunnelOptions) {
    super();
    this.#options = options;
    this.#hops = chainHops(ssh, secrets);
    this.#keepaliveMs = (ssh.keepaliveSeconds ?? 15) * 1000;
    this.#logger = (options.logger ?? new Logger()).child({ component: 'ssh' });
    const redactor = this.#logger.redactor;
    for (const hop of this.#hops) {
      redactor.add(hop.secrets.password);
      redactor.add(hop.secrets.passphrase);
      if (hop.settings.auth.type === 'privateKey' && 'pem' in hop.settings.auth.key) redactor.add(hop.settings.auth.key.pem);
    }
    const home = options.homeDir ?? homedir();
    const paths = options.knownHostsPath ?? [join(home, '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
    this.#knownHostsPaths = typeof paths === 'string' ? [paths] : paths;
  }

  get state(): SshTunnelState {
    return this.#state;
  }

  /** Opens the chain now (for "Test SSH tunnel" on its own); `open()` does it on demand otherwise. */
  async connect(signal: AbortSignal = new AbortController().signal): Promise<void> {
    await this.#chainFor(signal, this.#reportTo(this.#options.onStage));
  }

  /** A channel to host:port as the SSH host resolves it. The caller owns the stream and destroys it. */
  open(host: string, port: number, signal: AbortSignal = new AbortController().signal): Promise<Duplex> {
    return this.#open(host, port, signal, this.#options.onStage);
  }

  /** Ends the chain and any reconnect, and fails every pending `open()` with BRIDGE_CANCELLED. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#state = 'closed';
      this.#closing.abort(new BridgeError('BRIDGE_CANCELLED'));
      const chain = this.#chain;
      this.#chain = undefined;
      await chain?.close();
      await this.#attempt?.promise.catch(() => undefined);
      this.#logger.debug('ssh tunnel closed');
      this.emit('closed');
    })();
    return this.#closed;
  }

  async #open(host: string, port: number, signal: AbortSignal, onStage: StageListener | undefined): Promise<Duplex> {
    const chain = await this.#chainFor(signal, this.#reportTo(onStage));
    const channel = await chain.forward(host, port, signal);
    this.#logger.debug('ssh channel opened', { host, port });
    return channel;
  }

  #chainFor(signal: AbortSignal, report: (r: StageReport) => void): Promise<SshChain> {
    if (this.#state === 'closed') return Promise.reject(new BridgeError('BRIDGE_CANCELLED'));
    if (this.#chain) return Promise.resolve(this.#chain);
    this.#attempt ??= this.#start(report, false);
    return this.#join(this.#attempt, signal);
  }

  #start(report: (r: StageReport) => void, background: boolean): Attempt {
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, this.#closing.signal]);
    if (this.#lostError) this.#triesSinceLoss++;
    else this.#state = 'connecting';
    const promise = this.#openChain(signal, report);
    const attempt: Attempt = { promise, controller, waiters: 0, background };
    const forget = () => {
      if (this.#attempt === attempt) this.#attempt = undefined;
    };
    promise.then(forget, (error: unknown) => {
      forget();
      if (this.#state === 'connecting') this.#state = 'idle';
      this.#logger.info('ssh tunnel failed', { code: (error as BridgeError).code, data: (error as BridgeError).data });
    });
    return attempt;
  }

  async #openChain(signal: AbortSignal, report: (r: StageReport) => void): Promise<SshChain> {
    // Read afresh each time: a user who fixes known_hosts should not have to restart the bridge.
    const knownHosts = await readKnownHosts(this.#knownHostsPaths);
    if (knownHosts.malformed.length > 0) this.#logger.warn('known_hosts lines skipped', { lines: knownHosts.malformed.map((m) => `${m.file}:${m.line}`) });
    const chain = await openChain(this.#hops, {
      knownHosts,
      hostKeyPrompt: this.#options.hostKeyPrompt,
      remembered: this.#remembered,
      readyTimeoutMs: this.#options.readyTimeoutMs ?? 15_000,
      keepaliveIntervalMs: this.#keepaliveMs,
      keepaliveCountMax: this.#options.keepaliveCountMax ?? 3,
      auth: { agentSocket: this.#options.agentSocket ?? process.env['SSH_AUTH_SOCK'], homeDir: this.#options.homeDir ?? homedir() },
      signal,
      logger: this.#logger,
      report,
    });
    if (this.#state === 'closed') {
      await chain.close();
      throw new BridgeError('BRIDGE_CANCELLED');
    }
    this.#remembered = chain.hostKeys;
    this.#chain = chain;
    this.#state = 'open';
    chain.onLost((error) => this.#onLost(chain, error));
    this.#logger.info('ssh tunnel open', { hops: this.#hops.map((h) => `${h.settings.user}@${h.settings.host}:${h.settings.port}`) });
    if (this.#lostError) {
      this.#lostError = undefined;
      this.#logger.info('ssh tunnel restored', { attempts: this.#triesSinceLoss });
      this.emit('restored', { attempts: this.#triesSinceLoss });
    }
    return chain;
  }

  /** Waits for a shared attempt; a foreground attempt nobody waits for any more is abandoned. */
  #join(attempt: Attempt, signal: AbortSignal): Promise<SshChain> {
    attempt.waiters++;
    return new Promise((resolve, reject) => {
      let left = false;
      const onAbort = () => {
        if (left) return;
        left = true;
        reject(new BridgeError('BRIDGE_CANCELLED', { cause: signal.reason }));
        if (--attempt.waiters === 0 && !attempt.background) attempt.controller.abort(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      attempt.promise.then(
        (chain) => {
          signal.removeEventListener('abort', onAbort);
          if (!left) resolve(chain);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          if (!left) reject(error);
        },
      );
    });
  }

  #onLost(chain: SshChain, error: BridgeError): void {
    if (this.#chain !== chain || this.#state === 'closed') return;
    this.#chain = undefined;
    this.#lostError = error;
    this.#triesSinceLoss = 0;
    const policy = this.#options.reconnect;
    const reconnecting = policy !== false;
    this.#state = reconnecting ? 'reconnecting' : 'idle';
    this.#logger.warn('ssh tunnel lost', { code: error.code, reconnecting });
    this.emit('lost', { error, reconnecting });
    if (policy !== false) this.#reconnect({ ...DEFAULT_BACKOFF, ...policy });
  }

  #reconnect(policy: BackoffPolicy): void {
    const generation = ++this.#lossGeneration;
    const report = this.#reportTo(this.#options.onStage);
    const current = () => generation === this.#lossGeneration && this.#state !== 'closed';
    retryWithBackoff(
      async () => {
        // An open() may have brought the tunnel back during the wait; then this loop is done.
        if (!current() || this.#chain) return;
        this.#attempt ??= this.#start(report, true);
        await this.#attempt.promise;
      },
      policy,
      {
        signal: this.#closing.signal,
        shouldRetry: isTransient,
        onRetry: (attempt, delayMs, error) => this.#logger.info('ssh reconnect failed; retrying', { attempt, delayMs, code: (error as BridgeError).code }),
      },
    ).catch((error: unknown) => {
      if (!current() || this.#chain) return;
      const final = error instanceof BridgeError ? error : new BridgeError('SSH_DISCONNECTED', { cause: error });
      this.#state = 'idle';
      this.#logger.warn('ssh tunnel not restored', { code: final.code });
      this.emit('lost', { error: final, reconnecting: false });
    });
  }

  /** Stage details pass through the redactor: they quote library messages. */
  #reportTo(listener: StageListener | undefined): (report: StageReport) => void {
    return (report) => listener?.(report.detail === undefined ? report : { ...report, detail: this.#logger.redactor.text(report.detail) });
  }
}
