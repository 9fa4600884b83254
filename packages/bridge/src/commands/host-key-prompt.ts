/**
 * The SSH host key question of `pgconnect test`, asked on the terminal the way OpenSSH asks it: the host, the
 * key's type and SHA256 fingerprint, then "Are you sure you want to continue connecting (yes/no)?". Only "yes"
 * (or the fingerprint itself, typed or pasted) trusts the key, for this run only: nothing is written to
 * known_hosts. Without a terminal there is no one to ask, and an unknown key fails with SSH_HOST_KEY_UNKNOWN.
 */
import { createInterface } from 'node:readline/promises';
import type { HostKeyPrompt } from '../tunnel/host-key-policy.js';
import { keyTypeLabel } from '../tunnel/fingerprint.js';

/** `host` for port 22, `[host]:port` otherwise, as OpenSSH names hosts in known_hosts and in its question. */
export function sshHostLabel(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function terminalHostKeyPrompt(stdin: NodeJS.ReadStream = process.stdin, stderr: NodeJS.WriteStream = process.stderr): HostKeyPrompt | undefined {
  if (!stdin.isTTY) return undefined;
  return async ({ host, port, keyType, fingerprint, signal }) => {
    stderr.write(`The authenticity of host '${sshHostLabel(host, port)}' can't be established.\n${keyTypeLabel(keyType)} key fingerprint is ${fingerprint}.\n`);
    const terminal = createInterface({ input: stdin, output: stderr, terminal: true });
    try {
      let answer = await terminal.question('Are you sure you want to continue connecting (yes/no)? ', { signal });
      for (;;) {
        const typed = answer.trim();
        if (typed.toLowerCase() === 'yes' || typed === fingerprint) return true;
        if (typed.toLowerCase() === 'no') return false;
        answer = await terminal.question("Please type 'yes', 'no' or the fingerprint: ", { signal });
      }
    } finally {
      terminal.close();
    }
  };
}
