/**
 * A real OpenSSH sshd on a random loopback port: its own config, host keys (ed25519, ecdsa, rsa) and
 * authorized_keys, one test account that logs in with a password or with generated client keys, and TCP
 * forwarding on, which is what the bridge's SSH tunnels use.
 *
 * As root, sshd runs the full privileged setup (PAM, privilege separation) and the test account is a real
 * unprivileged user with a password. Not root, sshd can only let the current user in, and only by key.
 */
import { randomBytes } from 'node:crypto';
import { chown, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureOsUser, isRoot, SSH_OS_USER, type OsUser } from './os-user.js';
import { freePort, hasIpv6Loopback } from './ports.js';
import { descendants, runChecked, ServerProcess, waitFor } from './process.js';
import { generateSshKey, SSH_KEY_TYPES, type SshKey, type SshKeyType } from './ssh-keys.js';
import { makeTempDir, removeTempDir } from './tmp.js';

export interface SshdOptions {
  /** sshd_config keywords that replace the harness's (e.g. `{ AllowTcpForwarding: 'no' }`). */
  config?: Record<string, string>;
}

export interface Sshd {
  /** 127.0.0.1. */
  readonly host: string;
  /** Every loopback address sshd listens on: 127.0.0.1, and ::1 when this machine has IPv6. */
  readonly hosts: readonly string[];
  readonly port: number;
  /** The account to log in to. `password` is undefined when not running as root (no password login then). */
  readonly user: { readonly name: string; readonly password: string | undefined };
  /** Authorized client keys without a passphrase. */
  readonly clientKeys: Readonly<Record<SshKeyType, SshKey>>;
  /** Authorized client keys encrypted with their `passphrase`. */
  readonly encryptedClientKeys: Readonly<Record<SshKeyType, SshKey>>;
  /** A key sshd does not accept. */
  readonly unauthorizedKey: SshKey;
  /** The current host keys (they change with restartWithNewHostKey()). */
  readonly hostKeys: Readonly<Record<SshKeyType, SshKey>>;
  /** SHA256 fingerprints of the current host keys, as `ssh-keygen -lf` prints them. */
  hostKeyFingerprints(): Record<SshKeyType, string>;
  /** A known_hosts line for the current host key of `keyType` (default ed25519), for `host` (default 127.0.0.1). */
  knownHostsLine(options?: { keyType?: SshKeyType; host?: string }): string;
  /** Stops sshd, generates new host keys and starts it again on the same port, for changed-host-key tests. */
  restartWithNewHostKey(): Promise<void>;
  /** Kills every per-connection sshd process, as a cut network would end the tunnels. Returns how many were killed. */
  cutConnections(): Promise<number>;
  /** sshd's log (`-e`, LogLevel VERBOSE) so far. */
  logs(): string;
  /** Ends every connection, stops sshd and removes its files. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  const user = await ensureOsUser(SSH_OS_USER);
  const password = isRoot ? await setTestPassword(user) : undefined;
  if (isRoot) await mkdir('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation dir
  const dir = await makeTempDir('sshd');
  // StrictModes checks every directory above authorized_keys up to the user's home: none may be writable by
  // others, which rules out anything under /tmp. So this one file lives in the test user's home.
  const keysParent = join(user.home, '.pgconnect-harness');
  await mkdir(keysParent, { recursive: true, mode: 0o700 });
  await chown(keysParent, user.uid, user.gid);
  const authDir = await makeTempDir('sshd-auth', { owner: user, parent: keysParent });
  try {
    const passphrase = randomBytes(9).toString('base64url');
    const [clientKeys, encryptedClientKeys, unauthorizedKey, hostKeys] = await Promise.all([
      keySet((type) => generateSshKey(dir, `client_${type}`, type)),
      keySet((type) => generateSshKey(dir, `client_${type}_encrypted`, type, passphrase)),
      generateSshKey(dir, 'unauthorized_ed25519', 'ed25519'),
      generateHostKeys(dir),
    ]);
    const authorizedKeys = join(authDir, 'authorized_keys');
    const lines = [...Object.values(clientKeys), ...Object.values(encryptedClientKeys)].map((key) => key.publicKey);
    await writeFile(authorizedKeys, `${lines.join('\n')}\n`, { mode: 0o600 });
    await chown(authorizedKeys, user.uid, user.gid);

    const hosts = (await hasIpv6Loopback()) ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
    const keys = { clientKeys, encryptedClientKeys, unauthorizedKey, hostKeys };
    const sshd = new RunningSshd({ dir, authDir, user, password, hosts, ...keys, overrides: options.config ?? {} });
    await sshd.start(await freePort());
    return sshd;
  } catch (error) {
    await Promise.all([removeTempDir(dir), removeTempDir(authDir)]);
    throw error;
  }
}

interface SshdSetup {
  dir: string;
  authDir: string;
  user: OsUser;
  password: string | undefined;
  hosts: string[];
  clientKeys: Record<SshKeyType, SshKey>;
  encryptedClientKeys: Record<SshKeyType, SshKey>;
  unauthorizedKey: SshKey;
  hostKeys: Record<SshKeyType, SshKey>;
  overrides: Record<string, string>;
}

class RunningSshd implements Sshd {
  readonly host = '127.0.0.1';
  readonly hosts: readonly string[];
  readonly user: { readonly name: string; readonly password: string | undefined };
  readonly clientKeys: Readonly<Record<SshKeyType, SshKey>>;
  readonly encryptedClientKeys: Readonly<Record<SshKeyType, SshKey>>;
  readonly unauthorizedKey: SshKey;
  #hostKeys: Record<SshKeyType, SshKey>;
  #port = 0;
  #server: ServerProcess | undefined;
  #stopped: Promise<void> | undefined;

  constructor(private readonly setup: SshdSetup) {
    this.hosts = setup.hosts;
    this.user = { name: setup.user.name, password: setup.password };
    this.clientKeys = setup.clientKeys;
    this.encryptedClientKeys = setup.encryptedClientKeys;
    this.unauthorizedKey = setup.unauthorizedKey;
    this.#hostKeys = setup.hostKeys;
  }

  get port(): number {
    return this.#port;
  }

  get hostKeys(): Readonly<Record<SshKeyType, SshKey>> {
    return this.#hostKeys;
  }

  hostKeyFingerprints(): Record<SshKeyType, string> {
    const { ed25519, ecdsa, rsa } = this.#hostKeys;
    return { ed25519: ed25519.fingerprint, ecdsa: ecdsa.fingerprint, rsa: rsa.fingerprint };
  }

  knownHostsLine(options: { keyType?: SshKeyType; host?: string } = {}): string {
    // Ports other than 22 are written [host]:port in known_hosts.
    return `[${options.host ?? this.host}]:${this.#port} ${this.#hostKeys[options.keyType ?? 'ed25519'].publicKey}`;
  }

  async start(port: number): Promise<void> {
    const config = join(this.setup.dir, 'sshd_config');
    await writeFile(config, this.#config(port));
    // sshd checks its own config first; a mistake there is clearer from -t than from a dead server.
    await runChecked('/usr/sbin/sshd', ['-t', '-f', config]);
    const server = new ServerProcess('/usr/sbin/sshd', ['-D', '-e', '-f', config], {}, 'TERM');
    this.#server = server;
    this.#port = port;
    await waitFor(() => sshBanner(port), {
      timeoutMs: 15_000,
      describe: () => `sshd on port ${port} did not start`,
      abort: () => server.exitReport(),
    });
  }

  async restartWithNewHostKey(): Promise<void> {
    await this.#stopServer();
    this.#hostKeys = await generateHostKeys(this.setup.dir);
    await this.start(this.#port);
  }

  async cutConnections(): Promise<number> {
    const pid = this.#server?.pid;
    if (pid === undefined) return 0;
    const children = await descendants(pid);
    for (const child of children) {
      try {
        process.kill(child, 'SIGKILL');
      } catch {
        // it ended on its own in the meantime
      }
    }
    return children.length;
  }

  logs(): string {
    return this.#server?.output() ?? '';
  }

  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      await this.#stopServer();
      await Promise.all([removeTempDir(this.setup.dir), removeTempDir(this.setup.authDir)]);
    })();
    return this.#stopped;
  }

  /** The listener does not end its sessions when it stops, so they are cut first. */
  async #stopServer(): Promise<void> {
    await this.cutConnections();
    await this.#server?.stop();
  }

  #config(port: number): string {
    const settings: Array<[string, string]> = [
      ['Port', String(port)],
      ...this.hosts.map((host): [string, string] => ['ListenAddress', host]),
      ...SSH_KEY_TYPES.map((type): [string, string] => ['HostKey', this.#hostKeys[type].privateKeyPath]),
      ['PidFile', 'none'],
      ['AuthorizedKeysFile', join(this.setup.authDir, 'authorized_keys')],
      ['StrictModes', 'yes'],
      ['AllowUsers', this.setup.user.name],
      ['PermitRootLogin', 'no'],
      ['PubkeyAuthentication', 'yes'],
      // Password and keyboard-interactive logins go through PAM (pam_unix), which only root can run.
      ['UsePAM', isRoot ? 'yes' : 'no'],
      ['PasswordAuthentication', isRoot ? 'yes' : 'no'],
      ['KbdInteractiveAuthentication', isRoot ? 'yes' : 'no'],
      ['AllowTcpForwarding', 'yes'],
      ['AllowAgentForwarding', 'no'],
      ['X11Forwarding', 'no'],
      ['PrintMotd', 'no'],
      // An agent offering every test key must not run out of tries before the right one.
      ['MaxAuthTries', '20'],
      ['MaxStartups', '100:30:200'],
      ['LogLevel', 'VERBOSE'],
    ];
    // sshd keeps the first value it reads for a keyword, so overrides go first.
    const lines = [...Object.entries(this.setup.overrides), ...settings].map(([keyword, value]) => `${keyword} ${value}`);
    return `# Written by the pgconnect test harness (test/harness/sshd.ts).\n${lines.join('\n')}\n`;
  }
}

