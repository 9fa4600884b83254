/**
 * `profiles.*`, `groups.*`, `recent.*` and `secrets.*`: thin calls into the stores. Secrets only go in
 * (`save`), out of existence (`delete`) or are asked about (`has`): no operation here can return one.
 */
import type { RequestOf, ResultPayload, Secrets } from '@pgconnect/core';
import type { SessionScope } from '../context.js';
import { checkProfile } from '../target.js';

async function stores(scope: SessionScope) {
  return (await scope.bridge.stores()).stores;
}

function registerSecrets(scope: SessionScope, secrets: Secrets | undefined): void {
  for (const value of [secrets?.password, secrets?.sslpassword, secrets?.sshPassword, secrets?.sshPassphrase]) scope.logger.redactor.add(value);
  for (const hop of secrets?.jumpHosts ?? []) {
    scope.logger.redactor.add(hop.password);
    scope.logger.redactor.add(hop.passphrase);
  }
}

export async function listProfilesOp(scope: SessionScope, msg: RequestOf<'profiles.list'>): Promise<ResultPayload<'profiles.list'>> {
  return (await stores(scope)).listProfiles(msg.scope === undefined ? {} : { scope: msg.scope });
}

export async function getProfileOp(scope: SessionScope, msg: RequestOf<'profiles.get'>): Promise<ResultPayload<'profiles.get'>> {
  return (await stores(scope)).getProfile({ profileId: msg.profileId });
}

export async function saveProfileOp(scope: SessionScope, msg: RequestOf<'profiles.save'>): Promise<ResultPayload<'profiles.save'>> {
  registerSecrets(scope, msg.secrets);
  // The bridge's own check first, so a server-mode refusal reads as "not allowed here", not "invalid".
  checkProfile(scope.bridge, msg.profile);
  return (await stores(scope)).saveProfile({ profile: msg.profile, ...(msg.secrets === undefined ? {} : { secrets: msg.secrets }) });
}

export async function deleteProfileOp(scope: SessionScope, msg: RequestOf<'profiles.delete'>): Promise<ResultPayload<'profiles.delete'>> {
  return (await stores(scope)).deleteProfile({ profileId: msg.profileId });
}

export async function duplicateProfileOp(scope: SessionScope, msg: RequestOf<'profiles.duplicate'>): Promise<ResultPayload<'profiles.duplicate'>> {
  return (await stores(scope)).duplicateProfile({ profileId: msg.profileId, ...(msg.name === undefined ? {} : { name: msg.name }) });
}

/**
 * The built-in default group is not listed: the page shows connections without a group (or in the default one)
 * under its own "Default" heading, and listing it too showed two default groups, one of them editable.
 */
export async function listGroupsOp(scope: SessionScope): Promise<ResultPayload<'groups.list'>> {
  const listed = await (await stores(scope)).groups.listWithScope();
  return { groups: listed.filter((g) => !g.builtIn).map(({ builtIn: _builtIn, ...group }) => group) };
}

/** A new group goes to the scope the page names (default user); an existing one stays where it is stored. */
export async function saveGroupOp(scope: SessionScope, msg: RequestOf<'groups.save'>): Promise<ResultPayload<'groups.save'>> {
  const { groups } = await stores(scope);
  const { scope: wanted, ...group } = msg.group;
  const saved = await groups.save(group, wanted ?? 'user');
  const stored = (await groups.listWithScope()).find((g) => g.id === saved.id);
  return { group: { ...saved, scope: stored?.scope ?? wanted ?? 'user' } };
}

export async function deleteGroupOp(scope: SessionScope, msg: RequestOf<'groups.delete'>): Promise<ResultPayload<'groups.delete'>> {
  const { moved } = await (await stores(scope)).groups.remove(msg.groupId);
  return { movedProfiles: moved.length };
}

export async function listRecentOp(scope: SessionScope): Promise<ResultPayload<'recent.list'>> {
  return { entries: await (await stores(scope)).recent.list() };
}

export async function removeRecentOp(scope: SessionScope, msg: RequestOf<'recent.remove'>): Promise<ResultPayload<'recent.remove'>> {
  await (await stores(scope)).recent.remove(msg.entryId);
  return {};
}

export async function saveSecretsOp(scope: SessionScope, msg: RequestOf<'secrets.save'>): Promise<ResultPayload<'secrets.save'>> {
  registerSecrets(scope, msg.secrets);
  return (await stores(scope)).saveSecrets({ profileId: msg.profileId, secrets: msg.secrets });
}

export async function deleteSecretsOp(scope: SessionScope, msg: RequestOf<'secrets.delete'>): Promise<ResultPayload<'secrets.delete'>> {
  return (await stores(scope)).deleteSecrets({ profileId: msg.profileId, ...(msg.kinds === undefined ? {} : { kinds: msg.kinds }) });
}

export async function hasSecretsOp(scope: SessionScope, msg: RequestOf<'secrets.has'>): Promise<ResultPayload<'secrets.has'>> {
  return (await stores(scope)).hasSecrets({ profileId: msg.profileId });
}

/** Where secrets are kept. The location is a path or keychain service of the bridge's machine: local mode only. */
export async function secretsStatusOp(scope: SessionScope): Promise<ResultPayload<'secrets.status'>> {
  const { kind, location, fallbackReason } = (await stores(scope)).secretStore;
  return {
    kind,
    ...(scope.bridge.mode === 'local' ? { location } : {}),
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
  };
}
