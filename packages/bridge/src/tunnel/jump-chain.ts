/**
 * The hops of a tunnel, in order: each jump host (OpenSSH's ProxyJump), then the SSH host. The first hop is a
 * TCP connection; every later hop's ssh2 client runs over the previous hop's `forwardOut` channel (its `sock`),
 * so each hop is verified and authenticated end to end by the bridge itself — a jump host only ever relays
 * encrypted bytes, and never sees the next hop's credentials. One `ssh` stage is reported per hop.
 */
import type { Duplex } from 'node:stream';
import { BridgeError, type Secrets, type SshSettings, type StageReport } from '@pgconnect/core';
import type { Logger } from '../log/logger.js';
import { keyTypeLabel } from './fingerprint.js';
import type { TrustedKey } from './host-key-policy.js';
import type { HopSecrets } from './ssh-auth.js';
import { connectHop, type ConnectedHop, type HopOptions, type HopSettings } from './ssh-client.js';
import { openChannel } from './channel.js';
import { asJumpHostFailure, hopData, translateSshError, type HopContext } from './ssh-errors.js';

export interface ChainHop {
  settings: HopSettings;
  secrets: HopSecrets;
}

/** Jump hosts first (their secrets follow `ssh.jumpHosts` by index), the SSH host last. */
export function chainHops(ssh: SshSettings, secrets: Secrets): ChainHop[] {
  const jumps = (ssh.jumpHosts ?? []).map((jump, i): ChainHop => ({
    settings: { host: jump.host, port: jump.port, user: jump.user, auth: jump.auth, knownHostKey: jump.knownHostKey },
    secrets: { password: secrets.jumpHosts?.[i]?.password, passphrase: secrets.jumpHosts?.[i]?.passphrase },
  }));
  return [
    ...jumps,
    {
      settings: { host: ssh.host, port: ssh.port, user: ssh.user, auth: ssh.auth, knownHostKey: ssh.knownHostKey },
      secrets: { password: secrets.sshPassword, passphrase: secrets.sshPassphrase },
    },
  ];
}

export type ChainOptions = Omit<HopOptions, 'hop' | 'sock' | 'remembered'> & {
  /** Per hop, the host key trusted on an earlier connection of the same tunnel. */
  remembered: readonly (Buffer | undefined)[];
  report: (report: StageReport) => void;
};

export async function openChain(hops: readonly ChainHop[], options: ChainOptions): Promise<SshChain> {
  const connected: ConnectedHop[] = [];
  const contexts: HopContext[] = [];
  for (const [i, hop] of hops.entries()) {
    const { host, port, user } = hop.settings;
    const at: HopContext = { hop: i, host, port, user };
    const target = `${host}:${port}`;
    const started = performance.now();
    const elapsed = () => Math.max(0, Math.round(performance.now() - started));
    options.report({ stage: 'ssh', status: 'running', ms: 0, target });
    try {
      const previous = connected.at(-1);
      const sock = previous ? await forwardThrough(previous, i - 1, hops, host, port, options) : undefined;
      const hopResult = await connectHop(hop.settings, hop.secrets, { ...options, hop: i, sock, remembered: options.remembered[i] });
      connected.push(hopResult);
      contexts.push(at);
      options.report({ stage: 'ssh', status: 'ok', ms: elapsed(), target, detail: describeHop(i, hops.length, hop.settings, hopResult) });
    } catch (error) {
      const translated = translateSshError(error, at);
      const failure = i < hops.length - 1 ? asJumpHostFailure(translated, at) : translated;
      options.report({ stage: 'ssh', status: 'failed', ms: elapsed(), target, detail: failure.message, code: failure.code });
      await new SshChain(connected, contexts, options.logger).close();
      throw failure;
    }
  }
  return new SshChain(connected, contexts, options.logger);
}

/** The channel from the previous hop to the next one; a refusal is the previous (jump) hop's failure. */
async function forwardThrough(previous: ConnectedHop, previousIndex: number, hops: readonly ChainHop[], host: string, port: number, options: ChainOptions): Promise<Duplex> {
  try {
    return await openChannel(previous.client, host, port, options.signal, options.logger);
  } catch (error) {
    const jump = hops[previousIndex]?.settings;
    const at: HopContext = { hop: previousIndex, host: jump?.host ?? '', port: jump?.port ?? 22, user: jump?.user ?? '' };
    const reason = error instanceof BridgeError ? error : new BridgeError('SSH_CHANNEL_OPEN_FAILED', { data: { host, port }, cause: error });
    throw asJumpHostFailure(reason, at);
  }
}

