import type { ConnectionProfile, ProfileScope, RequestParams, ResultPayload, SshAuth, ValidationContext } from '@pgconnect/core';
import { defaultUserConfigDir } from './config-dirs.js';
import type { FileLockOptions } from './file-lock.js';
import { GroupStore } from './groups.js';
import { openSecretStore, type SecretStoreChoice, type SecretStoreStatus } from './open-secret-store.js';
import { ProfileStore } from './profiles.js';
import { RecentStore } from './recent.js';
import { SecretAccess } from './secret-access.js';
import type { SecretBackend } from './secret-backend.js';
import { JUMP_HOST_SECRET_KINDS, jumpHostSecretKind, MAX_JUMP_HOSTS, SECRET_KINDS, type SecretKind } from './secret-binding.js';
import { accountFor, parseAccount, SecretRecords } from './secret-records.js';
import { SavedSecrets, secretEntries, type SecretInput } from './secrets.js';
import { ScopedSettings } from './scoped-settings.js';

export interface StoresOptions {
  /** The user scope's directory; default `defaultUserConfigDir()`. */
  userDir?: string;
  /** The folder the host app names for workspace-scoped profiles; without it that scope is unavailable. */
  workspaceDir?: string;
  env?: NodeJS.ProcessEnv;
  maxRecentConnections?: number;
  /** `auto`, `keychain`, `encrypted-file`, or a host's own backend. */
  secretStore?: SecretStoreChoice | SecretBackend;
  keyFile?: string;
  secretFile?: string;
  keychainService?: string;
  /** Passed to core's `validateProfile` on every save (`bridge: 'server'` refuses file paths and the like). */
  validation?: ValidationContext;
  lock?: FileLockOptions;
}

/**
 * Everything a protocol handler needs for the `profiles.*`, `groups.*`, `recent.*` and `secrets.*` operations,
 * each a thin call. Nothing reachable from here returns a secret.
 */
export interface Stores {
  readonly profiles: ProfileStore;
  readonly groups: GroupStore;
  readonly recent: RecentStore;
  readonly secrets: SavedSecrets;
  readonly secretStore: SecretStoreStatus;
  /** `profiles.list`: the Saved Connections list, with which secrets are saved and still apply. */
  listProfiles(params?: RequestParams<'profiles.list'>): Promise<ResultPayload<'profiles.list'>>;
  /** `profiles.get`. */
  getProfile(params: RequestParams<'profiles.get'>): Promise<ResultPayload<'profiles.get'>>;
  /** `profiles.save`: the profile and its secrets together; if either fails, neither changes. */
  saveProfile(params: RequestParams<'profiles.save'>): Promise<ResultPayload<'profiles.save'>>;
  /** `profiles.delete`: the profile and every secret saved for it. */
  deleteProfile(params: RequestParams<'profiles.delete'>): Promise<ResultPayload<'profiles.delete'>>;
  /** `profiles.duplicate`. */
  duplicateProfile(params: RequestParams<'profiles.duplicate'>): Promise<ResultPayload<'profiles.duplicate'>>;
  /** `secrets.save` for a saved profile, bound to the profile as saved. */
  saveSecrets(params: RequestParams<'secrets.save'>): Promise<ResultPayload<'secrets.save'>>;
  /** `secrets.delete`. */
  deleteSecrets(params: RequestParams<'secrets.delete'>): Promise<ResultPayload<'secrets.delete'>>;
  /** `secrets.has`. */
  hasSecrets(params: RequestParams<'secrets.has'>): Promise<ResultPayload<'secrets.has'>>;
  /** Deletes saved secrets whose profile no longer exists in an open scope; returns how many. */
  pruneOrphanSecrets(): Promise<number>;
}

export interface OpenedStores {
  stores: Stores;
  /** Bridge-internal: for the connect engine only, never for a protocol handler. */
  secretAccess: SecretAccess;
  /**
   * Bridge-internal: the chosen secret backend, for other secrets the bridge keeps under its own accounts (the
   * Entra token cache). Optional so a host app's own stores may leave it out; then such secrets live in memory.
   */
  secretBackend?: SecretBackend;
}

