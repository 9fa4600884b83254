/**
 * A session's open connections: `connection.open` returns a connectionId backed by a pg.Pool per profile and
 * database (capped by `maxConnections`), whose clients are made by the connect engine. Pools belong to the
 * session that opened them — another page holding the token does not borrow this page's credentials — and
 * all of them are closed when the session ends.
 *
 * A pool's connect plan (`connect-plan.ts`) is made once, when the pool is: its SSH tunnel is shared by every
 * client of the pool and closed with it, and its cloud token provider signs a fresh token for each new client,
 * pushing `event.token.refreshed` to the pool's connections. A tunnel that is cut and comes back is reported to
 * the page as `event.connection.lost` / `event.connection.restored` for each connection of the pool.
 */
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { BridgeError, type BridgeEvent, type ConnectionProfile, type ResultPayload, type Secrets } from '@pgconnect/core';
import type { TokenIssued } from '../auth/aws-iam.js';
import { abortWith } from '../connect/abort.js';
import { connect } from '../connect/connect.js';
import { translateError } from '../errors/translate.js';
import { readServerFacts, toServerFacts, toServerReport } from '../inspect/server-facts.js';
import type { Logger } from '../log/logger.js';
import type { SshTunnel, SshTunnelEvents } from '../tunnel/tunnel.js';
import { resolveConnectOptions, type ConnectPlan } from './connect-plan.js';
import type { BridgeContext } from './context.js';
import { EngineClient } from './engine-client.js';
import { DEFAULT_HOST_KEY_PROMPT_TIMEOUT_MS, HostKeyPrompts } from './host-key-prompts.js';
import { SessionTunnels } from './session-tunnels.js';
import type { ResolvedTarget } from './target.js';

type OpenConnectionInfo = ResultPayload<'connection.list'>['connections'][number];

/** A client checked out of a session pool: the engine's client plus pg-pool's `release`. */
export type PooledClient = EngineClient & { release(error?: Error | boolean): void };

interface PoolEntry {
  key: string;
  pool: pg.Pool;
  /** connectionIds using this pool; the pool ends with the last one. */
  users: Set<string>;
  /** Checked-out clients, ended at once when the session closes (pool.end() would wait for them). */
  active: Set<EngineClient>;
  /** The tunnel lease and token provider, made when the pool is; a refusal fails the first connection. */
  plan: Promise<ConnectPlan>;
  /** Removes the pool's listeners from its tunnel. */
  detach: () => void;
  /** The pool's SSH tunnel, once its plan is made (undefined without SSH). */
  tunnel?: SshTunnel;
  /** A pooled connection's loss held back while the tunnel may still be noticing its own cut. */
  heldLoss?: NodeJS.Timeout;
}

/**
 * How long a tunnelled pool's lost client waits for its tunnel. A cut can fail the tunnel's channels (and so
 * pg's clients) a moment before the SSH connection itself reports the cut; the loss is the tunnel's to report,
 * once, with whether it is coming back.
 */
const TUNNEL_LOSS_GRACE_MS = 1_000;

export interface SessionConnection {
  info: OpenConnectionInfo;
  profile: ConnectionProfile;
  entry: PoolEntry;
}

export class SessionConnections {
  /** The session's first-use host key questions (`ssh.hostKey.confirm` answers them). */
  readonly prompts: HostKeyPrompts;
  /** The session's SSH tunnels, shared by its pools and tests. */
  readonly tunnels: SessionTunnels;
  readonly #pools = new Map<string, PoolEntry>();
  readonly #connections = new Map<string, SessionConnection>();
  #closed = false;

  constructor(
    private readonly bridge: BridgeContext,
    private readonly logger: Logger,
    private readonly sessionSignal: AbortSignal,
    private readonly push: (event: BridgeEvent) => void,
  ) {
    this.prompts = new HostKeyPrompts(push, logger, bridge.planning?.ssh.hostKeyPromptTimeoutMs ?? DEFAULT_HOST_KEY_PROMPT_TIMEOUT_MS, sessionSignal);
    this.tunnels = new SessionTunnels(bridge, logger, this.prompts);
  }

