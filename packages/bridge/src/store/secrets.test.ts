import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { BridgeError, createProfile } from '@pgconnect/core';
import type { ConnectionProfile } from '@pgconnect/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../log/redact.js';
import { loadSecretKey } from './secret-key.js';
import { SavedSecrets } from './secrets.js';
import { openStores } from './stores.js';

const CANARY = 'CANARY_PW_7f3a9c';
const CANARY_SSL = 'CANARY_SSLPW_51be';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgconnect-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const prod = (): ConnectionProfile =>
  createProfile({
    id: 'prod',
    name: 'prod',
    hosts: [{ host: 'prod.db.example.com', port: 5432 }],
    database: 'app',
    auth: { type: 'password', user: 'app', savePassword: true },
    ssl: { sslmode: 'verify-full', rootCert: 'system' },
  });

/** Every file under `root`, as text, for canary sweeps. */
async function allFiles(root: string): Promise<string> {
  let out = '';
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out += await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

const variants = (s: string) => [s, Buffer.from(s).toString('base64'), Buffer.from(s).toString('base64url'), encodeURIComponent(s)];

describe('the encrypted file secret store', () => {
  it('is chosen and reported when asked for, and never holds a secret in plain text', async () => {
    const { stores, secretAccess } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} });
    expect(stores.secretStore.kind).toBe('encrypted-file');
    await stores.saveProfile({ profile: prod(), secrets: { password: CANARY, sslpassword: CANARY_SSL } });
    const everything = await allFiles(dir);
    for (const canary of [CANARY, CANARY_SSL]) for (const v of variants(canary)) expect(everything).not.toContain(v);
    const got = await secretAccess.getSecretFor(prod());
    expect(got.found && got.value.reveal()).toBe(CANARY);
  });

  it('uses a fresh IV per entry, so equal secrets do not look equal', async () => {
    const { stores } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} });
    await stores.saveProfile({ profile: prod(), secrets: { password: 'same-secret' } });
    await stores.saveProfile({ profile: { ...prod(), id: 'prod2' }, secrets: { password: 'same-secret' } });
    const file = JSON.parse(await readFile(join(dir, 'secrets.enc.json'), 'utf8')) as { entries: Record<string, { iv: string; data: string }> };
    const [a, b] = [file.entries['prod/password'], file.entries['prod2/password']];
    expect(a?.iv).not.toBe(b?.iv);
    expect(a?.data).not.toBe(b?.data);
  });

  it('refuses to decrypt an entry that was tampered with or moved to another account', async () => {
    const { stores, secretAccess } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} });
    await stores.saveProfile({ profile: prod(), secrets: { password: CANARY } });
    const path = join(dir, 'secrets.enc.json');
    const file = JSON.parse(await readFile(path, 'utf8')) as { entries: Record<string, unknown> };
    file.entries['other/password'] = file.entries['prod/password'];
    await writeFile(path, JSON.stringify(file));
    const other = { ...prod(), id: 'other' };
    await expect(secretAccess.getSecretFor(other)).rejects.toMatchObject({ code: 'SECRET_STORE_FAILED' });
  });

  it('takes its key from PGCONNECT_SECRET_KEY and then writes no key file', async () => {
    const env = { PGCONNECT_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') };
    const { stores } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env });
    expect(stores.secretStore.location).toContain('PGCONNECT_SECRET_KEY');
    await stores.saveProfile({ profile: prod(), secrets: { password: CANARY } });
    expect(await readdir(dir)).not.toContain('keys');
  });

  it('refuses a key that is not 32 bytes of base64, without echoing it', async () => {
    const error = await loadSecretKey({ env: { PGCONNECT_SECRET_KEY: 'CANARY_KEY_tooshort' }, keyFile: join(dir, 'k') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('CANARY_KEY_tooshort');
  });

  it('creates its key file 0600 in a 0700 directory', async () => {
    const keyFile = join(dir, 'keys', 'secret.key');
    await loadSecretKey({ env: {}, keyFile, create: true });
    const { stat } = await import('node:fs/promises');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'keys'))).mode & 0o777).toBe(0o700);
  });

  it('refuses a world-readable key file and a key directory others can enter', async () => {
    const keyDir = join(dir, 'keys');
    const keyFile = join(keyDir, 'secret.key');
    await loadSecretKey({ env: {}, keyFile, create: true });
    await chmod(keyFile, 0o644);
    const loose = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {}, keyFile }).catch((e: unknown) => e);
    expect(loose).toMatchObject({ code: 'SECRET_STORE_FAILED', data: { path: keyFile, mode: '0644' } });
    expect((loose as BridgeError).hint).toContain('chmod 600');
    await chmod(keyFile, 0o600);
    await chmod(keyDir, 0o755);
    await expect(loadSecretKey({ env: {}, keyFile })).rejects.toMatchObject({ code: 'SECRET_STORE_FAILED', data: { path: keyDir } });
  });

  it('refuses to mix keys: a store written with one key is not changed with another', async () => {
    const a = { PGCONNECT_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') };
    const b = { PGCONNECT_SECRET_KEY: Buffer.alloc(32, 2).toString('base64') };
    await (await openStores({ userDir: dir, secretStore: 'encrypted-file', env: a })).stores.saveProfile({ profile: prod(), secrets: { password: CANARY } });
    const other = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: b });
    await expect(other.stores.secrets.save(prod(), { password: 'x' })).rejects.toMatchObject({ code: 'SECRET_STORE_FAILED' });
  });
});

