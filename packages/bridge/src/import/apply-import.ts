import type { ConnectionProfile, ProfileScope } from '@pgconnect/core';
import { BridgeError } from '@pgconnect/core';
import type { Stores } from '../store/stores.js';
import { DEFAULT_GROUP_ID } from '../store/settings-schema.js';
import { targetKey } from '../store/target-key.js';
import type { ImportWarning, ParsedImport } from './types.js';

export interface ImportReport {
  imported: { id: string; name: string }[];
  /** Already saved (same servers, database and user): the saved profile is kept, and gets the group if it had none. */
  merged: { id: string; name: string; into: string }[];
  skipped: { item: string; reason: string }[];
  groupsCreated: { id: string; name: string }[];
  warnings: ImportWarning[];
}

/**
 * Saves what `readImport` read into one scope and reports what happened to each entry: imported, merged into a
 * saved profile with the same target, or skipped and why. Groups are matched by name with existing ones before
 * new ones are created. Profiles that fail validation are skipped, never saved half-valid.
 */
export async function applyImport(stores: Stores, parsed: ParsedImport, options: { scope?: ProfileScope } = {}): Promise<ImportReport> {
  const scope = options.scope ?? 'user';
  const report: ImportReport = { imported: [], merged: [], skipped: [...parsed.skipped], groupsCreated: [], warnings: [...parsed.warnings] };

  const existingGroups = await stores.groups.list();
  const groupId = new Map<string, string>();
  for (const group of parsed.groups) {
    const same = existingGroups.find((g) => g.name === group.name);
    if (same) {
      groupId.set(group.id, same.id);
      continue;
    }
    await stores.groups.save(group, scope);
    groupId.set(group.id, group.id);
    report.groupsCreated.push({ id: group.id, name: group.name });
  }

  const saved = new Map((await stores.profiles.list()).map((p) => [targetKey(p), p] as const));
  for (const candidate of parsed.profiles) {
    const profile: ConnectionProfile = { ...candidate, scope };
    if (profile.groupId) profile.groupId = groupId.get(profile.groupId) ?? DEFAULT_GROUP_ID;
    const name = profile.name || profile.hosts[0]?.host || profile.id;
    const existing = saved.get(targetKey(profile));
    if (existing) {
      if ((!existing.groupId || existing.groupId === DEFAULT_GROUP_ID) && profile.groupId && profile.groupId !== DEFAULT_GROUP_ID) {
        await stores.groups.assign(existing.id, profile.groupId);
      }
      report.merged.push({ id: profile.id, name, into: existing.id });
      continue;
    }
    try {
      await stores.profiles.save(profile);
    } catch (error) {
      if (!(error instanceof BridgeError) || error.code !== 'PROFILE_INVALID') throw error;
      const first = (error.data?.errors as readonly Readonly<Record<string, string>>[] | undefined)?.[0];
      report.skipped.push({ item: name, reason: first ? `${first.field}: ${first.message}` : error.message });
      continue;
    }
    saved.set(targetKey(profile), profile);
    report.imported.push({ id: profile.id, name });
  }
  return report;
}