  /**
   * Opens (or joins) the pool for this target and proves it works with one round trip for the server facts.
   * `requestId` is the `connection.open` request, shown with any host key question the first connection raises.
   */
  async open(target: ResolvedTarget, requestId: string): Promise<ResultPayload<'connection.open'>> {
    if (this.#closed) throw new BridgeError('BRIDGE_SESSION_CLOSED');
    const entry = this.#poolFor(target, requestId);
    const connectionId = randomUUID();
    entry.users.add(connectionId);
    try {
      // A pool that already exists may still have to (re)open its tunnel: questions go to this request now.
      (await entry.plan).tunnel?.useFor(requestId);
      const client = await this.acquire(entry);
      try {
        const facts = await readServerFacts(client.pg);
        const server = toServerReport(facts, { host: client.endpoint.host, port: client.endpoint.port });
        const readOnly = toServerFacts(facts).transactionReadOnly || target.profile.client.readOnly === true;
        this.#connections.set(connectionId, {
          profile: target.profile,
          entry,
          info: {
            connectionId,
            profileId: target.profile.id,
            name: target.profile.name,
            host: server.host,
            port: server.port,
            database: server.database,
            user: server.user,
            readOnly,
            state: 'open',
            openedAt: new Date().toISOString(),
          },
        });
        return { connectionId, server, readOnly };
      } finally {
        client.release();
      }
    } catch (error) {
      this.#release(entry, connectionId);
      throw error instanceof BridgeError ? error : translateError(error, { stage: 'ready', host: target.profile.hosts[0]?.host ?? '' });
    }
  }

  get(connectionId: string): SessionConnection {
    const found = this.#connections.get(connectionId);
    if (!found) throw new BridgeError('BRIDGE_CONNECTION_NOT_FOUND', { data: { id: connectionId } });
    return found;
  }

  /** A client of the connection's pool; the caller must `release()` it. */
  async client(connectionId: string): Promise<PooledClient> {
    const connection = this.get(connectionId);
    const client = await this.acquire(connection.entry);
    if (connection.info.state !== 'open') {
      connection.info.state = 'open';
      this.push({ type: 'event.connection.restored', connectionId });
    }
    return client;
  }

  close(connectionId: string): void {
    const connection = this.get(connectionId);
    this.#connections.delete(connectionId);
    this.#release(connection.entry, connectionId);
  }

  list(): OpenConnectionInfo[] {
    return [...this.#connections.values()].map((c) => ({ ...c.info }));
  }

  /** Ends every pool, every checked-out client and every tunnel; called when the session closes. */
  async closeAll(): Promise<void> {
    this.#closed = true;
    this.#connections.clear();
    const entries = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(entries.map((entry) => this.#end(entry)));
    await this.tunnels.closeAll();
  }

  private async acquire(entry: PoolEntry): Promise<PooledClient> {
    try {
      return (await entry.pool.connect()) as unknown as PooledClient;
    } catch (error) {
      throw error instanceof BridgeError ? error : translateError(error, { stage: 'tcp' });
    }
  }

  #poolFor(target: ResolvedTarget, requestId: string): PoolEntry {
    const key = poolKey(target.profile, target.secrets);
    const existing = this.#pools.get(key);
    if (existing) return existing;

    const { profile, secrets } = target;
    const logger = this.logger.child({ profileId: profile.id });
    const users = new Set<string>();
    const plan = resolveConnectOptions(profile, secrets, {
      bridge: this.bridge,
      tunnels: this.tunnels,
      requestId,
      onToken: (token) => this.#tokenIssued(users, token),
    });
    // Observed here so a refused plan is never an unhandled rejection; the first connection reports it.
    plan.catch(() => undefined);
    const connector = async (signal: AbortSignal) => {
      // Given up with the pool's attempt, or with the session; both links are dropped once it is over.
      const attempt = new AbortController();
      const unfollow = abortWith(attempt, signal, this.sessionSignal);
      try {
        return await connect(profile, secrets, {
          signal: attempt.signal,
          logger,
          homeDir: this.bridge.homeDir,
          ...(this.bridge.targetPolicy === undefined ? {} : { targetPolicy: this.bridge.targetPolicy }),
          ...(await plan).options,
        });
      } finally {
        unfollow();
      }
    };
    const pool = new pg.Pool({
      max: this.bridge.limits.maxConnections,
      idleTimeoutMillis: this.bridge.limits.poolIdleTimeoutMs,
      // pg-pool constructs `new Client(options)`: ours connects through the engine (options carry the connector).
      Client: EngineClient as unknown as new () => pg.ClientBase,
      connector,
    } as pg.PoolConfig);
    const entry: PoolEntry = { key, pool, users, active: new Set(), plan, detach: () => undefined };
    pool.on('acquire', (client) => entry.active.add(client as unknown as EngineClient));
    pool.on('release', (_error, client) => entry.active.delete(client as unknown as EngineClient));
    // An idle client lost its server (restart, network, idle timeout). pg-pool has already dropped it and will
    // make a new one on the next query; the page is told so it can show the state. A cut tunnel is reported by
    // the tunnel itself, with whether it is coming back: one `lost`, never one from here and one from there.
    pool.on('error', (error) => {
      const lost = translateError(error, { stage: 'ready', host: profile.hosts[0]?.host ?? '' });
      logger.warn('pooled connection lost', { code: lost.code, cause: error });
      const { tunnel } = entry;
      if (!tunnel) return this.#markLost(entry, lost, false, (state) => state === 'open');
      if (tunnel.state !== 'open' || entry.heldLoss) return;
      entry.heldLoss = setTimeout(() => {
        entry.heldLoss = undefined;
        if (tunnel.state === 'open') this.#markLost(entry, lost, false, (state) => state === 'open');
      }, TUNNEL_LOSS_GRACE_MS).unref();
    });
    void plan.then(({ tunnel }) => {
      if (!tunnel) return;
      entry.tunnel = tunnel.tunnel;
      entry.detach = this.#followTunnel(entry, tunnel.tunnel);
    }, () => undefined);
    this.#pools.set(key, entry);
    return entry;
  }

  /** Reports the pool's tunnel going down and coming back for each of the pool's connections. */
  #followTunnel(entry: PoolEntry, tunnel: SshTunnel): () => void {
    const onLost = ({ error, reconnecting }: SshTunnelEvents['lost'][0]) => {
      clearTimeout(entry.heldLoss);
      entry.heldLoss = undefined;
      // While the tunnel retries its connections are `reconnecting`; when it gives up, `lost` once more, for good.
      const next = reconnecting ? 'reconnecting' : 'lost';
      this.#markLost(entry, error, reconnecting, (state) => state !== next);
    };
    const onRestored = () => {
      for (const [connectionId, connection] of this.#connections) {
        if (connection.entry !== entry || connection.info.state === 'open') continue;
        connection.info.state = 'open';
        this.push({ type: 'event.connection.restored', connectionId });
      }
    };
    tunnel.on('lost', onLost);
    tunnel.on('restored', onRestored);
    return () => {
      tunnel.off('lost', onLost);
      tunnel.off('restored', onRestored);
    };
  }

  #markLost(entry: PoolEntry, error: BridgeError, reconnecting: boolean, applies: (state: SessionConnection['info']['state']) => boolean): void {
    for (const [connectionId, connection] of this.#connections) {
      if (connection.entry !== entry || !applies(connection.info.state)) continue;
      connection.info.state = reconnecting ? 'reconnecting' : 'lost';
      this.push({ type: 'event.connection.lost', connectionId, error: error.toJSON(), reconnecting });
    }
  }

  /** A new token for one of the pool's clients: every connection of the pool may show the new expiry. */
  #tokenIssued(users: ReadonlySet<string>, token: TokenIssued): void {
    const expiresAt = token.expiresAt.toISOString();
    for (const connectionId of users) this.push({ type: 'event.token.refreshed', connectionId, provider: token.provider, expiresAt });
  }

  #release(entry: PoolEntry, connectionId: string): void {
    entry.users.delete(connectionId);
    if (entry.users.size > 0 || this.#pools.get(entry.key) !== entry) return;
    this.#pools.delete(entry.key);
    void this.#end(entry);
  }

  async #end(entry: PoolEntry): Promise<void> {
    clearTimeout(entry.heldLoss);
    for (const client of entry.active) client.end(() => undefined);
    await entry.pool.end().catch((error: unknown) => this.logger.debug('pool end failed', { error }));
    entry.detach();
    await entry.plan.then((plan) => plan.release(), () => undefined);
  }
}

/**
 * Pools are shared only by requests for the very same profile and credentials: any difference (another
 * database, host, user or password) is another pool. Hashed, so the key holds no secret.
 */
function poolKey(profile: ConnectionProfile, secrets: Secrets): string {
  return createHash('sha256').update(JSON.stringify([profile, secrets])).digest('base64url');
}
