import type { ConnectionProfile, ProfileScope } from '@pgconnect/core';
import type { SecretBackend } from './secret-backend.js';
import { secretBinding, type SecretKind } from './secret-binding.js';

/**
 * One saved secret as the backend stores it: the value with the binding it was saved under and the settings file
 * its profile lives in (so a cleanup pass can tell an orphan from a secret of a workspace that is not open).
 */
interface SecretRecord {
  v: 1;
  binding: string;
  owner: string;
  secret: string;
}

export type RecordLookup = { status: 'found'; secret: string } | { status: 'none' } | { status: 'not-applicable' };

export const accountFor = (profileId: string, kind: SecretKind): string => `${profileId}/${kind}`;

export function parseAccount(account: string): { profileId: string; kind: string } | undefined {
  const slash = account.lastIndexOf('/');
  return slash > 0 ? { profileId: account.slice(0, slash), kind: account.slice(slash + 1) } : undefined;
}

/** Reads and writes bound records. Shared by the page-facing `SavedSecrets` and the bridge-internal lookup. */
export class SecretRecords {
  constructor(
    readonly backend: SecretBackend,
    private readonly ownerOf: (scope: ProfileScope) => string,
  ) {}

  async write(profile: ConnectionProfile, kind: SecretKind, secret: string): Promise<void> {
    const record: SecretRecord = { v: 1, binding: secretBinding(profile, kind), owner: this.ownerOf(profile.scope), secret };
    await this.backend.set(accountFor(profile.id, kind), JSON.stringify(record));
  }

  async lookup(profile: ConnectionProfile, kind: SecretKind): Promise<RecordLookup> {
    const record = await this.readRecord(accountFor(profile.id, kind));
    if (!record) return { status: 'none' };
    return record.binding === secretBinding(profile, kind) ? { status: 'found', secret: record.secret } : { status: 'not-applicable' };
  }

  async readRecord(account: string): Promise<SecretRecord | undefined> {
    const raw = await this.backend.get(account);
    if (raw === undefined) return undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<SecretRecord>;
      if (parsed.v === 1 && typeof parsed.binding === 'string' && typeof parsed.secret === 'string') return parsed as SecretRecord;
    } catch {
      // Not ours (a foreign entry under our service name): treated as absent, never used as a password.
    }
    return undefined;
  }

  /** The raw stored value, for putting back exactly what was there when a multi-part save fails half-way. */
  raw(account: string): Promise<string | undefined> {
    return this.backend.get(account);
  }

  async restore(account: string, raw: string | undefined): Promise<void> {
    if (raw === undefined) await this.backend.delete(account);
    else await this.backend.set(account, raw);
  }
}
