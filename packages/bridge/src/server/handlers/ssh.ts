/**
 * `ssh.hostKey.confirm`: the page's answer to an `event.ssh.hostKey` question. Only `trust: true` lets the key
 * in, for the tunnel that asked; nothing is written to known_hosts (the page pins the key by saving its
 * fingerprint in the profile).
 */
import type { RequestOf, ResultPayload } from '@pgconnect/core';
import type { SessionScope } from '../context.js';

export function confirmHostKeyOp(scope: SessionScope, msg: RequestOf<'ssh.hostKey.confirm'>): ResultPayload<'ssh.hostKey.confirm'> {
  scope.connections.prompts.answer(msg.promptId, msg.trust);
  return {};
}
