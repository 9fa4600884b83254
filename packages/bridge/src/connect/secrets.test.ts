/**
 * Ambient credentials and secret hygiene (security T8, T12; §3 items 30, 43): the engine never takes anything
 * from `PG*` environment variables or `~/.pgpass` (node-postgres would, for every field left empty), and canary
 * secrets never show up in an error, a stage detail or a log line, whatever goes wrong.
 */
import { mkdir, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProfile, type ConnectionProfile, type ProfileInit, type Secrets } from '@pgconnect/core';
import { createCerts, freePort, makeTempDir, removeTempDir, startCluster, type CertFiles, type Cluster, type TestCerts } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { CLOUD_TOKEN_REDACTION_MS } from './connect.js';
import { testConnection } from './test-connection.js';

const ALICE = { name: 'alice', password: 'alice-Real-Pw-9' };
const CANARY_PASSWORD = 'CANARY-pw-Zq81x';
const CANARY_SSLPASSWORD = 'CANARY-sslpw-Lk27';

let certs: TestCerts;
let cluster: Cluster;
let clientKey: CertFiles;
let home: string;

beforeAll(async () => {
  certs = await createCerts();
  cluster = await startCluster({ roles: [ALICE], ssl: { cert: certs.server.good } });
  clientKey = await certs.client(ALICE.name, { passphrase: 'the-right-passphrase' });
  home = await makeTempDir('canary-home');
});

afterAll(async () => {
  await cluster?.stop();
  await certs?.remove();
  if (home) await removeTempDir(home);
});

function profile(init: ProfileInit = {}): ConnectionProfile {
  return createProfile({
    hosts: [{ host: 'localhost', port: cluster.port }],
    database: 'postgres',
    auth: { type: 'password', user: ALICE.name, savePassword: false },
    ...init,
    ssl: { sslmode: 'prefer', ...init.ssl },
    client: { connectTimeoutSeconds: 5, applicationName: '', ...init.client },
  });
}

