/**
 * SSH host key identities: the key type named inside a public key blob, and its SHA256 fingerprint written
 * exactly as `ssh-keygen -lf` prints it (`SHA256:` + unpadded base64), so a fingerprint the user copies from
 * the server compares equal to the one the bridge shows.
 */
import { createHash } from 'node:crypto';

/** `SHA256:<43 base64 characters>` for a public key blob (the wire form ssh2 hands to `hostVerifier`). */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * The key type a blob declares in its first SSH string (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`).
 * An RSA key is `ssh-rsa` whichever signature algorithm (rsa-sha2-256/512) was negotiated.
 */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/**
 * A pinned fingerprint as the user may have typed it: surrounding space and base64 padding do not matter
 * (`ssh-keygen` prints none, other tools add `=`). Returns undefined for anything that is not SHA256.
 */
export function normalizeFingerprint(text: string): string | undefined {
  const match = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(text.trim());
  return match ? `SHA256:${match[1]}` : undefined;
}

/** How a key type reads to a person: `ED25519`, `ECDSA`, `RSA`, as `ssh-keygen -lf` labels them. */
export function keyTypeLabel(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519';
  if (keyType.startsWith('ecdsa-sha2-')) return 'ECDSA';
  if (keyType === 'ssh-rsa') return 'RSA';
  return keyType;
}