describe('a saved secret is bound to its target', () => {
  const changes: [string, (p: ConnectionProfile) => ConnectionProfile][] = [
    ['host', (p) => ({ ...p, hosts: [{ host: 'evil.example', port: 5432 }] })],
    ['port', (p) => ({ ...p, hosts: [{ host: 'prod.db.example.com', port: 6432 }] })],
    ['user', (p) => ({ ...p, auth: { type: 'password', user: 'admin', savePassword: true } })],
    ['database', (p) => ({ ...p, database: 'postgres' })],
    ['auth type', (p) => ({ ...p, auth: { type: 'pgpass', user: 'app' } })],
    ['sslmode', (p) => ({ ...p, ssl: { sslmode: 'require' } })],
    ['an added host', (p) => ({ ...p, hosts: [...p.hosts, { host: 'evil.example', port: 5432 }] })],
  ];

  for (const [what, change] of changes) {
    it(`is not returned after the profile's ${what} changes, and the page is told it no longer applies`, async () => {
      const { stores, secretAccess } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} });
      await stores.saveProfile({ profile: prod(), secrets: { password: CANARY } });
      const changed = change(prod());
      expect(await secretAccess.getSecretFor(changed)).toEqual({ found: false, reason: 'SECRET_SAVED_NOT_APPLICABLE' });
      expect((await stores.secrets.has(changed)).hasPassword).toBe(false);
      // The secret stays for the original target.
      const back = await secretAccess.getSecretFor(prod());
      expect(back.found).toBe(true);
    });
  }

  it('applies again when the profile is saved with the password re-entered for the new target', async () => {
    const { stores, secretAccess } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} });
    await stores.saveProfile({ profile: prod(), secrets: { password: CANARY } });
    const moved = { ...prod(), hosts: [{ host: 'new.db.example.com', port: 5432 }] };
    await stores.saveProfile({ profile: moved, secrets: { password: 'typed-again' } });
    const got = await secretAccess.getSecretFor(moved);
    expect(got.found && got.value.reveal()).toBe('typed-again');
  });
});

