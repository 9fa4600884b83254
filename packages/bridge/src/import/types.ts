import type { ConnectionProfile } from '@pgconnect/core';
import type { ServerGroup } from '../store/settings-schema.js';

export type ImportFormat = 'pgconnect' | 'pgadmin' | 'dbeaver' | 'vscode-pgsql' | 'pgpass' | 'pg_service';

export interface ImportWarning {
  message: string;
  /** The connection or service the warning is about, by its name in the source. */
  item?: string;
}

/**
 * What a source file holds, as pgconnect profiles and groups: the `import` operation's result. Nothing is
 * saved yet; the profiles have fresh ids and the groups they name are in `groups`. No secret is ever here:
 * passwords in a source are dropped with a warning.
 */
export interface ParsedImport {
  profiles: ConnectionProfile[];
  groups: ServerGroup[];
  warnings: ImportWarning[];
  /** Entries that could not become a profile, and why. */
  skipped: { item: string; reason: string }[];
}
