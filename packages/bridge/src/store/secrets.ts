import type { ConnectionProfile, SecretPresence, Secrets } from '@pgconnect/core';
import type { SecretStoreKind } from './secret-backend.js';
import { jumpHostSecretKind, SECRET_KINDS, type SecretKind } from './secret-binding.js';
import { accountFor, type SecretRecords } from './secret-records.js';

/**
 * Secrets the page sends to be saved, in the protocol's shape: jump-host secrets follow `ssh.jumpHosts` by index.
 * An empty string deletes the saved one.
 */
export type SecretInput = Secrets;

/** The kinds and values in `secrets`, for hops the profile has (a secret for a hop that is not there has no binding). */
export function secretEntries(profile: ConnectionProfile, secrets: SecretInput): [SecretKind, string][] {
  const entries: [SecretKind, string | undefined][] = [
    ['password', secrets.password],
    ['sslpassword', secrets.sslpassword],
    ['sshPassword', secrets.sshPassword],
    ['sshPassphrase', secrets.sshPassphrase],
  ];
  const hops = profile.ssh?.jumpHosts?.length ?? 0;
  for (const [hop, given] of (secrets.jumpHosts ?? []).slice(0, hops).entries()) {
    entries.push([jumpHostSecretKind(hop, 'password'), given.password], [jumpHostSecretKind(hop, 'passphrase'), given.passphrase]);
  }
  return entries.filter((entry): entry is [SecretKind, string] => entry[1] !== undefined);
}

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
      for (const [kind, value] of secretEntries(profile, secrets)) {
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
   * user, database, auth type or sslmode counts as absent, because it would not be used. `hasSshSecret` covers
   * the SSH host and every jump host.
   */
  async has(profile: ConnectionProfile): Promise<SecretPresence> {
    const usable = async (kind: SecretKind) => (await this.#records.lookup(profile, kind)).status === 'found';
    const hops = (profile.ssh?.jumpHosts ?? []).flatMap((_, hop) => [jumpHostSecretKind(hop, 'password'), jumpHostSecretKind(hop, 'passphrase')]);
    const [password, sslpassword, ...ssh] = await Promise.all((['password', 'sslpassword', 'sshPassword', 'sshPassphrase', ...hops] as const).map(usable));
    return { hasPassword: Boolean(password), hasSslPassword: Boolean(sslpassword), hasSshSecret: ssh.some(Boolean) };
  }
}