describe('jump-host secrets', () => {
  const JUMP_CANARY = 'CANARY_JUMP_PW_3c9d';
  const JUMP_PASSPHRASE = 'CANARY_JUMP_PASS_81fe';
  const jumpKey = { path: '/keys/jump2_ed25519' };
  const tunnelled = (over: Partial<NonNullable<ConnectionProfile['ssh']>> = {}): ConnectionProfile => ({
    ...prod(),
    ssh: {
      enabled: true,
      host: 'bastion.example.com',
      port: 22,
      user: 'deploy',
      auth: { type: 'agent' },
      jumpHosts: [
        { host: 'jump1.example.com', port: 2222, user: 'hop', auth: { type: 'password', savePassword: true } },
        { host: 'jump2.example.com', port: 22, user: 'hop', auth: { type: 'privateKey', key: jumpKey, savePassphrase: true } },
      ],
      ...over,
    },
  });
  const saveTunnelled = async () => {
    const opened = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} });
    const result = await opened.stores.saveProfile({ profile: tunnelled(), secrets: { jumpHosts: [{ password: JUMP_CANARY }, { passphrase: JUMP_PASSPHRASE }] } });
    return { ...opened, result };
  };

  it('saves each hop\'s secret under its own kind, says so, and keeps it out of the settings file', async () => {
    const { secretAccess, result } = await saveTunnelled();
    expect(result.secrets).toMatchObject({ hasPassword: false, hasSshSecret: true });
    const password = await secretAccess.getSecretFor(tunnelled(), 'jumpHosts.0.password');
    const passphrase = await secretAccess.getSecretFor(tunnelled(), 'jumpHosts.1.passphrase');
    expect(password.found && password.value.reveal()).toBe(JUMP_CANARY);
    expect(passphrase.found && passphrase.value.reveal()).toBe(JUMP_PASSPHRASE);
    const everything = await allFiles(dir);
    for (const canary of [JUMP_CANARY, JUMP_PASSPHRASE]) for (const v of variants(canary)) expect(everything).not.toContain(v);
  });

  const hopChanges: [string, (hop: NonNullable<NonNullable<ConnectionProfile['ssh']>['jumpHosts']>[number]) => object][] = [
    ['host', () => ({ host: 'evil.example' })],
    ['port', () => ({ port: 2223 })],
    ['user', () => ({ user: 'root' })],
    ['auth type', () => ({ auth: { type: 'agent' } })],
  ];
  for (const [what, change] of hopChanges) {
    it(`is not applied after that hop's ${what} changes`, async () => {
      const { stores, secretAccess } = await saveTunnelled();
      const base = tunnelled();
      const hops = base.ssh!.jumpHosts!;
      const changed = tunnelled({ jumpHosts: [{ ...hops[0]!, ...change(hops[0]!) }, hops[1]!] });
      expect(await secretAccess.getSecretFor(changed, 'jumpHosts.0.password')).toEqual({ found: false, reason: 'SECRET_SAVED_NOT_APPLICABLE' });
      // The other hop's secret is bound to that hop only, and still applies.
      expect((await secretAccess.getSecretFor(changed, 'jumpHosts.1.passphrase')).found).toBe(true);
      await stores.profiles.save(changed);
      expect((await stores.hasSecrets({ profileId: 'prod' })).secrets.hasSshSecret).toBe(true);
    });
  }

  it('binds a passphrase to the hop\'s key', async () => {
    const { secretAccess } = await saveTunnelled();
    const hops = tunnelled().ssh!.jumpHosts!;
    const otherKey = tunnelled({ jumpHosts: [hops[0]!, { ...hops[1]!, auth: { type: 'privateKey', key: { path: '/keys/other' }, savePassphrase: true } }] });
    expect(await secretAccess.getSecretFor(otherKey, 'jumpHosts.1.passphrase')).toEqual({ found: false, reason: 'SECRET_SAVED_NOT_APPLICABLE' });
  });

  it('drops a hop\'s secret when the hop stops saving it or is removed, and deletes them with the SSH secrets', async () => {
    const { stores, secretAccess } = await saveTunnelled();
    const hops = tunnelled().ssh!.jumpHosts!;
    const result = await stores.saveProfile({ profile: tunnelled({ jumpHosts: [{ ...hops[0]!, auth: { type: 'password', savePassword: false } }] }) });
    expect(result.secrets.hasSshSecret).toBe(false);
    expect(await secretAccess.getSecretFor(tunnelled(), 'jumpHosts.0.password')).toEqual({ found: false, reason: 'NOT_SAVED' });
    expect(await secretAccess.getSecretFor(tunnelled(), 'jumpHosts.1.passphrase')).toEqual({ found: false, reason: 'NOT_SAVED' });

    await stores.saveProfile({ profile: tunnelled(), secrets: { jumpHosts: [{ password: JUMP_CANARY }] } });
    expect((await stores.hasSecrets({ profileId: 'prod' })).secrets.hasSshSecret).toBe(true);
    expect((await stores.deleteSecrets({ profileId: 'prod', kinds: ['ssh'] })).secrets.hasSshSecret).toBe(false);
  });

  it('saves jump-host secrets through secrets.save, for hops the profile has', async () => {
    const { stores, secretAccess } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} });
    await stores.saveProfile({ profile: tunnelled() });
    const reply = await stores.saveSecrets({ profileId: 'prod', secrets: { jumpHosts: [{ password: JUMP_CANARY }, {}, { password: 'no-such-hop' }] } });
    expect(reply.secrets.hasSshSecret).toBe(true);
    expect((await secretAccess.getSecretFor(tunnelled(), 'jumpHosts.0.password')).found).toBe(true);
    expect(await allFiles(dir)).not.toContain('jumpHosts.2');
    expect(JSON.stringify(reply)).not.toContain(JUMP_CANARY);
  });
});