export async function openStores(options: StoresOptions = {}): Promise<OpenedStores> {
  const env = options.env ?? process.env;
  const userDir = options.userDir ?? defaultUserConfigDir(env);
  const settings = new ScopedSettings({ userDir, workspaceDir: options.workspaceDir }, options.lock);
  const chosen =
    typeof options.secretStore === 'object'
      ? { backend: options.secretStore, status: { kind: options.secretStore.kind, location: options.secretStore.location } }
      : await openSecretStore({ choice: options.secretStore ?? 'auto', userDir, env, keyFile: options.keyFile, secretFile: options.secretFile, keychainService: options.keychainService });

  const ownerOf = (scope: ProfileScope): string => (scope === 'user' ? settings.user.path : (settings.workspace?.path ?? 'workspace'));
  const records = new SecretRecords(chosen.backend, ownerOf);
  const profiles = new ProfileStore(settings, options.validation);
  const secrets = new SavedSecrets(records);

  const stores: Stores = {
    profiles,
    groups: new GroupStore(settings),
    recent: new RecentStore(userDir, { ...options.lock, ...(options.maxRecentConnections === undefined ? {} : { maxRecentConnections: options.maxRecentConnections }) }),
    secrets,
    secretStore: chosen.status,

    async listProfiles(params = {}) {
      const all = await profiles.list();
      const wanted = params.scope === undefined ? all : all.filter((p) => p.scope === params.scope);
      return { profiles: await Promise.all(wanted.map(async (p) => ({ ...listItem(p), ...(await secrets.has(p)) }))) };
    },

    async getProfile({ profileId }) {
      const profile = await profiles.get(profileId);
      return { profile, secrets: await secrets.has(profile) };
    },

    async saveProfile({ profile, secrets: input = {} }) {
      const checked = profiles.check(profile);
      // Only what the profile's save… flags ask to keep is stored, hop by hop for jump hosts.
      const keeps = keptSecrets(checked);
      const wanted: SecretInput = {};
      if (keeps.password && input.password !== undefined) wanted.password = input.password;
      if (input.sslpassword !== undefined) wanted.sslpassword = input.sslpassword;
      if (keeps.sshPassword && input.sshPassword !== undefined) wanted.sshPassword = input.sshPassword;
      if (keeps.sshPassphrase && input.sshPassphrase !== undefined) wanted.sshPassphrase = input.sshPassphrase;
      const jumpHosts = keeps.jumpHosts.map((keep, hop) => {
        const given = input.jumpHosts?.[hop];
        return {
          ...(keep.password && given?.password !== undefined && { password: given.password }),
          ...(keep.passphrase && given?.passphrase !== undefined && { passphrase: given.passphrase }),
        };
      });
      if (jumpHosts.some((hop) => Object.keys(hop).length > 0)) wanted.jumpHosts = jumpHosts;
      // Secrets first: a keychain that refuses the write leaves the profile unsaved (security.md checklist 34).
      const accounts = secretEntries(checked, wanted).map(([kind]) => accountFor(checked.id, kind));
      const before = await Promise.all(accounts.map(async (account) => [account, await records.raw(account)] as const));
      await secrets.save(checked, wanted);
      let saved: ConnectionProfile;
      try {
        saved = await profiles.save(checked);
      } catch (error) {
        for (const [account, raw] of before) await records.restore(account, raw).catch(() => undefined);
        throw error;
      }
      // A secret the user chose not to keep any more (or of a hop that is gone) must not stay behind.
      const drop: SecretKind[] = [];
      if (!keeps.password) drop.push('password');
      if (!keeps.sshPassword) drop.push('sshPassword');
      if (!keeps.sshPassphrase) drop.push('sshPassphrase');
      for (let hop = 0; hop < MAX_JUMP_HOSTS; hop++) {
        if (!keeps.jumpHosts[hop]?.password) drop.push(jumpHostSecretKind(hop, 'password'));
        if (!keeps.jumpHosts[hop]?.passphrase) drop.push(jumpHostSecretKind(hop, 'passphrase'));
      }
      await secrets.delete(saved.id, drop);
      return { profile: saved, secrets: await secrets.has(saved) };
    },

    async deleteProfile({ profileId }) {
      // Profile first: a crash in between leaves an orphan secret that pruneOrphanSecrets removes, never a
      // profile that silently lost its password.
      await profiles.delete(profileId);
      await secrets.delete(profileId);
      return {};
    },

    async duplicateProfile({ profileId, name }) {
      const profile = await profiles.duplicate(profileId, name === undefined ? {} : { name });
      return { profile, secrets: await secrets.has(profile) };
    },

    async saveSecrets({ profileId, secrets: input }) {
      const profile = await profiles.get(profileId);
      return { secrets: await secrets.save(profile, input) };
    },

    async deleteSecrets({ profileId, kinds }) {
      const profile = await profiles.get(profileId);
      const chosen = kinds === undefined ? SECRET_KINDS : kinds.flatMap((k): readonly SecretKind[] => (k === 'ssh' ? ['sshPassword', 'sshPassphrase', ...JUMP_HOST_SECRET_KINDS] : [k]));
      await secrets.delete(profileId, chosen);
      return { secrets: await secrets.has(profile) };
    },

    async hasSecrets({ profileId }) {
      return { secrets: await secrets.has(await profiles.get(profileId)) };
    },

    async pruneOrphanSecrets() {
      const open = new Map((await settings.readAll()).map(({ scope, doc }) => [ownerOf(scope), new Set(doc.profiles.map((p) => p.id))]));
      let removed = 0;
      for (const account of await chosen.backend.accounts()) {
        const parsed = parseAccount(account);
        const record = parsed && (await records.readRecord(account));
        const ids = record && open.get(record.owner);
        if (parsed && ids && !ids.has(parsed.profileId)) {
          await chosen.backend.delete(account);
          removed++;
        }
      }
      return removed;
    },
  };
  return { stores, secretAccess: new SecretAccess(records), secretBackend: chosen.backend };
}

