/**
 * `import` reads another tool's file (the page sends its text; the bridge opens no file) and returns what it
 * would create, saving nothing; `import.apply` saves it and reports what became of each entry. `export` writes
 * the chosen saved profiles. None of them ever carries a secret.
 */
import type { RequestOf, ResultPayload } from '@pgconnect/core';
import { applyImport } from '../../import/apply-import.js';
import { exportConnections } from '../../import/export.js';
import { importResult, readImport } from '../../import/read-import.js';
import type { SessionScope } from '../context.js';

export function importOp(_scope: SessionScope, msg: RequestOf<'import'>): ResultPayload<'import'> {
  return importResult(readImport(msg.format, msg.text));
}

export async function importApplyOp(scope: SessionScope, msg: RequestOf<'import.apply'>): Promise<ResultPayload<'import.apply'>> {
  const parsed = readImport(msg.format, msg.text);
  const { stores } = await scope.bridge.stores();
  const report = await applyImport(stores, parsed, msg.scope === undefined ? {} : { scope: msg.scope });
  return {
    imported: report.imported,
    merged: report.merged,
    skipped: report.skipped,
    groupsCreated: report.groupsCreated,
    warnings: report.warnings.map(({ message, item }) => ({ message, ...(item === undefined ? {} : { item }) })),
  };
}

export async function exportOp(scope: SessionScope, msg: RequestOf<'export'>): Promise<ResultPayload<'export'>> {
  const { stores } = await scope.bridge.stores();
  return exportConnections(stores, { format: msg.format, profileIds: msg.profileIds });
}
