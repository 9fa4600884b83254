import { withDefaultSsl } from '../internal/core.js';
import type { ConnectionProfile, ParseResult } from '../internal/core.js';

/**
 * String → fields: the draft a connection string the parser could read describes. Only a parsed string needs it,
 * so this module is loaded with the parser (`conninfo`), not with the dialog.
 *
 * The string's connection replaces the draft's, but the draft keeps its identity (id, name, scope, group, color,
 * environment), its "save password" choice and its SSH tunnel, which a string does not carry. `sslChosen` says the
 * user (or an earlier string) chose the SSL settings; a string that names sslmode or sslrootcert chooses them too.
 * Otherwise the SSL settings follow the hosts, as they do when the host is typed.
 */
export function draftFromString(draft: ConnectionProfile, result: Extract<ParseResult, { ok: true }>, sslChosen: boolean): { draft: ConnectionProfile; sslChosen: boolean } {
  const { profile } = result;
  const keepIdentity = { id: draft.id, name: draft.name, scope: draft.scope, groupId: draft.groupId, color: draft.color, environment: draft.environment };
  const auth = profile.auth.type === 'password' && draft.auth.type === 'password' ? { ...profile.auth, savePassword: draft.auth.savePassword } : profile.auth;
  const chosen = sslChosen || 'sslmode' in result.keywords || 'sslrootcert' in result.keywords;
  const ssl = chosen ? profile.ssl : withDefaultSsl(profile.ssl, profile.hosts);
  const next: ConnectionProfile = { ...profile, ...stripUndefined(keepIdentity), auth, ssl, mode: 'connectionString' } as ConnectionProfile;
  if (draft.ssh && !profile.ssh) next.ssh = draft.ssh;
  return { draft: next, sslChosen: chosen };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
