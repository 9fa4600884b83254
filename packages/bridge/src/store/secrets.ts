import type { ConnectionProfile, SecretPresence } from '@pgconnect/core';
import type { SecretStoreKind } from './secret-backend.js';
import { SECRET_KINDS, type SecretKind } from './secret-binding.js';
import { accountFor, type SecretRecords } from './secret-records.js';

/** Secrets the page sends to be saved. An empty string deletes the saved one. */
export type SecretInput = Partial<Record<SecretKind, string>>;

/**
 * The page-facing side of the secret store, and all a protocol handler may hold: it saves, deletes and says
 * whether a usable secret exists. No method returns a secret — the bridge-internal `getSecretFor`
 * (`secret-access.ts`) is a separate module that is never wired to the protocol.
 */
export class SavedSecrets {
  readonly #records: SecretRecords;

  constructor(records: SecretRecords) {
    this.#records = records;
  }

  /** Where secrets are kept; shown to the user so the choice is never silent. */
  get kind(): SecretStoreKind {
    return this.#records.backend.kind;
  }

  get location(): string {
    return this.#records.backend.location;
  }

  /**
   * Saves the given secrets bound to the profile as it is now. All or nothing: if one write fails, the ones
   * already written are put back as they were.
   */
  async save(profile: ConnectionProfile, secrets: SecretInput): Promise<SecretPresence> {
    const done: { account: string; before: string | undefined }[] = [];
    try {
      for (const kind of SECRET_KINDS) {
        const value = secrets[kind];
        if (value === undefined) continue;
        const account = accountFor(profile.id, kind);
        done.push({ account, before: await this.#records.raw(account) });
        if (value === '') await this.#records.backend.delete(account);
        else await this.#records.write(profile, kind, value);
      }
    } catch (error) {
      for (const { account, before } of done.reverse()) await this.#records.restore(account, before).catch(() => undefined);
      throw error;
    }
    return this.has(profile);
  }

  async delete(profileId: string, kinds: readonly SecretKind[] = SECRET_KINDS): Promise<void> {
    for (const kind of kinds) await this.#records.backend.delete(accountFor(profileId, kind));
  }

  /**
   * Which secrets are saved and still apply to the profile as given. A secret saved for another host, port,
   * user, database, auth type or sslmode counts as absent, because it would not be used.
   */
  async has(profile: ConnectionProfile): Promise<SecretPresence> {
    const usable = async (kind: SecretKind) => (await this.#records.lookup(profile, kind)).status === 'found';
    const [password, sslpassword, sshPassword, sshPassphrase] = await Promise.all(SECRET_KINDS.map(usable));
    return { hasPassword: Boolean(password), hasSslPassword: Boolean(sslpassword), hasSshSecret: Boolean(sshPassword || sshPassphrase) };
  }
}
