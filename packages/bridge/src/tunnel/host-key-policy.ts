/**
 * Whether to trust the host key an SSH server presents, before anything is sent to it. ssh2 calls
 * `hostVerifier` after key exchange and before the user-auth service starts, so a refusal here means the server
 * never sees a user name, let alone a password (security.md T10).
 *
 * The order matters. `@revoked` in known_hosts always wins. A key this tunnel already trusted (an earlier
 * connection of the same tunnel) must come back unchanged on reconnect — silently. Otherwise a pinned
 * fingerprint in the profile decides alone; without one, known_hosts does; and only a host that known_hosts
 * does not know at all goes to the user, whose explicit "trust" is required (trust on first use). A changed key
 * is never a question: it is a hard failure, and known_hosts is never written.
 */
import { BridgeError } from '@pgconnect/core';
import { keyTypeLabel, keyTypeOf, normalizeFingerprint, sshFingerprint } from './fingerprint.js';
import { lookupHostKey, type KnownHosts } from './known-hosts.js';
import { hopData, type HopContext } from './ssh-errors.js';

/** What the page is asked to confirm; the server adds promptId and requestId and sends `event.ssh.hostKey`. */
export interface HostKeyPromptRequest {
  /** 0 is the first hop: the first jump host if there are any, else the SSH host. */
  hop: number;
  host: string;
  port: number;
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`… */
  keyType: string;
  fingerprint: string;
  /** Aborted when nobody waits for the answer any more (the test was cancelled or the tunnel closed). */
  signal: AbortSignal;
}

/** Resolves `true` only when the user trusts the key. */
export type HostKeyPrompt = (request: HostKeyPromptRequest) => Promise<boolean>;

/** How a key came to be trusted, for the stage detail and the log. */
export type TrustSource = 'known_hosts' | 'pinned' | 'confirmed' | 'remembered';

export interface TrustedKey {
  key: Buffer;
  keyType: string;
  fingerprint: string;
  source: TrustSource;
  /** Where known_hosts vouched for it. */
  where?: string;
}

export interface HostKeyCheck {
  at: HopContext;
  /** The profile's `knownHostKey` for this hop. */
  pinned: string | undefined;
  knownHosts: KnownHosts;
  /** The key this tunnel trusted for this hop on an earlier connection. */
  remembered: Buffer | undefined;
  prompt: HostKeyPrompt | undefined;
  signal: AbortSignal;
}

/** Resolves with the trusted key, or rejects with the SSH_HOST_KEY_* (or BRIDGE_CANCELLED) error. */
export async function checkHostKey(presented: Buffer, check: HostKeyCheck): Promise<TrustedKey> {
  const { at } = check;
  const keyType = keyTypeOf(presented);
  const fingerprint = sshFingerprint(presented);
  const trusted = (source: TrustSource, where?: string): TrustedKey => ({ key: presented, keyType, fingerprint, source, ...(where && { where }) });
  const changed = (expected: string[], source: string, known: string[] = expected) =>
    new BridgeError('SSH_HOST_KEY_CHANGED', {
      data: hopData(at, {
        keyType: keyTypeLabel(keyType),
        expected: expected.join(', '),
        received: fingerprint,
        knownFingerprints: known,
        source,
      }),
    });

  const verdict = lookupHostKey(check.knownHosts, at.host, at.port, presented);
  if (verdict.kind === 'revoked') {
    throw new BridgeError('SSH_HOST_KEY_REVOKED', {
      data: hopData(at, { fingerprint, keyType: keyTypeLabel(keyType), where: `${verdict.entry.file}:${verdict.entry.line}` }),
    });
  }

  if (check.remembered) {
    if (check.remembered.equals(presented)) return trusted('remembered');
    throw changed([sshFingerprint(check.remembered)], 'this session');
  }

  if (check.pinned !== undefined) {
    const pin = normalizeFingerprint(check.pinned);
    // An unreadable pin must not fall through to known_hosts or a prompt: the user asked for this key only.
    if (pin === undefined) throw changed([check.pinned.trim()], 'profile');
    if (pin === fingerprint) return trusted('pinned');
    throw changed([pin], 'profile');
  }

  if (verdict.kind === 'match') return trusted('known_hosts', `${verdict.entry.file}:${verdict.entry.line}`);
  if (verdict.kind === 'changed') throw changed(verdict.expected, 'known_hosts', verdict.known);

  const unknown = new BridgeError('SSH_HOST_KEY_UNKNOWN', {
    data: hopData(at, { keyType: keyTypeLabel(keyType), fingerprint, certAuthorityLinesIgnored: verdict.certAuthorityLines }),
  });
  if (!check.prompt) throw unknown;
  let answer: boolean;
  try {
    answer = await check.prompt({ hop: at.hop, host: at.host, port: at.port, keyType, fingerprint, signal: check.signal });
  } catch (error) {
    if (check.signal.aborted) throw new BridgeError('BRIDGE_CANCELLED', { cause: error });
    // A question nobody answered in time is its own failure, with its own advice.
    if (error instanceof BridgeError && error.code === 'SSH_HOST_KEY_PROMPT_TIMEOUT') throw error;
    throw new BridgeError('SSH_HOST_KEY_REJECTED', { data: hopData(at, { fingerprint, reason: 'prompt failed' }), cause: error });
  }
  if (check.signal.aborted) throw new BridgeError('BRIDGE_CANCELLED');
  if (answer !== true) throw new BridgeError('SSH_HOST_KEY_REJECTED', { data: hopData(at, { fingerprint, keyType: keyTypeLabel(keyType), reason: 'refused' }) });
  return trusted('confirmed');
}
