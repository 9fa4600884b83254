/**
 * target_session_attrs: after logging in, ask the server what kind of session this is and keep it only if it
 * is the kind wanted. These are the checks libpq made before servers reported `in_hot_standby` (fe-connect.c
 * CONNECTION_CHECK_TARGET): `SHOW transaction_read_only` for read-write/read-only, `pg_is_in_recovery()` for
 * primary/standby. They work on every server version, and one round trip is cheap next to the login.
 */
import type pg from 'pg';
import type { TargetSessionAttrs } from '@pgconnect/core';

/** What one pass over the hosts accepts; prefer-standby is two passes, `standby` then `any`. */
export type SessionRequirement = Exclude<TargetSessionAttrs, 'prefer-standby'>;

export function passesFor(attrs: TargetSessionAttrs): SessionRequirement[] {
  return attrs === 'prefer-standby' ? ['standby', 'any'] : [attrs];
}

export interface SessionCheck {
  matches: boolean;
  /** "read-write session", "standby (in recovery)". */
  kind: string;
}

export async function checkSession(client: pg.Client, wanted: SessionRequirement): Promise<SessionCheck> {
  switch (wanted) {
    case 'any':
      return { matches: true, kind: 'any session accepted' };
    case 'read-write':
    case 'read-only': {
      const { rows } = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
      const readOnly = rows[0]?.transaction_read_only === 'on';
      return { matches: readOnly === (wanted === 'read-only'), kind: readOnly ? 'read-only session' : 'read-write session' };
    }
    case 'primary':
    case 'standby': {
      const { rows } = await client.query<{ in_recovery: boolean }>('SELECT pg_catalog.pg_is_in_recovery() AS in_recovery');
      const standby = rows[0]?.in_recovery === true;
      return { matches: standby === (wanted === 'standby'), kind: standby ? 'standby (in recovery)' : 'primary (not in recovery)' };
    }
  }
}
