/**
 * `connection.open`, `connection.close` and `connection.list`: pooled connections the page (or a host app)
 * keeps open for `databases.list` and `query`. An open is a connection attempt like a test: it takes a connect
 * slot and counts against the connect rate.
 */
import type { RequestOf, ResultPayload } from '@pgconnect/core';
import type { SessionScope } from '../context.js';
import { resolveTarget } from '../target.js';

export async function openConnectionOp(scope: SessionScope, msg: RequestOf<'connection.open'>): Promise<ResultPayload<'connection.open'>> {
  const release = scope.claimConnectSlot();
  try {
    const target = await resolveTarget(scope.bridge, msg.profile, msg.secrets);
    const opened = await scope.connections.open(target, msg.id);
    await rememberRecent(scope, msg);
    return opened;
  } finally {
    release();
  }
}

export function closeConnectionOp(scope: SessionScope, msg: RequestOf<'connection.close'>): ResultPayload<'connection.close'> {
  scope.connections.close(msg.connectionId);
  return {};
}

export function listConnectionsOp(scope: SessionScope): ResultPayload<'connection.list'> {
  return { connections: scope.connections.list() };
}

/**
 * Recent connections are the ones actually opened (the VS Code extension's rule), saved or not. Failing to
 * record one must not fail the open that already worked.
 */
async function rememberRecent(scope: SessionScope, msg: RequestOf<'connection.open'>): Promise<void> {
  try {
    const { stores } = await scope.bridge.stores();
    await stores.recent.add(msg.profile);
  } catch (error) {
    scope.logger.debug('recent connection not recorded', { error });
  }
}
