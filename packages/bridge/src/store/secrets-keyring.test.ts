import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The keychain path for real: a private D-Bus session (dbus-run-session) with GNOME Keyring's Secret Service,
 * its login keyring unlocked with a password on stdin, and child Node processes using @napi-rs/keyring inside
 * it. Needs the Debian packages gnome-keyring, dbus (dbus-run-session) and libsecret-tools.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..', '..', '..', '..');
const have = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const available = process.platform === 'linux' && have('dbus-run-session') && have('gnome-keyring-daemon');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgconnect-keyring-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CANARY = 'CANARY_PW_keyring_91d2';

const child = (step: 'save' | 'read', userDir: string, service: string) => `
import { createProfile } from ${JSON.stringify(join(repo, 'packages/core/src/index.ts'))};
import { openStores } from ${JSON.stringify(join(here, 'stores.ts'))};
const profile = createProfile({ id: 'prod', name: 'prod', hosts: [{ host: 'prod.db.example.com', port: 5432 }], database: 'app',
  auth: { type: 'password', user: 'app', savePassword: true }, ssl: { sslmode: 'verify-full', rootCert: 'system' } });
const { stores, secretAccess } = await openStores({ userDir: ${JSON.stringify(userDir)}, secretStore: 'keychain', keychainService: ${JSON.stringify(service)}, env: {} });
const out = { kind: stores.secretStore.kind };
if (${JSON.stringify(step)} === 'save') {
  out.saved = (await stores.saveProfile({ profile, secrets: { password: ${JSON.stringify(CANARY)} } })).secrets;
} else {
  const got = await secretAccess.getSecretFor(profile);
  out.sameTarget = got.found && got.value.reveal() === ${JSON.stringify(CANARY)};
  out.movedHost = await secretAccess.getSecretFor({ ...profile, hosts: [{ host: 'evil.example', port: 5432 }] });
  out.has = await stores.secrets.has(profile);
  await stores.deleteProfile({ profileId: 'prod' });
  out.afterDelete = await secretAccess.getSecretFor(profile);
}
process.stdout.write(JSON.stringify(out) + '\\n');
`;

describe('the system keychain (GNOME Keyring over the Secret Service)', () => {
  it.skipIf(!available)('saves a password, reads it back in another process, binds it, and deletes it', async () => {
    const userDir = join(dir, 'config');
    const service = `pgconnect-test-${process.pid}`;
    await writeFile(join(dir, 'save.mjs'), child('save', userDir, service));
    await writeFile(join(dir, 'read.mjs'), child('read', userDir, service));
    const script = [
      // --unlock reads the login keyring's password from stdin and creates the keyring if there is none.
      "printf '%s' 'login-keyring-test-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null",
      `node --import tsx ${JSON.stringify(join(dir, 'save.mjs'))}`,
      `node --import tsx ${JSON.stringify(join(dir, 'read.mjs'))}`,
    ].join(' && ');
    const proc = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
      cwd: repo,
      // A private HOME: the test never touches the real login keyring.
      env: { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_RUNTIME_DIR: dir, TSX_TSCONFIG_PATH: join(repo, 'tsconfig.check.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code, stderr).toBe(0);
    const [saved, read] = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(saved).toMatchObject({ kind: 'keychain', saved: { hasPassword: true } });
    expect(read).toMatchObject({
      kind: 'keychain',
      sameTarget: true,
      movedHost: { found: false, reason: 'SECRET_SAVED_NOT_APPLICABLE' },
      has: { hasPassword: true },
      afterDelete: { found: false, reason: 'NOT_SAVED' },
    });
    expect(stdout + stderr).not.toContain(CANARY);
    expect(await readFile(join(userDir, 'settings.json'), 'utf8')).not.toContain(CANARY);
  }, 60_000);
});