describe('what the page can reach', () => {
  it('can save, delete and ask about secrets, and nothing it can call returns one', async () => {
    const { stores } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} });
    const methods = Object.getOwnPropertyNames(SavedSecrets.prototype).filter((n) => n !== 'constructor');
    expect(methods.sort()).toEqual(['delete', 'has', 'kind', 'location', 'save'].sort());

    const replies: unknown[] = [];
    replies.push(await stores.saveProfile({ profile: prod(), secrets: { password: CANARY, sslpassword: CANARY_SSL } }));
    replies.push(await stores.listProfiles());
    replies.push(await stores.getProfile({ profileId: 'prod' }));
    replies.push(await stores.hasSecrets({ profileId: 'prod' }));
    replies.push(await stores.duplicateProfile({ profileId: 'prod' }));
    replies.push(await stores.saveSecrets({ profileId: 'prod', secrets: { password: CANARY } }));
    replies.push(await stores.groups.list());
    replies.push(stores.secretStore);
    replies.push(await stores.deleteSecrets({ profileId: 'prod', kinds: ['sslpassword'] }));
    replies.push(await stores.deleteProfile({ profileId: 'prod' }).catch((e: unknown) => e));
    replies.push(await stores.getProfile({ profileId: 'prod' }).catch((e: unknown) => e));
    const wire = JSON.stringify(replies) + inspect(replies, { depth: 10 });
    for (const canary of [CANARY, CANARY_SSL]) for (const v of variants(canary)) expect(wire).not.toContain(v);
    expect(JSON.stringify(replies[0])).toContain('"hasPassword":true');
  });

  it('keeps canaries out of settings files, log lines and errors', async () => {
    const { stores, secretAccess } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} });
    await stores.saveProfile({ profile: prod(), secrets: { password: CANARY } });
    const lookup = await secretAccess.getSecretFor(prod());
    // The value the connect engine holds prints as redacted however it is logged.
    const logLine = JSON.stringify({ msg: 'connecting', lookup }) + inspect(lookup) + String(lookup.found && lookup.value) + new Redactor().text(`${JSON.stringify(lookup)}`);
    expect(logLine).not.toContain(CANARY);
    const errors = [
      await stores.saveProfile({ profile: { ...prod(), hosts: [{ host: 'x', port: 70_000 }] }, secrets: { password: CANARY } }).catch((e: unknown) => e),
      await stores.saveSecrets({ profileId: 'missing', secrets: { password: CANARY } }).catch((e: unknown) => e),
    ];
    for (const e of errors) {
      expect(e).toBeInstanceOf(BridgeError);
      expect(JSON.stringify(e) + (e as Error).message + (e as BridgeError).hint + inspect(e)).not.toContain(CANARY);
    }
    const settings = await readFile(join(dir, 'settings.json'), 'utf8');
    for (const v of variants(CANARY)) expect(settings).not.toContain(v);
  });

  it('does not keep a password when the profile says not to save it', async () => {
    const { stores } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} });
    await stores.saveProfile({ profile: prod(), secrets: { password: CANARY } });
    const unsaved = { ...prod(), auth: { type: 'password' as const, user: 'app', savePassword: false } };
    const result = await stores.saveProfile({ profile: unsaved, secrets: { password: 'ignored' } });
    expect(result.secrets.hasPassword).toBe(false);
    expect(await allFiles(dir)).not.toContain('ignored');
  });

  it('leaves the profile unsaved when a secret cannot be stored', async () => {
    const failing = {
      kind: 'keychain' as const,
      location: 'a keychain that refuses writes',
      get: async () => undefined,
      set: async () => {
        throw new BridgeError('SECRET_STORE_FAILED');
      },
      delete: async () => false,
      accounts: async () => [],
    };
    const { stores } = await openStores({ userDir: dir, secretStore: failing });
    await expect(stores.saveProfile({ profile: prod(), secrets: { password: CANARY } })).rejects.toMatchObject({ code: 'SECRET_STORE_FAILED' });
    expect(await stores.profiles.list()).toEqual([]);
  });

  it('removes secrets of profiles that no longer exist', async () => {
    const { stores } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} });
    await stores.saveProfile({ profile: prod(), secrets: { password: CANARY } });
    await stores.profiles.delete('prod'); // as if the process died before deleting the secret
    expect(await stores.pruneOrphanSecrets()).toBe(1);
    expect(await allFiles(join(dir))).not.toContain('prod/password');
  });
});

describe('choosing the store', () => {
  const noSecretService = !process.env.DBUS_SESSION_BUS_ADDRESS;

  it.skipIf(!noSecretService)('refuses an explicit keychain when there is none, and writes nothing', async () => {
    const error = await openStores({ userDir: dir, secretStore: 'keychain', env: {}, keychainService: 'pgconnect-test-absent' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SECRET_KEYCHAIN_UNAVAILABLE' });
    expect(await readdir(dir)).toEqual([]);
  });

  it.skipIf(!noSecretService)('falls back to the encrypted file in auto mode, and says so', async () => {
    const { stores } = await openStores({ userDir: dir, env: {}, keychainService: 'pgconnect-test-absent' });
    expect(stores.secretStore.kind).toBe('encrypted-file');
    expect(stores.secretStore.fallbackReason).toContain('keychain');
  });
});
