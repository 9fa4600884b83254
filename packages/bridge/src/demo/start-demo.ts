/**
 * `startDemo()`: everything `pgconnect demo` runs, as one call that returns handles and a `stop()`. A fresh
 * PostgreSQL 18 cluster with TLS and the demo roles, a throwaway settings folder with two saved connections,
 * and the bridge serving the demo page on a loopback port. Nothing is kept: `stop()` ends the bridge and the
 * server and removes the one temp directory that held all of it.
 */
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProfile, formatConnectionString, type ConnectionProfile } from '@pgconnect/core';
import { Logger } from '../log/logger.js';
import { createBridge, type Bridge } from '../server/bridge.js';
import { newToken } from '../server/token.js';
import { openStores, type OpenedStores } from '../store/stores.js';
import { createDemoCertificates } from './certificates.js';
import { startDemoCluster, type DemoCluster } from './cluster.js';
import { demoOsAccount } from './os-account.js';
import { checkPageBuilt, DEFAULT_PAGE_DIR, demoPageHandler } from './page.js';
import type { DemoPageFacts } from './page-facts.js';
import { embeddedPostgresBinaries } from './postgres-binaries.js';
import { createSampleDatabase, DEMO_DATABASE, DEMO_SCHEMA, newDemoRoles, type DemoRoles } from './sample-database.js';

export interface DemoOptions {
  /** The page's (and bridge's) port on 127.0.0.1. Default: any free port. */
  port?: number;
  /** PostgreSQL's port. Default: any free port. */
  pgPort?: number;
  /** Where the temp directory is made. Default: the OS temp dir. */
  tmpDir?: string;
  /** The built page. Default: `packages/bridge/dist/demo-page`. */
  pageDir?: string;
  /** The bridge's logger. Default: warnings and errors, as JSON lines on stderr. */
  logger?: Logger;
  /** Called before each start-up step, for a progress line. */
  onStep?: (step: string) => void;
}

export interface DemoHandle {
  /** The page to open: `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly bridge: { readonly url: string; readonly port: number; readonly origins: readonly string[] };
  readonly postgres: {
    /** The name clients use; the certificate is valid for it and for 127.0.0.1 and ::1. */
    readonly host: string;
    readonly port: number;
    readonly version: string;
    readonly database: string;
    readonly caCertPath: string;
    readonly pid: number | undefined;
  };
  readonly roles: DemoRoles;
  /** The temp directory holding the cluster, the certificates and the settings; removed by stop(). */
  readonly dir: string;
  /** Stops the bridge and PostgreSQL and removes the temp directory. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Raised for failures the user can act on; the message already carries the hint. */
export class DemoStartError extends Error {}