/** Which secrets the profile's save… flags ask to keep: the database password, the SSH host's, each jump host's. */
function keptSecrets(profile: ConnectionProfile) {
  const ssh = profile.ssh;
  const keeps = (auth: SshAuth | undefined) => ({
    password: auth?.type === 'password' && auth.savePassword,
    passphrase: auth?.type === 'privateKey' && auth.savePassphrase,
  });
  const sshHost = keeps(ssh?.auth);
  return {
    password: profile.auth.type === 'password' && profile.auth.savePassword,
    sshPassword: sshHost.password,
    sshPassphrase: sshHost.passphrase,
    jumpHosts: (ssh?.jumpHosts ?? []).map((hop) => keeps(hop.auth)),
  };
}

/** The Saved Connections card: enough to show and filter, without the whole profile. */
function listItem(p: ConnectionProfile): Omit<ResultPayload<'profiles.list'>['profiles'][number], 'hasPassword' | 'hasSshSecret' | 'hasSslPassword'> {
  const first = p.hosts[0];
  return {
    id: p.id,
    name: p.name,
    scope: p.scope,
    host: first?.host ?? '',
    authType: p.auth.type,
    ...(p.groupId === undefined ? {} : { groupId: p.groupId }),
    ...(p.color === undefined ? {} : { color: p.color }),
    ...(p.environment === undefined ? {} : { environment: p.environment }),
    ...(first?.port === undefined ? {} : { port: first.port }),
    ...(p.database === undefined ? {} : { database: p.database }),
    ...(p.auth.user === undefined ? {} : { user: p.auth.user }),
  };
}
