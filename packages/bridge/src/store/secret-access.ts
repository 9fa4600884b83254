/**
 * BRIDGE-INTERNAL. The one place a saved secret is read back, for the connect engine to hand to pg or ssh2.
 * Never export this module from the package index or reach it from a protocol handler: the page may save,
 * delete and ask about secrets, never read them (security.md T13, checklist 33).
 */
import type { ConnectionProfile } from '@pgconnect/core';
import type { SecretKind } from './secret-binding.js';
import type { SecretRecords } from './secret-records.js';
import { SecretValue } from './secret-value.js';

export type SecretLookup =
  | { found: true; value: SecretValue }
  | { found: false; reason: 'NOT_SAVED' }
  /** Saved for different connection settings: not used, and the user must type it again (core code of the same meaning). */
  | { found: false; reason: 'SECRET_SAVED_NOT_APPLICABLE' };

export class SecretAccess {
  constructor(private readonly records: SecretRecords) {}

  /** The saved secret of this kind if it was saved for exactly this profile's target, else why not. */
  async getSecretFor(profile: ConnectionProfile, kind: SecretKind = 'password'): Promise<SecretLookup> {
    const hit = await this.records.lookup(profile, kind);
    if (hit.status === 'found') return { found: true, value: new SecretValue(hit.secret) };
    return { found: false, reason: hit.status === 'none' ? 'NOT_SAVED' : 'SECRET_SAVED_NOT_APPLICABLE' };
  }
}
