/**
 * `env.check`: whether a `USER_DEFINED_*` variable is set for the bridge and holds a connection string. The
 * prefix rule (Neosync's) keeps the check from probing the bridge's other variables, and the value is never
 * echoed — not in the result, not in an error.
 */
import { BridgeError, parseConnectionString, type RequestOf, type ResultPayload } from '@pgconnect/core';
import type { SessionScope } from '../context.js';
import { USER_DEFINED_PREFIX } from '../target.js';

export function envCheckOp(scope: SessionScope, msg: RequestOf<'env.check'>): ResultPayload<'env.check'> {
  if (!msg.name.startsWith(USER_DEFINED_PREFIX)) throw new BridgeError('ENV_NOT_ALLOWED', { data: { name: msg.name } });
  const { env } = scope.bridge;
  const value = Object.hasOwn(env, msg.name) ? env[msg.name] : undefined;
  if (value === undefined || value === '') return { defined: false, parses: false };
  // It may hold a password: should it ever reach a log line, it is redacted.
  scope.logger.redactor.add(value);
  return { defined: true, parses: parseConnectionString(value).ok };
}