export async function startDemo(options: DemoOptions = {}): Promise<DemoHandle> {
  const step = options.onStep ?? (() => {});
  const pageDir = options.pageDir ?? DEFAULT_PAGE_DIR;
  checkPageBuilt(pageDir);
  const binaries = embeddedPostgresBinaries();
  const account = await demoOsAccount();

  // Undone in reverse order if a later step fails, and by stop().
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  };
  try {
    const dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'pgconnect-demo-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // The server's account creates its data and socket dirs in here; the dir stays 0700.
    await chown(dir, account.uid, account.gid);

    step('creating a certificate authority and a server certificate');
    const certificates = await createDemoCertificates(join(dir, 'tls'));

    step('starting PostgreSQL 18 (initdb runs first)');
    const roles = newDemoRoles();
    const cluster: DemoCluster = await startDemoCluster({
      binaries,
      baseDir: dir,
      account,
      certificates,
      tcpRoles: [roles.admin.name, roles.reader.name],
      ...(options.pgPort !== undefined && { port: options.pgPort }),
    });
    cleanups.push(() => cluster.stop());

    step('creating the demo roles and the sample database');
    await createSampleDatabase((database) => cluster.superuserClient(database), roles);

    const server = { host: 'localhost', port: cluster.port, version: cluster.serverVersion };
    const opened = await openStores({
      userDir: join(dir, 'settings'),
      // Never the user's keychain or settings: the demo's saved connections go away with it.
      secretStore: 'encrypted-file',
      env: {},
      validation: { bridge: 'local' },
    });
    const profiles = await saveDemoConnections(opened, roles, server, certificates.caCertPath);

    step('starting the bridge');
    // Known once the bridge listens; the page handler needs it for its Host check and CSP.
    const bound: { port?: number } = {};
    const token = newToken();
    const facts = pageFacts(roles, server, certificates.caCertPath, profiles);
    const bridge: Bridge = createBridge({
      token,
      stores: opened,
      logger: options.logger ?? new Logger(undefined, undefined, 'warn'),
      onRequest: demoPageHandler({ pageDir, token, facts, port: () => bound.port }),
    });
    cleanups.push(() => bridge.close());
    const listening = await listen(bridge, options.port);
    bound.port = listening.port;

    let stopped: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${listening.port}/`,
      bridge: { url: listening.url, port: listening.port, origins: bridge.origins },
      postgres: { ...server, database: DEMO_DATABASE, caCertPath: certificates.caCertPath, pid: cluster.pid },
      roles,
      dir,
      stop() {
        stopped ??= cleanUp();
        return stopped;
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

async function listen(bridge: Bridge, port: number | undefined): Promise<{ url: string; port: number }> {
  try {
    return await bridge.listen({ host: '127.0.0.1', port: port ?? 0 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new DemoStartError(`Port ${port} on 127.0.0.1 is already in use, so the demo page cannot be served there.\nHint: choose another port (--port N), or leave --port out to take any free port.`, {
        cause: error,
      });
    }
    throw error;
  }
}

type Server = DemoPageFacts['server'];

/**
 * Two saved connections in a "Demo server" group, so the side panel and the server groups have something to
 * show: every field but the password, with `verify-full` against the demo CA.
 */
async function saveDemoConnections(opened: OpenedStores, roles: DemoRoles, server: Server, caCertPath: string): Promise<Record<string, string>> {
  const group = await opened.stores.groups.create({ name: 'Demo server', description: `PostgreSQL ${server.version} started by pgconnect demo`, color: '#1a7f37' });
  const ids: Record<string, string> = {};
  for (const role of [roles.reader, roles.admin]) {
    const { profile } = await opened.stores.saveProfile({ profile: demoProfile(role.name, server, caCertPath, group.id) });
    ids[role.name] = profile.id;
  }
  return ids;
}

function demoProfile(user: string, server: Server, caCertPath: string, groupId?: string): ConnectionProfile {
  return createProfile({
    name: `Demo as ${user}`,
    ...(groupId !== undefined && { groupId }),
    hosts: [{ host: server.host, port: server.port }],
    database: DEMO_DATABASE,
    auth: { type: 'password', user, savePassword: false },
    ssl: { sslmode: 'verify-full', rootCert: { path: caCertPath } },
  });
}

function pageFacts(roles: DemoRoles, server: Server, caCertPath: string, profileIds: Record<string, string>): DemoPageFacts {
  // As a person would write them: without the product's client defaults (application_name, keepalives).
  const pasteable = (profile: ConnectionProfile): ConnectionProfile => ({ ...profile, client: { ...profile.client, applicationName: '', keepalives: undefined } });
  const reader = pasteable(demoProfile(roles.reader.name, server, caCertPath));
  const admin = pasteable(demoProfile(roles.admin.name, server, caCertPath));
  const plaintext: ConnectionProfile = { ...reader, ssl: { sslmode: 'disable' } };
  return {
    server,
    database: DEMO_DATABASE,
    schema: DEMO_SCHEMA,
    roles: [roles.admin, roles.reader].map(({ name, description }) => ({ name, description })),
    caCertPath,
    profileIds,
    connectionStrings: [
      { label: 'libpq URI, verify-full with the demo CA', text: formatConnectionString(reader, 'uri') },
      { label: 'JDBC URL', text: formatConnectionString(admin, 'jdbc') },
      { label: 'psql command line', text: formatConnectionString(admin, 'psql') },
      { label: 'Without TLS (the server refuses it)', text: formatConnectionString(plaintext, 'keyValue') },
    ],
  };
}
