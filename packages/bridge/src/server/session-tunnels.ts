/**
 * The SSH tunnels of one session. A tunnel is shared by everything of the session that goes through the same
 * SSH hops with the same SSH credentials — a profile's pool, a Test Connection run while that pool is open —
 * and closed when the last of them lets go, or when the session ends. Nothing is shared across sessions: one
 * page's trusted host keys and SSH logins are not another page's.
 */
import { createHash } from 'node:crypto';
import { BridgeError, type Secrets, type SshSettings } from '@pgconnect/core';
import type { Logger } from '../log/logger.js';
import type { HostKeyPromptRequest } from '../tunnel/host-key-policy.js';
import { createSshTunnel, type SshTunnel } from '../tunnel/tunnel.js';
import type { BridgeContext } from './context.js';
import type { HostKeyQuestions } from './host-key-prompts.js';

export interface TunnelLease {
  readonly tunnel: SshTunnel;
  /** From now on, host key questions of this tunnel are asked on behalf of this request. */
  useFor(requestId: string): void;
  /** Lets go of the tunnel; the last lease closes it. Idempotent. */
  release(): void;
}

interface Entry {
  tunnel: SshTunnel;
  leases: number;
  /** The request a host key question is shown for (`event.ssh.hostKey.requestId`). */
  requestId: string;
}

export class SessionTunnels {
  readonly #entries = new Map<string, Entry>();
  #closed = false;

  constructor(
    private readonly bridge: BridgeContext,
    private readonly logger: Logger,
    /** Without one, a host key that known_hosts and the profile do not vouch for fails with SSH_HOST_KEY_UNKNOWN. */
    private readonly prompts: HostKeyQuestions | undefined,
  ) {}

  /** The session's tunnel for these hops and credentials, opened on first use by the engine. */
  lease(ssh: SshSettings, secrets: Secrets, requestId: string): TunnelLease {
    if (this.#closed) throw new BridgeError('BRIDGE_SESSION_CLOSED');
    const key = tunnelKey(ssh, secrets);
    let entry = this.#entries.get(key);
    if (!entry) entry = this.#open(key, ssh, secrets, requestId);
    entry.leases++;
    entry.requestId = requestId;
    const current = entry;
    let released = false;
    return {
      tunnel: current.tunnel,
      useFor: (id) => {
        current.requestId = id;
      },
      release: () => {
        if (released) return;
        released = true;
        if (--current.leases > 0 || this.#entries.get(key) !== current) return;
        this.#entries.delete(key);
        void current.tunnel.close();
      },
    };
  }

  /** Closes every tunnel (the session is closing); open host key questions are cancelled first. */
  async closeAll(): Promise<void> {
    this.#closed = true;
    this.prompts?.cancelAll();
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((entry) => entry.tunnel.close()));
  }

  #open(key: string, ssh: SshSettings, secrets: Secrets, requestId: string): Entry {
    const options = this.bridge.planning?.ssh ?? {};
    const prompts = this.prompts;
    const entry: Entry = {
      requestId,
      leases: 0,
      tunnel: createSshTunnel(ssh, secrets, {
        logger: this.logger,
        ...(prompts === undefined ? {} : { hostKeyPrompt: (request: HostKeyPromptRequest) => prompts.ask(entry.requestId, request) }),
        ...(options.knownHostsPath === undefined ? {} : { knownHostsPath: options.knownHostsPath }),
        ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
        ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
        // In server mode the bridge user's home holds no keys for the page (key paths are refused there anyway).
        ...(typeof this.bridge.homeDir === 'string' ? { homeDir: this.bridge.homeDir } : {}),
      }),
    };
    this.#entries.set(key, entry);
    return entry;
  }
}

/** The hops and the SSH credentials, hashed: a changed password or key is another tunnel, and the key holds no secret. */
function tunnelKey(ssh: SshSettings, secrets: Secrets): string {
  const credentials = [secrets.sshPassword, secrets.sshPassphrase, secrets.jumpHosts ?? []];
  return createHash('sha256').update(JSON.stringify([ssh, credentials])).digest('base64url');
}