/** Runs `fn` with PG* canaries in the environment and a ~/.pgpass that would let anyone in. */
async function withAmbientCredentials<T>(fn: () => Promise<T>): Promise<T> {
  await mkdir(home, { recursive: true });
  const pgpass = join(home, '.pgpass');
  await writeFile(pgpass, `*:*:*:*:${ALICE.password}\n`);
  await chmod(pgpass, 0o600);
  const canaries: Record<string, string> = {
    HOME: home,
    PGPASSFILE: pgpass,
    PGPASSWORD: ALICE.password,
    PGHOST: 'canary-host.invalid',
    PGPORT: '1',
    PGUSER: 'canary_user',
    PGDATABASE: 'canary_db',
    PGAPPNAME: 'canary_app',
    PGOPTIONS: '-c search_path=canary_schema',
    PGSSLMODE: 'disable',
    PGSSLNEGOTIATION: 'direct',
    PGCLIENT_ENCODING: 'LATIN1',
    PGREPLICATION: 'database',
  };
  const saved = Object.fromEntries(Object.keys(canaries).map((k) => [k, process.env[k]]));
  Object.assign(process.env, canaries);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('no ambient credentials or settings', () => {
  it('ignores PGPASSWORD and ~/.pgpass: without a password the login fails with PG_PASSWORD_REQUIRED', async () => {
    const outcome = await withAmbientCredentials(() => testConnection(profile(), {}, { logger: memoryLogger().logger, homeDir: null }));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('PG_PASSWORD_REQUIRED');
  });

  it('sends exactly the profile\'s user, database, application_name and options, whatever PG* says', async () => {
    const outcome = await withAmbientCredentials(() =>
      testConnection(profile(), { password: ALICE.password }, { logger: memoryLogger().logger, homeDir: null }),
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    try {
      const { rows } = await outcome.client.query<Record<string, string>>(
        `SELECT current_user AS "user", current_database() AS db, current_setting('application_name') AS app,
                current_setting('search_path') AS path, current_setting('client_encoding') AS encoding,
                (SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS ssl,
                (SELECT backend_type FROM pg_stat_activity WHERE pid = pg_backend_pid()) AS backend`,
      );
      expect(rows[0]).toEqual({ user: 'alice', db: 'postgres', app: '', path: '"$user", public', encoding: 'UTF8', ssl: 'true', backend: 'client backend' });
      expect(outcome.endpoint.port).toBe(cluster.port);
    } finally {
      await outcome.client.end();
    }
  });
});

describe('canary secrets never leave', () => {
  const scenarios: [string, () => Promise<[ConnectionProfile, Secrets]>][] = [
    ['a wrong password', async () => [profile(), { password: CANARY_PASSWORD }]],
    ['a refused port', async () => [profile({ hosts: [{ host: '127.0.0.1', port: await freePort() }] }), { password: CANARY_PASSWORD }]],
    ['an untrusted certificate', async () => [profile({ ssl: { sslmode: 'verify-full', rootCert: { pem: certs.otherCa.cert } } }), { password: CANARY_PASSWORD }]],
    [
      'a wrong client-key passphrase',
      async () => [
        profile({ ssl: { sslmode: 'require', clientCert: { path: clientKey.certPath }, clientKey: { path: clientKey.keyPath } } }),
        { password: CANARY_PASSWORD, sslpassword: CANARY_SSLPASSWORD },
      ],
    ],
    ['a successful login', async () => [profile(), { password: ALICE.password }]],
  ];

  for (const [name, make] of scenarios) {
    it(`in errors, stage details and log lines after ${name}`, async () => {
      const [p, secrets] = await make();
      const { logger, lines } = memoryLogger('debug');
      const stages: unknown[] = [];
      const outcome = await testConnection(p, secrets, { logger, homeDir: null, onStage: (s) => stages.push(s) });
      if (outcome.ok) await outcome.client.end();
      const everything = [
        JSON.stringify(outcome.ok ? { stages: outcome.stages, endpoint: outcome.endpoint } : outcome),
        JSON.stringify(stages),
        ...lines,
      ].join('\n');
      for (const secret of [CANARY_PASSWORD, CANARY_SSLPASSWORD, ALICE.password]) {
        for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
          expect(everything).not.toContain(form);
        }
      }
      expect(lines.length).toBeGreaterThan(0);
    });
  }

  describe('what a password provider returns', () => {
    afterEach(() => vi.useRealTimers());

    /** Logs in with `provider`'s password, then lets a day pass for the redactor; true when it still knows the password. */
    async function stillRedactedADayLater(passwordIsToken: boolean): Promise<boolean> {
      const { logger } = memoryLogger();
      const outcome = await testConnection(profile(), {}, { logger, homeDir: null, password: () => ALICE.password, passwordIsToken });
      if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
      await outcome.client.end();
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + CLOUD_TOKEN_REDACTION_MS + 24 * 60 * 60_000 });
      logger.redactor.add('a-later-token', { forMs: 1_000 }); // registering prunes what is due
      return logger.redactor.text(`login ${ALICE.password}`) === 'login [redacted]';
    }

    it('is a secret for good, like every other', async () => {
      expect(await stillRedactedADayLater(false)).toBe(true);
    });

    it('is forgotten after a while when it is a cloud token (a new one for every connection)', async () => {
      expect(await stillRedactedADayLater(true)).toBe(false);
    });
  });

  it('a wrong client-key passphrase is reported as such', async () => {
    const p = profile({ ssl: { sslmode: 'require', clientCert: { path: clientKey.certPath }, clientKey: { path: clientKey.keyPath } } });
    const outcome = await testConnection(p, { password: ALICE.password, sslpassword: CANARY_SSLPASSWORD }, { logger: memoryLogger().logger, homeDir: null });
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('TLS_KEY_PASSPHRASE_WRONG');
  });
});
