/**
 * The one authentication method the profile chose for a hop, as ssh2 `authHandler` entries. Only that method is
 * offered: ssh2's default order would try `none`, then every other credential it was given, and OpenSSH-style
 * "try the agent anyway" surprises users whose key is set (pgadmin4 #9814) and burns the server's MaxAuthTries.
 * Agent forwarding is never requested.
 *
 * A private key is parsed here before any connection is made, so a wrong passphrase or a key ssh2 cannot read
 * is reported as exactly that (SSH_KEY_PASSPHRASE_REQUIRED, SSH_KEY_PASSPHRASE_WRONG, SSH_KEY_INVALID) rather
 * than as a failed login; so is a password login with no password (SSH_PASSWORD_REQUIRED), which never dials.
 */
import { stat, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type AnyAuthMethod, type KeyboardInteractiveCallback, type Prompt } from 'ssh2';
import { BridgeError, type PemSource, type SshAuth } from '@pgconnect/core';
import { hopData, type HopContext } from './ssh-errors.js';

export interface HopSecrets {
  password?: string | undefined;
  passphrase?: string | undefined;
}

export interface AuthEnvironment {
  /** The agent socket used when the profile names none (the bridge's SSH_AUTH_SOCK). */
  agentSocket: string | undefined;
  /** Where `~` in a key path points. */
  homeDir: string;
}

export interface PreparedAuth {
  methods: AnyAuthMethod[];
  /** For the stage detail: "a password", "the private key ~/.ssh/id_ed25519", "the SSH agent". */
  describe: string;
}

export async function prepareAuth(auth: SshAuth, secrets: HopSecrets, at: HopContext, env: AuthEnvironment): Promise<PreparedAuth> {
  const username = at.user;
  switch (auth.type) {
    case 'password': {
      const password = secrets.password;
      if (password === undefined || password === '') {
        throw new BridgeError('SSH_PASSWORD_REQUIRED', { data: hopData(at) });
      }
      // Servers with PasswordAuthentication off but PAM on ask through keyboard-interactive instead.
      const answerPasswordPrompt = (_name: string, _instructions: string, _lang: string, prompts: Prompt[], finish: KeyboardInteractiveCallback) => {
        const [only] = prompts;
        const isPasswordPrompt = prompts.length === 1 && only !== undefined && only.echo !== true && /password/i.test(only.prompt);
        finish(isPasswordPrompt ? [password] : []);
      };
      return {
        methods: [
          { type: 'password', username, password },
          { type: 'keyboard-interactive', username, prompt: answerPasswordPrompt },
        ],
        describe: 'a password',
      };
    }
    case 'privateKey': {
      const text = await readKey(auth.key, at, env.homeDir);
      const passphrase = secrets.passphrase === '' ? undefined : secrets.passphrase;
      checkKey(text, passphrase, at);
      return {
        methods: [{ type: 'publickey', username, key: text, ...(passphrase !== undefined && { passphrase }) }],
        describe: 'path' in auth.key ? `the private key ${auth.key.path}` : 'the pasted private key',
      };
    }
    case 'agent': {
      const socket = auth.socket || env.agentSocket;
      if (!socket) throw new BridgeError('SSH_AGENT_UNAVAILABLE', { data: hopData(at, { reason: 'SSH_AUTH_SOCK is not set' }) });
      const isSocket = await stat(socket).then((s) => s.isSocket(), () => false);
      if (!isSocket) throw new BridgeError('SSH_AGENT_UNAVAILABLE', { data: hopData(at, { reason: 'no agent socket', path: socket }) });
      return { methods: [{ type: 'agent', username, agent: socket }], describe: 'the SSH agent' };
    }
  }
}

/** `~/` at the start of a path is the bridge user's home, as in OpenSSH's IdentityFile. */
export function expandTilde(path: string, homeDir: string = homedir()): string {
  if (path === '~') return homeDir;
  return path.startsWith('~/') ? join(homeDir, path.slice(2)) : path;
}

async function readKey(source: PemSource, at: HopContext, homeDir: string): Promise<string> {
  if ('pem' in source) return source.pem;
  const path = expandTilde(source.path, homeDir);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new BridgeError('SSH_KEY_INVALID', { data: hopData(at, { path, errno: (error as NodeJS.ErrnoException).code ?? 'unknown' }), cause: error });
  }
}

/** ssh2's own parser, run up front so its verdict gets the right code. Its messages never quote the key. */
function checkKey(text: string, passphrase: string | undefined, at: HopContext): void {
  const parsed = ssh2.utils.parseKey(text, passphrase);
  if (!(parsed instanceof Error)) {
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (key?.isPrivateKey()) return;
    throw new BridgeError('SSH_KEY_INVALID', { data: hopData(at, { reason: 'not a private key' }) });
  }
  if (/no passphrase given/i.test(parsed.message)) {
    throw new BridgeError('SSH_KEY_PASSPHRASE_REQUIRED', { data: hopData(at), cause: parsed });
  }
  if (/bad passphrase|bad decrypt/i.test(parsed.message)) {
    throw new BridgeError('SSH_KEY_PASSPHRASE_WRONG', { data: hopData(at), cause: parsed });
  }
  throw new BridgeError('SSH_KEY_INVALID', { data: hopData(at, { reason: parsed.message }), cause: parsed });
}
