import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCerts, makeTempDir, removeTempDir, startCluster, startSshd, type Cluster, type Sshd, type TestCerts } from '../../../../test/harness/index.js';
import type { CliIo } from './command.js';
import { createTestCommand, PASSWORD_ENV, SSH_PASSPHRASE_ENV, SSH_PASSWORD_ENV, type TestLine } from './test.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = join(root, 'packages/bridge/bin/pgconnect.js');
const run = promisify(execFile);

const ALICE_PASSWORD = 'alice-Canary-7f3a9c';
const WRONG_PASSWORD = 'wrong-Canary-41b2e8';
const WRONG_SSH_PASSWORD = 'ssh-wrong-Canary-93d0c1';
const WRONG_SSH_PASSPHRASE = 'ssh-phrase-Canary-5e7a2f';

interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `pgconnect` in a child process, without a terminal and with only the environment given. */
async function pgconnect(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG')));
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...base, ...env }, cwd: root, timeout: 60_000 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { status: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const jsonLines = (stdout: string): TestLine[] =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as TestLine);

describe('pgconnect test', () => {
  let cluster: Cluster;
  let certs: TestCerts;
  let dir: string;
  const uri = (user: string, password: string | undefined, params = 'sslmode=require', host = '127.0.0.1') =>
    `postgresql://${user}${password === undefined ? '' : `:${encodeURIComponent(password)}`}@${host}:${cluster.port}/app?${params}`;

  beforeAll(async () => {
    // The tests run the CLI as users do, from its build.
    await run('npx', ['tsc', '-b', 'packages/core', 'packages/bridge'], { cwd: root, timeout: 300_000 });
    certs = await createCerts();
    cluster = await startCluster({
      version: 18,
      ssl: { cert: certs.server.good },
      hba: [
        { type: 'host', user: 'trusty', method: 'trust' },
        { type: 'host', method: 'scram-sha-256' },
      ],
      roles: [{ name: 'alice', password: ALICE_PASSWORD }, { name: 'trusty' }],
      databases: [{ name: 'app', owner: 'alice' }],
    });
    dir = await makeTempDir('pgconnect-cli-test');
  });

  afterAll(async () => {
    await cluster?.stop();
    await certs?.remove();
    if (dir) await removeTempDir(dir);
  });

  describe('--json', () => {
    it('prints one line with the stages, TLS and server facts, and exits 0 on success', async () => {
      const result = await pgconnect(['test', '--json', uri('alice', ALICE_PASSWORD)]);
      expect(result.status).toBe(0);
      const [line, ...rest] = jsonLines(result.stdout);
      expect(rest).toEqual([]);
      expect(line).toMatchObject({ ok: true, code: null, hint: null, message: `Connected to PostgreSQL ${cluster.serverVersion} as alice.` });
      expect(line!.stages.map((s) => s.name)).toEqual(['dns', 'tcp', 'tls', 'auth', 'ready', 'facts']);
      for (const stage of line!.stages) {
        expect(stage).toMatchObject({ ok: true, status: 'ok' });
        expect(stage.ms).toBeGreaterThanOrEqual(0);
      }
      expect(line!.tls).toEqual({ encrypted: true, verified: false, protocol: 'TLSv1.3', cipher: expect.any(String) });
      expect(line!.server).toEqual({ version: cluster.serverVersion, inRecovery: false, user: 'alice', database: 'app', host: '127.0.0.1', port: cluster.port });
    });

    it('reports a wrong password as PG_AUTH_FAILED with a hint, and exits 1', async () => {
      const result = await pgconnect(['test', '--json', uri('alice', WRONG_PASSWORD)]);
      expect(result.status).toBe(1);
      const [line] = jsonLines(result.stdout);
      expect(line).toMatchObject({ ok: false, code: 'PG_AUTH_FAILED', tls: null, server: null });
      expect(line!.hint).toMatch(/password/i);
      expect(line!.stages.at(-1)).toMatchObject({ name: 'auth', ok: false, status: 'failed', code: 'PG_AUTH_FAILED' });
    });

    it('prints one line per target, in order, and exits 1 when any of them fails', async () => {
      const targets = [uri('alice', ALICE_PASSWORD), uri('alice', WRONG_PASSWORD), `host=127.0.0.1 port=${cluster.port} user=trusty dbname=app sslmode=disable`, 'not a connection string'];
      const result = await pgconnect(['test', '--json', ...targets]);
      expect(result.status).toBe(1);
      const lines = jsonLines(result.stdout);
      expect(lines.map((l) => [l.ok, l.code])).toEqual([
        [true, null],
        [false, 'PG_AUTH_FAILED'],
        [true, null],
        [false, 'PARSE_MISSING_EQUALS'],
      ]);
      expect(lines[2]!.tls).toEqual({ encrypted: false, verified: false, protocol: null, cipher: null });
      expect(lines[2]!.stages.find((s) => s.name === 'tls')).toMatchObject({ ok: true, status: 'skipped' });
    });

    it('exits 0 when every target connects', async () => {
      const result = await pgconnect(['test', '--json', uri('alice', ALICE_PASSWORD), `postgresql://trusty@127.0.0.1:${cluster.port}/app`]);
      expect(result.status).toBe(0);
      expect(jsonLines(result.stdout).map((l) => l.ok)).toEqual([true, true]);
    });

    it('adds the effective privileges with --privileges', async () => {
      const result = await pgconnect(['test', '--json', '--privileges', uri('alice', ALICE_PASSWORD)]);
      expect(result.status).toBe(0);
      const [line] = jsonLines(result.stdout);
      expect(line!.stages.at(-1)).toMatchObject({ name: 'privileges', ok: true });
      expect(line!.privileges?.report.database).toMatchObject({ name: 'app', connect: true });
      expect(line!.privileges?.verdict.length).toBeGreaterThan(0);
    });
  });

  describe('passwords', () => {
    it('takes the password from PGCONNECT_PASSWORD when the target has none', async () => {
      const result = await pgconnect(['test', '--json', uri('alice', undefined)], { [PASSWORD_ENV]: ALICE_PASSWORD });
      expect(result.status).toBe(0);
      expect(jsonLines(result.stdout)[0]).toMatchObject({ ok: true });
    });

    it('prefers the password in the target over PGCONNECT_PASSWORD', async () => {
      const result = await pgconnect(['test', '--json', uri('alice', ALICE_PASSWORD)], { [PASSWORD_ENV]: WRONG_PASSWORD });
      expect(jsonLines(result.stdout)[0]).toMatchObject({ ok: true });
    });

    it('fails with PG_PASSWORD_REQUIRED, not a prompt, when there is no terminal', async () => {
      const result = await pgconnect(['test', '--json', uri('alice', undefined)], { PGPASSWORD: ALICE_PASSWORD });
      expect(result.status).toBe(1);
      const [line] = jsonLines(result.stdout);
      expect(line).toMatchObject({ ok: false, code: 'PG_PASSWORD_REQUIRED' });
      expect(line!.hint).toContain(PASSWORD_ENV);
      expect(result.stderr).toBe('');
    });

    it('never prints a password: not in reports, errors, JSON or verbose logs', async () => {
      const targets = [
        uri('alice', ALICE_PASSWORD),
        uri('alice', WRONG_PASSWORD),
        `host=127.0.0.1 port=${cluster.port} user=alice dbname=app password=${WRONG_PASSWORD}`,
        `Host=127.0.0.1;Port=${cluster.port};Username=alice;Password=${WRONG_PASSWORD};Database=nope`,
        `postgresql://alice:${WRONG_PASSWORD}@127.0.0.1:1/app`,
        `postgresql://alice:${WRONG_PASSWORD}@127.0.0.1:${cluster.port}/app?sslmode=bogus`,
      ];
      for (const json of [['--json'], []]) {
        const result = await pgconnect(['test', '--verbose', ...json, ...targets]);
        expect(result.status).toBe(1);
        expect(result.stderr).not.toBe(''); // --verbose logged the attempts
        for (const output of [result.stdout, result.stderr]) {
          expect(output).not.toContain(ALICE_PASSWORD);
          expect(output).not.toContain(WRONG_PASSWORD);
          expect(output).not.toContain(encodeURIComponent(WRONG_PASSWORD));
        }
      }
      const fromEnv = await pgconnect(['test', '--verbose', '--json', uri('alice', undefined)], { [PASSWORD_ENV]: WRONG_PASSWORD });
      expect(jsonLines(fromEnv.stdout)[0]).toMatchObject({ code: 'PG_AUTH_FAILED' });
      expect(fromEnv.stdout + fromEnv.stderr).not.toContain(WRONG_PASSWORD);
    });
  });

  describe('TLS', () => {
    it('reports verified:true for verify-full with the CA, and says so in words', async () => {
      const target = uri('alice', ALICE_PASSWORD, `sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.ca.certPath)}`, 'localhost');
      const json = await pgconnect(['test', '--json', target]);
      expect(json.status).toBe(0);
      expect(jsonLines(json.stdout)[0]!.tls).toMatchObject({ encrypted: true, verified: true });

      const human = await pgconnect(['test', target]);
      expect(human.stdout).toContain('TLS:     encrypted, server verified (verify-full), TLSv1.3');
    });

    it('says the server is not verified under sslmode=require without a CA', async () => {
      const human = await pgconnect(['test', uri('alice', ALICE_PASSWORD)]);
      expect(human.stdout).toContain('encrypted, server NOT verified (require)');
    });

    it('fails verify-full against an untrusted certificate with a TLS code', async () => {
      const target = uri('alice', ALICE_PASSWORD, `sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.otherCa.certPath)}`, 'localhost');
      const result = await pgconnect(['test', '--json', target]);
      expect(result.status).toBe(1);
      expect(jsonLines(result.stdout)[0]).toMatchObject({ ok: false, code: 'TLS_CERT_UNTRUSTED' });
    });

    it('applies --sslmode to every target', async () => {
      const result = await pgconnect(['test', '--json', '--sslmode', 'disable', uri('alice', ALICE_PASSWORD)]);
      expect(jsonLines(result.stdout)[0]!.tls).toMatchObject({ encrypted: false });
    });
  });

  describe('@file.json', () => {
    it('tests a profile file, with the password from PGCONNECT_PASSWORD', async () => {
      const file = join(dir, 'alice.json');
      await writeFile(
        file,
        JSON.stringify({
          name: 'Alice on app',
          hosts: [{ host: 'localhost', port: cluster.port }],
          database: 'app',
          auth: { type: 'password', user: 'alice', savePassword: false },
          ssl: { sslmode: 'verify-full', rootCert: { path: certs.ca.certPath } },
        }),
      );
      const result = await pgconnect(['test', '--json', `@${file}`], { [PASSWORD_ENV]: ALICE_PASSWORD });
      expect(result.status).toBe(0);
      const [line] = jsonLines(result.stdout);
      expect(line).toMatchObject({ target: `@${file}`, ok: true, tls: { encrypted: true, verified: true } });
      expect(line!.server).toMatchObject({ user: 'alice', database: 'app', host: 'localhost', port: cluster.port });
    });

    it('reports an invalid profile as PROFILE_INVALID, naming the field', async () => {
      const file = join(dir, 'bad.json');
      await writeFile(file, JSON.stringify({ hosts: [{ host: 'localhost', port: 99999 }], auth: { type: 'password', user: 'alice', savePassword: false } }));
      const result = await pgconnect(['test', '--json', `@${file}`]);
      expect(result.status).toBe(1);
      const [line] = jsonLines(result.stdout);
      expect(line).toMatchObject({ ok: false, code: 'PROFILE_INVALID' });
      expect(JSON.stringify(line!.data)).toContain('hosts.0.port');
    });

    it('treats a missing file as a usage error (exit 2) before testing anything', async () => {
      const result = await pgconnect(['test', uri('alice', ALICE_PASSWORD), `@${join(dir, 'missing.json')}`]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('no such file');
    });
  });

  describe('through an SSH tunnel, from a profile file', () => {
    let sshd: Sshd;
    /** A home without ~/.ssh/known_hosts: only the profile's pin can vouch for the key. */
    let home: string;
    beforeAll(async () => {
      sshd = await startSshd();
      home = await makeTempDir('pgconnect-cli-home');
    });
    afterAll(async () => {
      await sshd?.stop();
      if (home) await removeTempDir(home);
    });

    /** A profile through `sshd`; `ssh` replaces the SSH settings' keys (auth, jumpHosts…). */
    const tunnelled = async (name: string, knownHostKey?: string, ssh: Record<string, unknown> = {}) => {
      const file = join(dir, `${name}.json`);
      await writeFile(
        file,
        JSON.stringify({
          name,
          hosts: [{ host: '127.0.0.1', port: cluster.port }],
          database: 'app',
          auth: { type: 'password', user: 'alice', savePassword: false },
          ssl: { sslmode: 'require' },
          ssh: {
            enabled: true,
            host: sshd.host,
            port: sshd.port,
            user: sshd.user.name,
            auth: { type: 'privateKey', key: { path: sshd.clientKeys.ed25519.privateKeyPath }, savePassphrase: false },
            ...(knownHostKey === undefined ? {} : { knownHostKey }),
            ...ssh,
          },
        }),
      );
      return `@${file}`;
    };

    it('connects with --json when the profile pins the SSH host key, and shows the ssh stage first', async () => {
      const target = await tunnelled('pinned', sshd.hostKeyFingerprints().ed25519);
      const result = await pgconnect(['test', '--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD, HOME: home });
      expect(result.status).toBe(0);
      const [line] = jsonLines(result.stdout);
      expect(line).toMatchObject({ ok: true, server: { user: 'alice', database: 'app' }, tls: { encrypted: true } });
      expect(line!.stages.map((s) => `${s.name}:${s.status}`)).toEqual(['ssh:ok', 'dns:skipped', 'tcp:skipped', 'tls:ok', 'auth:ok', 'ready:ok', 'facts:ok']);
      expect(line!.stages[0]).toMatchObject({ target: `${sshd.host}:${sshd.port}` });
      expect(line!.stages[0]!.detail).toContain('matches the pinned fingerprint');
      expect(result.stdout + result.stderr).not.toContain(ALICE_PASSWORD);
    });

    it('fails with SSH_HOST_KEY_UNKNOWN without a terminal, naming the fingerprint and how to pin it', async () => {
      const target = await tunnelled('unpinned');
      const mark = sshd.logs().length;
      const result = await pgconnect(['test', '--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD, HOME: home });
      expect(result.status).toBe(1);
      const [line] = jsonLines(result.stdout);
      const fingerprint = sshd.hostKeyFingerprints().ed25519;
      expect(line).toMatchObject({ ok: false, code: 'SSH_HOST_KEY_UNKNOWN' });
      expect(line!.message).toContain(fingerprint);
      expect(line!.hint).toContain(`"knownHostKey": "${fingerprint}"`);
      expect(line!.hint).toContain('known_hosts');
      // Refused before the user-auth service: sshd never saw a login attempt.
      expect(sshd.logs().slice(mark)).not.toMatch(/Accepted|Failed publickey/);

      const human = await pgconnect(['test', target], { [PASSWORD_ENV]: ALICE_PASSWORD, HOME: home });
      expect(human.stdout).toContain(fingerprint);
      expect(human.stdout).toMatch(/^ {2}Hint: {4}.*knownHostKey/m);
    });

    it('asks on the terminal about an unknown key, as ssh does, and connects when the user says yes', async () => {
      const target = await tunnelled('asked');
      const asked: string[] = [];
      const command = createTestCommand(() => ({
        env: { [PASSWORD_ENV]: ALICE_PASSWORD },
        prompt: undefined,
        hostKeyPrompt: async ({ fingerprint }) => {
          asked.push(fingerprint);
          return true;
        },
      }));
      let stdout = '';
      const io: CliIo = { readStdin: async () => Buffer.alloc(0), writeStdout: (chunk) => void (stdout += String(chunk)), writeStderr: () => undefined };
      // known_hosts is the test's empty one, not the home of whoever runs the tests.
      const before = process.env.HOME;
      process.env.HOME = home;
      try {
        expect(await command.run(['--json', target], io)).toBe(0);
      } finally {
        if (before === undefined) delete process.env.HOME;
        else process.env.HOME = before;
      }
      expect(asked).toEqual([sshd.hostKeyFingerprints().ed25519]);
      expect(jsonLines(stdout)[0]).toMatchObject({ ok: true, server: { user: 'alice' } });
    });

    describe('SSH secrets', () => {
      const PASSWORD_AUTH = { auth: { type: 'password', savePassword: false } };
      const encryptedKey = () => ({ auth: { type: 'privateKey', key: { path: sshd.encryptedClientKeys.ed25519.privateKeyPath }, savePassphrase: false } });
      const pin = () => sshd.hostKeyFingerprints().ed25519;
      const login = () => `${sshd.user.name}@${sshd.host}:${sshd.port}`;
      const passphrase = () => sshd.encryptedClientKeys.ed25519.passphrase!;
      /** The jump host is the same sshd, forwarding to itself: two real hops, each with its own login. */
      const jumpHost = (auth: Record<string, unknown>, knownHostKey?: string) => ({
        jumpHosts: [{ host: sshd.host, port: sshd.port, user: sshd.user.name, auth, ...(knownHostKey === undefined ? {} : { knownHostKey }) }],
      });
      const keyAuth = () => ({ type: 'privateKey', key: { path: sshd.clientKeys.ed25519.privateKeyPath }, savePassphrase: false });

      /** Runs the command in this process, with `answer` standing in for the person at the terminal. */
      async function inProcess(args: string[], env: NodeJS.ProcessEnv, answer: (question: string) => string | undefined, hostKeyPrompt?: () => Promise<boolean>) {
        const questions: string[] = [];
        let stdout = '';
        let stderr = '';
        const io: CliIo = { readStdin: async () => Buffer.alloc(0), writeStdout: (chunk) => void (stdout += String(chunk)), writeStderr: (text) => void (stderr += text) };
        const command = createTestCommand(() => ({
          env,
          hostKeyPrompt,
          prompt: async (question) => {
            questions.push(question);
            return answer(question);
          },
        }));
        const before = process.env.HOME;
        process.env.HOME = home;
        try {
          const status = await command.run(args, io);
          return { status, questions, lines: args.includes('--json') ? jsonLines(stdout) : [], stdout, stderr };
        } finally {
          if (before === undefined) delete process.env.HOME;
        else process.env.HOME = before;
        }
      }

      it('logs in with the SSH password from PGCONNECT_SSH_PASSWORD', async (ctx) => {
        // Password logins need the harness's real test account, which only root can set up.
        const password = sshd.user.password;
        if (password === undefined) return ctx.skip();
        const target = await tunnelled('ssh-password-env', pin(), PASSWORD_AUTH);
        const mark = sshd.logs().length;
        const result = await pgconnect(['test', '--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD, [SSH_PASSWORD_ENV]: password, HOME: home });
        expect(result.status).toBe(0);
        expect(jsonLines(result.stdout)[0]).toMatchObject({ ok: true, server: { user: 'alice' } });
        expect(sshd.logs().slice(mark)).toMatch(/Accepted password for /);
      });

      it('unlocks an encrypted private key with the passphrase from PGCONNECT_SSH_PASSPHRASE', async () => {
        const target = await tunnelled('ssh-passphrase-env', pin(), encryptedKey());
        const mark = sshd.logs().length;
        const result = await pgconnect(['test', '--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD, [SSH_PASSPHRASE_ENV]: passphrase(), HOME: home });
        expect(result.status).toBe(0);
        expect(jsonLines(result.stdout)[0]).toMatchObject({ ok: true, server: { user: 'alice' } });
        expect(sshd.logs().slice(mark)).toMatch(/Accepted publickey for /);
      });

      it('asks for the SSH password on the terminal when none is given, then connects', async (ctx) => {
        const password = sshd.user.password;
        if (password === undefined) return ctx.skip();
        const target = await tunnelled('ssh-password-prompt', pin(), PASSWORD_AUTH);
        const result = await inProcess(['--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD }, () => password);
        expect(result.questions).toEqual([`SSH password for ${login()}: `]);
        expect(result.status).toBe(0);
        expect(result.lines[0]).toMatchObject({ ok: true, server: { user: 'alice' } });
      });

      it('asks for the passphrase of an encrypted key on the terminal, naming the key, then connects', async () => {
        const target = await tunnelled('ssh-passphrase-prompt', pin(), encryptedKey());
        const result = await inProcess(['--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD }, passphrase);
        expect(result.questions).toEqual([`Passphrase for key ${sshd.encryptedClientKeys.ed25519.privateKeyPath}: `]);
        expect(result.status).toBe(0);
        expect(result.lines[0]).toMatchObject({ ok: true, server: { user: 'alice' } });
      });

      it('asks for the SSH secret and then the database password, each once, in the order they are needed', async () => {
        const target = await tunnelled('ssh-and-db-prompt', pin(), encryptedKey());
        const dbQuestion = `Password for alice@127.0.0.1:${cluster.port}: `;
        const result = await inProcess(['--json', target], {}, (question) => (question === dbQuestion ? ALICE_PASSWORD : passphrase()));
        expect(result.questions).toEqual([`Passphrase for key ${sshd.encryptedClientKeys.ed25519.privateKeyPath}: `, dbQuestion]);
        expect(result.lines[0]).toMatchObject({ ok: true, server: { user: 'alice' } });
      });

      it('asks only once: a wrong typed passphrase fails with SSH_KEY_PASSPHRASE_WRONG', async () => {
        const target = await tunnelled('ssh-passphrase-wrong', pin(), encryptedKey());
        const result = await inProcess(['--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD }, () => WRONG_SSH_PASSPHRASE);
        expect(result.questions).toHaveLength(1);
        expect(result.status).toBe(1);
        expect(result.lines[0]).toMatchObject({ ok: false, code: 'SSH_KEY_PASSPHRASE_WRONG' });
      });

      it('does not ask when PGCONNECT_SSH_PASSPHRASE is set, even when it is wrong', async () => {
        const target = await tunnelled('ssh-passphrase-env-wrong', pin(), encryptedKey());
        const result = await inProcess(['--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD, [SSH_PASSPHRASE_ENV]: WRONG_SSH_PASSPHRASE }, passphrase);
        expect(result.questions).toEqual([]);
        expect(result.lines[0]).toMatchObject({ ok: false, code: 'SSH_KEY_PASSPHRASE_WRONG' });
      });

      it('fails with SSH_PASSWORD_REQUIRED without a terminal, with a hint naming PGCONNECT_SSH_PASSWORD', async () => {
        const target = await tunnelled('ssh-password-none', pin(), PASSWORD_AUTH);
        const result = await pgconnect(['test', '--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD, HOME: home });
        expect(result.status).toBe(1);
        const [line] = jsonLines(result.stdout);
        expect(line).toMatchObject({ ok: false, code: 'SSH_PASSWORD_REQUIRED' });
        expect(line!.hint).toContain(SSH_PASSWORD_ENV);
        expect(line!.hint).toContain('terminal');
        expect(result.stderr).toBe('');

        const human = await pgconnect(['test', target], { [PASSWORD_ENV]: ALICE_PASSWORD, HOME: home });
        expect(human.stdout).toMatch(new RegExp(`^ {2}Hint: {4}.*${SSH_PASSWORD_ENV}`, 'm'));
      });

      it('fails with SSH_KEY_PASSPHRASE_REQUIRED without a terminal, with a hint naming PGCONNECT_SSH_PASSPHRASE', async () => {
        const target = await tunnelled('ssh-passphrase-none', pin(), encryptedKey());
        const result = await pgconnect(['test', '--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD, HOME: home });
        expect(result.status).toBe(1);
        const [line] = jsonLines(result.stdout);
        expect(line).toMatchObject({ ok: false, code: 'SSH_KEY_PASSPHRASE_REQUIRED' });
        expect(line!.hint).toContain(SSH_PASSPHRASE_ENV);
        expect(line!.hint).toContain('terminal');
      });

      it("asks for a jump host's password on the terminal, naming the hop, and never takes it from PGCONNECT_SSH_PASSWORD", async (ctx) => {
        const password = sshd.user.password;
        if (password === undefined) return ctx.skip();
        const target = await tunnelled('jump-password-prompt', pin(), { auth: keyAuth(), ...jumpHost(PASSWORD_AUTH.auth, pin()) });
        // Were the variable used for the jump host, this run would connect without asking.
        const result = await inProcess(['--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD, [SSH_PASSWORD_ENV]: password }, () => password);
        expect(result.questions).toEqual([`SSH password for ${login()} (jump host 1): `]);
        expect(result.lines[0]).toMatchObject({ ok: true, server: { user: 'alice' } });
        expect(result.lines[0]!.stages.filter((s) => s.name === 'ssh').map((s) => s.status)).toEqual(['ok', 'ok']);
      });

      it('fails on a jump host without a terminal with a hint that its secrets are asked for on the terminal only', async () => {
        const target = await tunnelled('jump-passphrase-none', pin(), { auth: keyAuth(), ...jumpHost(encryptedKey().auth, pin()) });
        const result = await pgconnect(['test', '--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD, [SSH_PASSPHRASE_ENV]: passphrase(), HOME: home });
        expect(result.status).toBe(1);
        const [line] = jsonLines(result.stdout);
        expect(line).toMatchObject({ ok: false, code: 'SSH_JUMP_HOST_FAILED', data: { hop: 0, reason: 'SSH_KEY_PASSPHRASE_REQUIRED' } });
        expect(line!.hint).toContain('Jump host 1');
        expect(line!.hint).toContain('terminal');
      });

      it('asks about a host key once per run, even when a typed SSH secret opens a new tunnel', async () => {
        // Attempt one trusts the jump host's key, then stops at the SSH host's encrypted key; attempt two goes
        // through a new tunnel with the typed passphrase and meets the same key on both hops.
        const target = await tunnelled('host-key-once', undefined, { ...encryptedKey(), ...jumpHost(keyAuth()) });
        let hostKeyQuestions = 0;
        const trust = async () => {
          hostKeyQuestions += 1;
          return true;
        };
        const result = await inProcess(['--json', target], { [PASSWORD_ENV]: ALICE_PASSWORD }, passphrase, trust);
        expect(result.questions).toEqual([`Passphrase for key ${sshd.encryptedClientKeys.ed25519.privateKeyPath}: `]);
        expect(hostKeyQuestions).toBe(1);
        expect(result.lines[0]).toMatchObject({ ok: true });
      });

      it('never prints an SSH password or passphrase from the environment: not in reports, JSON or verbose logs', async () => {
        const password = sshd.user.password;
        const canaries = [WRONG_SSH_PASSWORD, WRONG_SSH_PASSPHRASE, passphrase(), ...(password === undefined ? [] : [password])];
        const targets = [await tunnelled('canary-key', pin(), encryptedKey()), await tunnelled('canary-password', pin(), PASSWORD_AUTH)];
        // Each secret once right (it is used, and logged about) and once wrong (it ends up near an error).
        const envs = [
          { [SSH_PASSPHRASE_ENV]: passphrase(), [SSH_PASSWORD_ENV]: WRONG_SSH_PASSWORD },
          { [SSH_PASSPHRASE_ENV]: WRONG_SSH_PASSPHRASE, ...(password === undefined ? {} : { [SSH_PASSWORD_ENV]: password }) },
        ];
        for (const json of [['--json'], []]) {
          for (const env of envs) {
            const result = await pgconnect(['test', '--verbose', ...json, ...targets], { [PASSWORD_ENV]: ALICE_PASSWORD, HOME: home, ...env });
            expect(result.status).toBe(1);
            expect(result.stderr).not.toBe(''); // --verbose logged the attempts
            for (const secret of canaries) expect(result.stdout + result.stderr).not.toContain(secret);
          }
        }
      });

      it('never prints a typed SSH password or passphrase', async (ctx) => {
        const password = sshd.user.password;
        if (password === undefined) return ctx.skip();
        const targets = [await tunnelled('typed-key', pin(), encryptedKey()), await tunnelled('typed-password', pin(), PASSWORD_AUTH)];
        for (const json of [['--json'], []]) {
          const result = await inProcess(['--verbose', ...json, ...targets], { [PASSWORD_ENV]: ALICE_PASSWORD }, (question) =>
            question.startsWith('Passphrase') ? WRONG_SSH_PASSPHRASE : password,
          );
          expect(result.questions).toEqual([`Passphrase for key ${sshd.encryptedClientKeys.ed25519.privateKeyPath}: `, `SSH password for ${login()}: `]);
          expect(result.stdout).toContain('SSH_KEY_PASSPHRASE_WRONG');
          expect(result.stderr).not.toBe('');
          for (const secret of [WRONG_SSH_PASSPHRASE, password]) expect(result.stdout + result.stderr).not.toContain(secret);
        }
      });
    });
  });

  describe('cloud authentication', () => {
    it('reports ENTRA_NOT_CONFIGURED for an Entra profile when no client id is configured', async () => {
      const file = join(dir, 'entra.json');
      await writeFile(
        file,
        JSON.stringify({
          hosts: [{ host: 'demo.postgres.database.azure.com', port: 5432 }],
          database: 'app',
          auth: { type: 'entra', account: 'someone@example.com', tenant: 'example.com', user: 'someone@example.com' },
          ssl: { sslmode: 'verify-full', rootCert: 'system' },
        }),
      );
      const result = await pgconnect(['test', '--json', `@${file}`], { PGCONNECT_ENTRA_CLIENT_ID: '' });
      expect(result.status).toBe(1);
      expect(jsonLines(result.stdout)[0]).toMatchObject({ ok: false, code: 'ENTRA_NOT_CONFIGURED' });
    });
  });

  describe('the report for people', () => {
    it('lists the stages with ✓ and their times, the server and the summary', async () => {
      const result = await pgconnect(['test', uri('alice', ALICE_PASSWORD)]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^✓ postgresql:\/\/alice:\[redacted\]@127\.0\.0\.1:\d+\/app\?sslmode=require$/m);
      expect(result.stdout).toMatch(/^ {4}✓ auth +\d+ ms/m);
      expect(result.stdout).toContain(`Server:  PostgreSQL ${cluster.serverVersion} (primary) at 127.0.0.1:${cluster.port}`);
      expect(result.stdout).toContain('Session: user alice, database app');
    });

    it('shows the failed stage with ✗, the message and the hint', async () => {
      const result = await pgconnect(['test', uri('alice', WRONG_PASSWORD), uri('alice', ALICE_PASSWORD)]);
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^ {4}✗ auth +\d+ ms/m);
      expect(result.stdout).toMatch(/^ {2}Error: {3}Password authentication failed for alice\. \(PG_AUTH_FAILED\)$/m);
      expect(result.stdout).toMatch(/^ {2}Hint: {4}\S/m);
      expect(result.stdout).toContain('1 of 2 targets connected.');
    });
  });

  describe('usage', () => {
    it.each([[['test']], [['test', '--bogus', 'host=x']], [['test', '--sslmode', 'sometimes', 'host=x']], [['test', '--timeout', '-1', 'host=x']]])(
      'exits 2 for %j',
      async (args) => {
        const result = await pgconnect(args);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('Usage: pgconnect test');
      },
    );
  });

  describe('the password prompt', () => {
    /** Runs the command in memory with a prompt standing in for the terminal. */
    async function withPrompt(args: string[], answer: string | undefined) {
      const questions: string[] = [];
      let stdout = '';
      let stderr = '';
      const io: CliIo = {
        readStdin: async () => Buffer.alloc(0),
        writeStdout: (chunk) => void (stdout += String(chunk)),
        writeStderr: (text) => void (stderr += text),
      };
      const command = createTestCommand(() => ({
        env: {},
        hostKeyPrompt: undefined,
        prompt: async (question) => {
          questions.push(question);
          return answer;
        },
      }));
      const status = await command.run(args, io);
      return { status, questions, lines: jsonLines(stdout), stderr };
    }

    it('asks only when the server wants a password and none was given, then connects', async () => {
      const result = await withPrompt(['--json', uri('alice', undefined)], ALICE_PASSWORD);
      expect(result.questions).toEqual([`Password for alice@127.0.0.1:${cluster.port}: `]);
      expect(result.status).toBe(0);
      expect(result.lines[0]).toMatchObject({ ok: true, server: { user: 'alice' } });
    });

    it('does not ask when the server lets the user in without a password', async () => {
      const result = await withPrompt(['--json', `postgresql://trusty@127.0.0.1:${cluster.port}/app`], 'unused');
      expect(result.questions).toEqual([]);
      expect(result.status).toBe(0);
    });

    it('does not ask when the target carries a password', async () => {
      const result = await withPrompt(['--json', uri('alice', WRONG_PASSWORD)], ALICE_PASSWORD);
      expect(result.questions).toEqual([]);
      expect(result.lines[0]).toMatchObject({ ok: false, code: 'PG_AUTH_FAILED' });
    });

    it('reports PG_PASSWORD_REQUIRED when the prompt is left empty', async () => {
      const result = await withPrompt(['--json', uri('alice', undefined)], undefined);
      expect(result.questions).toHaveLength(1);
      expect(result.lines[0]).toMatchObject({ ok: false, code: 'PG_PASSWORD_REQUIRED' });
    });

    it('keeps a typed password out of the output', async () => {
      const result = await withPrompt(['--json', '--verbose', uri('alice', undefined, 'sslmode=require&dbname=nope')], WRONG_PASSWORD);
      expect(result.lines[0]).toMatchObject({ ok: false, code: 'PG_AUTH_FAILED' });
      expect(JSON.stringify(result.lines) + result.stderr).not.toContain(WRONG_PASSWORD);
    });
  });
});
