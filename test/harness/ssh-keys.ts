/**
 * SSH key pairs made with `ssh-keygen`, in OpenSSH's own formats, as sshd and the ssh client use them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from './process.js';

export type SshKeyType = 'ed25519' | 'ecdsa' | 'rsa';
export const SSH_KEY_TYPES: readonly SshKeyType[] = ['ed25519', 'ecdsa', 'rsa'];

export interface SshKey {
  type: SshKeyType;
  privateKeyPath: string;
  publicKeyPath: string;
  /** The private key file's text (OpenSSH format; encrypted with `passphrase` when there is one). */
  privateKey: string;
  /** The public key line without its comment: `ssh-ed25519 AAAA…`. */
  publicKey: string;
  /** `SHA256:…`, exactly as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  passphrase?: string;
}

/** Generates `<dir>/<name>` and `<dir>/<name>.pub` (the private key 0600, as ssh-keygen writes it). */
export async function generateSshKey(dir: string, name: string, type: SshKeyType, passphrase?: string): Promise<SshKey> {
  const privateKeyPath = join(dir, name);
  await runChecked('ssh-keygen', ['-q', '-t', type, '-N', passphrase ?? '', '-C', `pgconnect-harness-${name}`, '-f', privateKeyPath]);
  return loadSshKey(type, privateKeyPath, passphrase);
}

export async function loadSshKey(type: SshKeyType, privateKeyPath: string, passphrase?: string): Promise<SshKey> {
  const publicKeyPath = `${privateKeyPath}.pub`;
  const [privateKey, publicLine, fingerprint] = await Promise.all([
    readFile(privateKeyPath, 'utf8'),
    readFile(publicKeyPath, 'utf8'),
    sshFingerprint(publicKeyPath),
  ]);
  const publicKey = publicLine.trim().split(/\s+/).slice(0, 2).join(' ');
  return { type, privateKeyPath, publicKeyPath, privateKey, publicKey, fingerprint, ...(passphrase !== undefined && { passphrase }) };
}

/** The SHA256 fingerprint of a public key file, as `ssh-keygen -lf` prints it ("SHA256:…"). */
export async function sshFingerprint(publicKeyPath: string): Promise<string> {
  const line = await runChecked('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyPath]);
  const fingerprint = line.split(/\s+/)[1];
  if (!fingerprint?.startsWith('SHA256:')) throw new Error(`unexpected ssh-keygen -lf output for ${publicKeyPath}: ${line}`);
  return fingerprint;
}
