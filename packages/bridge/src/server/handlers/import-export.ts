/**
 * `import` reads another tool's file (the page sends its text; the bridge opens no file) and returns what it
 * would create, saving nothing. `export` writes the chosen saved profiles; neither ever carries a secret.
 */
import type { RequestOf, ResultPayload } from '@pgconnect/core';
import { exportConnections } from '../../import/export.js';
import { importResult, readImport } from '../../import/read-import.js';
import type { SessionScope } from '../context.js';

export function importOp(_scope: SessionScope, msg: RequestOf<'import'>): ResultPayload<'import'> {
  return importResult(readImport(msg.format, msg.text));
}

export async function exportOp(scope: SessionScope, msg: RequestOf<'export'>): Promise<ResultPayload<'export'>> {
  const { stores } = await scope.bridge.stores();
  return exportConnections(stores, { format: msg.format, profileIds: msg.profileIds });
}
