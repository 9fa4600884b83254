/**
 * A session's open connections: `connection.open` returns a connectionId backed by a pg.Pool per profile and
 * database (capped by `maxConnections`), whose clients are made by the connect engine. Pools belong to the
 * session that opened them — another page holding the token does not borrow this page's credentials — and
 * all of them are closed when the session ends.
 */
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { BridgeError, type BridgeEvent, type ConnectionProfile, type ResultPayload, type Secrets } from '@pgconnect/core';
import { connect } from '../connect/connect.js';
import { translateError } from '../errors/translate.js';
import { readServerFacts, toServerFacts, toServerReport } from '../inspect/server-facts.js';
import type { Logger } from '../log/logger.js';
import type { BridgeContext } from './context.js';
import { EngineClient } from './engine-client.js';
import type { ResolvedTarget } from './target.js';
import { wireError } from './wire.js';

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
}

export interface SessionConnection {
  info: OpenConnectionInfo;
  profile: ConnectionProfile;
  entry: PoolEntry;
}

export class SessionConnections {
  readonly #pools = new Map<string, PoolEntry>();
  readonly #connections = new Map<string, SessionConnection>();
  #closed = false;

  constructor(
    private readonly bridge: BridgeContext,
    private readonly logger: Logger,
    private readonly sessionSignal: AbortSignal,
    private readonly push: (event: BridgeEvent) => void,
  ) {}

  /** Opens (or joins) the pool for this target and proves it works with one round trip for the server facts. */
  async open(target: ResolvedTarget): Promise<ResultPayload<'connection.open'>> {
    if (this.#closed) throw new BridgeError('BRIDGE_SESSION_CLOSED');
    const entry = this.#poolFor(target);
    const connectionId = randomUUID();
    entry.users.add(connectionId);
    try {
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

  /** Ends every pool and every checked-out client; called when the session closes. */
  async closeAll(): Promise<void> {
    this.#closed = true;
    this.#connections.clear();
    const entries = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(entries.map((entry) => this.#end(entry)));
  }

  private async acquire(entry: PoolEntry): Promise<PooledClient> {
    try {
      return (await entry.pool.connect()) as unknown as PooledClient;
    } catch (error) {
      throw error instanceof BridgeError ? error : translateError(error, { stage: 'tcp' });
    }
  }

  #poolFor(target: ResolvedTarget): PoolEntry {
    const key = poolKey(target.profile, target.secrets);
    const existing = this.#pools.get(key);
    if (existing) return existing;

    const { profile, secrets } = target;
    const logger = this.logger.child({ profileId: profile.id });
    const connector = (signal: AbortSignal) =>
      connect(profile, secrets, {
        signal: AbortSignal.any([signal, this.sessionSignal]),
        logger,
        homeDir: this.bridge.homeDir,
        ...(this.bridge.targetPolicy === undefined ? {} : { targetPolicy: this.bridge.targetPolicy }),
      });
    const pool = new pg.Pool({
      max: this.bridge.limits.maxConnections,
      idleTimeoutMillis: this.bridge.limits.poolIdleTimeoutMs,
      // pg-pool constructs `new Client(options)`: ours connects through the engine (options carry the connector).
      Client: EngineClient as unknown as new () => pg.ClientBase,
      connector,
    } as pg.PoolConfig);
    const entry: PoolEntry = { key, pool, users: new Set(), active: new Set() };
    pool.on('acquire', (client) => entry.active.add(client as unknown as EngineClient));
    pool.on('release', (_error, client) => entry.active.delete(client as unknown as EngineClient));
    // An idle client lost its server (restart, network, idle timeout). pg-pool has already dropped it and will
    // make a new one on the next query; the page is told so it can show the state.
    pool.on('error', (error) => {
      const lost = translateError(error, { stage: 'ready', host: profile.hosts[0]?.host ?? '' });
      logger.warn('pooled connection lost', { code: lost.code, cause: error });
      for (const [connectionId, connection] of this.#connections) {
        if (connection.entry !== entry || connection.info.state !== 'open') continue;
        connection.info.state = 'lost';
        this.push({ type: 'event.connection.lost', connectionId, error: wireError(lost.toJSON()), reconnecting: false });
      }
    });
    this.#pools.set(key, entry);
    return entry;
  }

  #release(entry: PoolEntry, connectionId: string): void {
    entry.users.delete(connectionId);
    if (entry.users.size > 0 || this.#pools.get(entry.key) !== entry) return;
    this.#pools.delete(entry.key);
    void this.#end(entry);
  }

  async #end(entry: PoolEntry): Promise<void> {
    for (const client of entry.active) client.end(() => undefined);
    await entry.pool.end().catch((error: unknown) => this.logger.debug('pool end failed', { error }));
  }
}

/**
 * Pools are shared only by requests for the very same profile and credentials: any difference (another
 * database, host, user or password) is another pool. Hashed, so the key holds no secret.
 */
function poolKey(profile: ConnectionProfile, secrets: Secrets): string {
  return createHash('sha256').update(JSON.stringify([profile, secrets])).digest('base64url');
}
