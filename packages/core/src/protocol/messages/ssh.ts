/**
 * Trust on first use for SSH host keys. When a tunnel meets a host key that neither known_hosts nor the
 * profile pins, the bridge pauses the connection and pushes `event.ssh.hostKey`; the page shows the
 * fingerprint and answers with `ssh.hostKey.confirm`. A changed key never prompts: it fails with
 * `SSH_HOST_KEY_CHANGED` (security.md T10).
 */
import * as z from 'zod/mini';
import { event, Fingerprint, Id, LIMITS, op, Port, text } from './common.js';

export const sshHostKeyEvent = event('event.ssh.hostKey', {
  promptId: Id,
  /** The request (`connection.test` or `connection.open`) that is waiting for the answer. */
  requestId: Id,
  host: text(LIMITS.host),
  port: Port,
  /** 0 is the first hop: the first jump host if there are any, else the SSH host. */
  hop: z.int().check(z.minimum(0), z.maximum(8)),
  keyType: text(64),
  fingerprint: Fingerprint,
});

/**
 * `trust: false` fails the waiting request with `SSH_HOST_KEY_REJECTED`. A trusted key is used for this
 * connection; the page pins it by saving the fingerprint in the profile (`ssh.knownHostKey`).
 */
export const sshHostKeyConfirm = op('ssh.hostKey.confirm', { promptId: Id, trust: z.boolean() }, {});
