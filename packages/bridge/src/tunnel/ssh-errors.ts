/**
 * ssh2's errors become pgconnect codes here, once. ssh2 tags its errors with a `level` (`client-socket`,
 * `client-timeout`, `client-authentication`, `handshake`, `protocol`) and passes Node's socket errors through
 * with their `code`; neither ever carries a password or passphrase, but the original is kept only as `cause`,
 * which is never serialised. Failing to reach the SSH server is SSH_CONNECT_FAILED, never a NET_* code: those
 * codes' hints and focus fields are about the database's host and port. The SSH host and port fill the message
 * templates, so "could not connect to the SSH server … on port 22" names the SSH server, not the database.
 */
import { BridgeError, codeFromNodeError, type ErrorCode, type ErrorData } from '@pgconnect/core';

/** Which hop an error belongs to, for the message templates and for the page to point at the right fields. */
export interface HopContext {
  hop: number;
  host: string;
  port: number;
  user: string;
}

/** Host-key verdicts and cancellation keep their own code even when they happen on a jump host. */
const KEEP_ON_JUMP_HOSTS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SSH_HOST_KEY_UNKNOWN',
  'SSH_HOST_KEY_CHANGED',
  'SSH_HOST_KEY_REJECTED',
  'SSH_HOST_KEY_PROMPT_TIMEOUT',
  'SSH_HOST_KEY_REVOKED',
  'SSH_KNOWN_HOSTS_UNREADABLE',
  'BRIDGE_CANCELLED',
  // Already names the jump host that failed (an earlier hop that could not forward to this one).
  'SSH_JUMP_HOST_FAILED',
]);

/** Why the SSH server could not be reached, in the words SSH_CONNECT_FAILED's message ends with. */
const CONNECT_FAILURES: Partial<Record<ErrorCode, string>> = {
  NET_REFUSED: 'the connection was refused',
  NET_UNREACHABLE: 'there is no network route to it',
  NET_DNS_UNKNOWN_HOST: 'its name could not be found',
  NET_DNS_FAILED: 'the DNS server did not answer',
};

export function hopData(at: HopContext, extra: ErrorData = {}): ErrorData {
  return { host: at.host, port: at.port, user: at.user, hop: at.hop, ...extra };
}

export function translateSshError(error: unknown, at: HopContext): BridgeError {
  if (error instanceof BridgeError) return error;
  const level = (error as { level?: unknown }).level;
  const message = error instanceof Error ? error.message : String(error);
  const nodeCode = (error as { code?: unknown }).code;

  if (level === 'client-authentication') return new BridgeError('SSH_AUTH_FAILED', { data: hopData(at), cause: error });
  if (level === 'client-timeout') {
    // ssh2 says "Keepalive timeout" when the server stopped answering an established session.
    const code = /keepalive/i.test(message) ? 'SSH_DISCONNECTED' : 'SSH_TIMEOUT';
    return new BridgeError(code, { data: hopData(at, { reason: message }), cause: error });
  }
  if (typeof nodeCode === 'string') {
    // ETIMEDOUT is the OS giving up on the TCP connect to the SSH server: that is this table's SSH_TIMEOUT.
    if (nodeCode === 'ETIMEDOUT') return new BridgeError('SSH_TIMEOUT', { data: hopData(at, { errno: nodeCode }), cause: error });
    const mapped = codeFromNodeError(nodeCode);
    if (mapped === 'NET_RESET') return new BridgeError('SSH_DISCONNECTED', { data: hopData(at, { errno: nodeCode }), cause: error });
    // The NET_* codes' messages and hints are about PostgreSQL's host and port; this is the SSH server's.
    const words = mapped && CONNECT_FAILURES[mapped];
    if (mapped && words) return new BridgeError('SSH_CONNECT_FAILED', { data: hopData(at, { reason: mapped, detail: words, errno: nodeCode }), cause: error });
  }
  if (level === 'handshake') {
    // "Handshake failed: no matching key exchange algorithm" and its kin: nothing secret, and the whole story.
    return new BridgeError('SSH_HANDSHAKE_FAILED', { data: hopData(at, { reason: message, detail: message.replace(/^handshake failed:\s*/i, '') }), cause: error });
  }
  // Protocol failures (a server that is not SSH, a disconnect message): ssh2's text is a protocol description
  // with nothing secret in it, and it is the only explanation there is.
  return new BridgeError('SSH_DISCONNECTED', { data: hopData(at, { reason: message }), cause: error });
}

/**
 * A failure on a jump host (anything but the last hop) reads "the jump host X could not be passed", with the
 * underlying code in `reason`. Host-key verdicts stay as they are: the page shows their fingerprints and asks
 * the user, whichever hop they belong to.
 */
export function asJumpHostFailure(error: BridgeError, at: HopContext): BridgeError {
  if (KEEP_ON_JUMP_HOSTS.has(error.code)) return error;
  return new BridgeError('SSH_JUMP_HOST_FAILED', {
    data: { ...hopData(at), reason: error.code, detail: error.message },
    cause: error,
  });
}