function describeHop(index: number, count: number, settings: HopSettings, hop: ConnectedHop): string {
  const role = index < count - 1 ? `jump host ${index + 1} of ${count - 1}` : 'SSH host';
  return `${role}: host key ${keyTypeLabel(hop.hostKey.keyType)} ${hop.hostKey.fingerprint} ${trustWords(hop.hostKey)}; logged in as ${settings.user} with ${hop.authDescription}`;
}

function trustWords(key: TrustedKey): string {
  switch (key.source) {
    case 'known_hosts':
      return `found in known_hosts${key.where ? ` (${key.where})` : ''}`;
    case 'pinned':
      return 'matches the pinned fingerprint';
    case 'confirmed':
      return 'trusted by you';
    case 'remembered':
      return 'unchanged since the tunnel opened';
  }
}

/** The connected hops. Losing any of them loses the tunnel: every later hop runs inside it. */
export class SshChain {
  readonly #hops: readonly ConnectedHop[];
  readonly #closed: Promise<void>[];
  readonly #channels = new Set<Duplex>();
  #lostListeners: ((error: BridgeError) => void)[] = [];
  #lost = false;
  #lastError: BridgeError | undefined;

  constructor(hops: readonly ConnectedHop[], private readonly contexts: readonly HopContext[], private readonly logger: Logger) {
    this.#hops = hops;
    this.#closed = hops.map(({ client }, i) => {
      // Errors after `ready` (a keepalive timeout, a reset) arrive just before `close`; keep the better reason.
      client.on('error', (error) => {
        const at = contexts[i];
        if (at) this.#lastError ??= translateSshError(error, at);
      });
      return new Promise<void>((resolve) => client.once('close', () => {
        resolve();
        this.#markLost(i);
      }));
    });
  }

  /** The host keys trusted on this connection, per hop, so a reconnect can insist on the same ones. */
  get hostKeys(): Buffer[] {
    return this.#hops.map((hop) => hop.hostKey.key);
  }

  /** A channel from the SSH host (the last hop) to the database. */
  forward(host: string, port: number, signal: AbortSignal): Promise<Duplex> {
    const last = this.#hops.at(-1);
    if (!last || this.#lost) return Promise.reject(new BridgeError('SSH_DISCONNECTED', { data: { host, port } }));
    return openChannel(last.client, host, port, signal, this.logger).then((channel) => {
      this.#channels.add(channel);
      channel.once('close', () => this.#channels.delete(channel));
      return channel;
    });
  }

  /** Called once, when the first hop goes away. Not called after `close()`. */
  onLost(listener: (error: BridgeError) => void): void {
    this.#lostListeners.push(listener);
  }

  /** Ends every hop, innermost first, and waits for their sockets to close. */
  async close(): Promise<void> {
    this.#lostListeners = [];
    this.#lost = true;
    for (const hop of [...this.#hops].reverse()) hop.client.end();
    // end() waits for the server's side; a server that has gone silent must not hold close() for ever.
    const fallback = setTimeout(() => this.#hops.forEach((hop) => hop.client.destroy()), 2_000);
    await Promise.all(this.#closed);
    clearTimeout(fallback);
  }

  #markLost(hop: number): void {
    if (this.#lost) return;
    this.#lost = true;
    const at = this.contexts[hop];
    const error = this.#lastError ?? new BridgeError('SSH_DISCONNECTED', at ? { data: hopData(at) } : {});
    this.logger.info('ssh tunnel lost', { hop, code: error.code });
    for (const hop of this.#hops) hop.client.destroy();
    // ssh2 ends a dead connection's channels only for a reader that drains them; a session waiting to write
    // would never learn. Failing them says at once, and why.
    for (const channel of this.#channels) channel.destroy(error);
    for (const listener of this.#lostListeners) listener(error);
  }
}