async function keySet(make: (type: SshKeyType) => Promise<SshKey>): Promise<Record<SshKeyType, SshKey>> {
  const [ed25519, ecdsa, rsa] = await Promise.all([make('ed25519'), make('ecdsa'), make('rsa')]);
  return { ed25519, ecdsa, rsa };
}

let hostKeyGeneration = 0;

function generateHostKeys(dir: string): Promise<Record<SshKeyType, SshKey>> {
  const generation = ++hostKeyGeneration;
  return keySet((type) => generateSshKey(dir, `ssh_host_${type}_key_${generation}`, type));
}

/** Resolves once something on `port` speaks SSH. */
function sshBanner(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString('latin1').startsWith('SSH-2.0-') ? true : undefined);
    });
    socket.once('error', () => resolve(undefined));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(undefined);
    });
  });
}

/**
 * The test account's password. It is random, but one per machine rather than per sshd: parallel test workers
 * share the account, so the first one stores the password (root-only) and every sshd sets that same password.
 */
async function setTestPassword(user: OsUser): Promise<string> {
  const file = join(tmpdir(), `pgconnect-harness-${user.name}-password`);
  // Unique per call: two sshd started at once in one process must not share the draft.
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, randomBytes(18).toString('base64url'), { mode: 0o600 });
  await link(draft, file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await unlink(draft);
  const password = (await readFile(file, 'utf8')).trim();
  // chpasswd fails while another worker holds the /etc/shadow lock; the value is the same, so retrying is safe.
  await waitFor(() => runChecked('chpasswd', [], { input: `${user.name}:${password}\n` }).then(() => true), {
    timeoutMs: 10_000,
    intervalMs: 100,
    describe: () => `could not set the password of the OS user ${user.name}`,
  });
  return password;
}
