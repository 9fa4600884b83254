import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { Client, type ConnectConfig } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, run, SSH_KEY_TYPES, startSshAgent, startSshd, type RunResult, type Sshd } from './index.js';

const asRoot = process.getuid?.() === 0;

/** Opens an ssh2 connection; resolves with the client once authenticated, or rejects with ssh2's error. */
function ssh2Connect(config: ConnectConfig, prepare?: (client: Client) => void): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    prepare?.(client);
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({ readyTimeout: 15_000, ...config });
  });
}

function exec(client: Client, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, stream) => {
      if (error) return reject(error);
      let out = '';
      stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
      stream.stderr.resume();
      stream.once('close', () => resolve(out));
    });
  });
}

describe('startSshd', () => {
  let sshd: Sshd;
  let clientDir: string;
  let echo: Server;
  const knownHosts = () => join(clientDir, 'known_hosts');
  /** An ssh2 login as the test user; `auth` says how. */
  const login = (auth: ConnectConfig, prepare?: (client: Client) => void) =>
    ssh2Connect({ host: sshd.host, port: sshd.port, username: sshd.user.name, ...auth }, prepare);

  /** The system OpenSSH client, non-interactive, trusting only `knownHosts()`. */
  const ssh = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> =>
    run('ssh', [
      '-F', '/dev/null',
      '-o', 'BatchMode=yes',
      '-o', 'StrictHostKeyChecking=yes',
      '-o', `UserKnownHostsFile=${knownHosts()}`,
      '-o', 'GlobalKnownHostsFile=/dev/null',
      '-o', 'ConnectTimeout=10',
      '-p', String(sshd.port),
      ...args,
      `${sshd.user.name}@127.0.0.1`,
      'echo logged-in',
    ], { env: { ...process.env, SSH_AUTH_SOCK: '', ...env } });

  beforeAll(async () => {
    [sshd, clientDir] = await Promise.all([startSshd(), makeTempDir('ssh-client')]);
    await writeFile(knownHosts(), `${sshd.knownHostsLine()}\n`);
    echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    echo?.close();
    await sshd?.stop();
    if (clientDir) await removeTempDir(clientDir);
  });

  it.runIf(asRoot)('accepts the test user with its password', async () => {
    const client = await login({ password: sshd.user.password as string });
    expect(await exec(client, 'id -un')).toBe(`${sshd.user.name}\n`);
    client.end();
  });

  it.runIf(asRoot)('accepts the password through keyboard-interactive', async () => {
    const answer = (client: Client) =>
      client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => sshd.user.password as string)));
    const client = await login({ tryKeyboard: true, authHandler: ['keyboard-interactive'] }, answer);
    expect(await exec(client, 'id -un')).toBe(`${sshd.user.name}\n`);
    client.end();
  });

  it.runIf(asRoot)('rejects a wrong password', async () => {
    const attempt = login({ password: 'wrong' });
    await expect(attempt).rejects.toMatchObject({ level: 'client-authentication' });
  });

  it('accepts each type of client key, with the system ssh client checking known_hosts strictly', async () => {
    for (const type of SSH_KEY_TYPES) {
      const result = await ssh(['-o', 'IdentitiesOnly=yes', '-i', sshd.clientKeys[type].privateKeyPath]);
      expect(result, `${type} key`).toMatchObject({ code: 0, stdout: 'logged-in\n' });
    }
  });

  it('accepts a passphrase-protected key given its passphrase', async () => {
    const key = sshd.encryptedClientKeys.ed25519;
    const client = await login({ privateKey: key.privateKey, passphrase: key.passphrase as string });
    expect(await exec(client, 'echo ok')).toBe('ok\n');
    client.end();
  });

  it('refuses a key that is not authorized', async () => {
    const result = await ssh(['-o', 'IdentitiesOnly=yes', '-i', sshd.unauthorizedKey.privateKeyPath]);
    expect(result.code).toBe(255);
    expect(result.stderr).toContain('Permission denied');
  });

  it('logs in with a key held by ssh-agent', async () => {
    const agent = await startSshAgent([sshd.encryptedClientKeys.rsa]);
    try {
      expect(await agent.fingerprints()).toEqual([sshd.encryptedClientKeys.rsa.fingerprint]);
      expect(await ssh([], agent.env)).toMatchObject({ code: 0, stdout: 'logged-in\n' });
    } finally {
      await agent.stop();
    }
  });

  it('reports the host key fingerprints a client sees, for each key type', async () => {
    const algorithms = { ed25519: 'ssh-ed25519', ecdsa: 'ecdsa-sha2-nistp256', rsa: 'rsa-sha2-256' } as const;
    for (const type of SSH_KEY_TYPES) {
      let seen = '';
      const client = await login({
        privateKey: sshd.clientKeys.ed25519.privateKey,
        algorithms: { serverHostKey: [algorithms[type]] },
        hostVerifier: (key: Buffer) => {
          seen = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
          return true;
        },
      });
      client.end();
      expect(seen, type).toBe(sshd.hostKeyFingerprints()[type]);
    }
  });

  it('forwards TCP connections to loopback', async () => {
    const client = await login({ privateKey: sshd.clientKeys.ed25519.privateKey });
    const { port } = echo.address() as AddressInfo;
    const reply = await new Promise<string>((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (error, channel) => {
        if (error) return reject(error);
        channel.once('data', (data: Buffer) => resolve(data.toString()));
        channel.write('ping');
      });
    });
    expect(reply).toBe('ping');
    client.end();
  });

  it('cuts open connections on demand', async () => {
    const client = await login({ privateKey: sshd.clientKeys.ed25519.privateKey });
    client.on('error', () => {}); // the cut may surface as ECONNRESET
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    expect(await sshd.cutConnections()).toBeGreaterThan(0);
    await closed;
  });

  it('restarts on the same port with a new host key, which a strict client refuses', async () => {
    const before = sshd.hostKeyFingerprints();
    const port = sshd.port;
    await sshd.restartWithNewHostKey();
    expect(sshd.port).toBe(port);
    expect(sshd.hostKeyFingerprints().ed25519).not.toBe(before.ed25519);
    const withKey = ['-o', 'IdentitiesOnly=yes', '-i', sshd.clientKeys.ed25519.privateKeyPath];
    const refused = await ssh(withKey);
    expect(refused.code).toBe(255);
    expect(refused.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    await writeFile(knownHosts(), `${sshd.knownHostsLine()}\n`);
    expect(await ssh(withKey)).toMatchObject({ code: 0 });
  });
});
