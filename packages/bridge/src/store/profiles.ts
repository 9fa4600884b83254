import { randomUUID } from 'node:crypto';
import { BridgeError, validateProfile } from '@pgconnect/core';
import type { ConnectionProfile, ProfileScope, ValidationContext } from '@pgconnect/core';
import type { ScopedSettings } from './scoped-settings.js';
import { checkProfile, DEFAULT_GROUP_ID, type SettingsDocument } from './settings-schema.js';

/**
 * Saved connection profiles across the user and workspace scopes: list, get, save (create or edit), duplicate
 * and delete. Every change is a read-modify-write of one file under its lock, so two windows or two processes
 * saving at once both keep their change. Secrets are not handled here: see `stores.ts`, which deletes a profile's
 * secrets with it.
 */
export class ProfileStore {
  constructor(
    private readonly settings: ScopedSettings,
    private readonly validation: ValidationContext = {},
  ) {}

  /** Every saved profile, user scope first. */
  async list(): Promise<ConnectionProfile[]> {
    const docs = await this.settings.readAll();
    // A profile moved between scopes is written to its new scope before it is removed from the old one, so a
    // crash in between can leave it in both; the later scope (where it was going) wins.
    const home = new Map<string, ProfileScope>();
    for (const { scope, doc } of docs) for (const p of doc.profiles) home.set(p.id, scope);
    return docs.flatMap(({ scope, doc }) => doc.profiles.filter((p) => home.get(p.id) === scope));
  }

  async get(id: string): Promise<ConnectionProfile> {
    const found = (await this.list()).find((p) => p.id === id);
    if (!found) throw new BridgeError('STORE_PROFILE_NOT_FOUND', { data: { id } });
    return found;
  }

  /**
   * Creates or replaces the profile with this id in `profile.scope`. Changing the scope moves it. The profile is
   * checked with core's schema and validator first, and its group must exist.
   */
  async save(profile: ConnectionProfile): Promise<ConnectionProfile> {
    const checked = this.check(profile);
    await this.requireGroup(checked.groupId);
    await this.settings.file(checked.scope).update((doc) => upsert(doc, checked));
    for (const other of this.settings.scopes) {
      if (other === checked.scope) continue;
      await this.settings.file(other).update((doc) => void remove(doc, checked.id));
    }
    return checked;
  }

  /** A copy with a new id and " (copy)" after its name, in the same scope. Saved secrets are not copied. */
  async duplicate(id: string, changes: { name?: string; scope?: ProfileScope } = {}): Promise<ConnectionProfile> {
    const source = await this.get(id);
    const copy: ConnectionProfile = structuredClone(source);
    copy.id = randomUUID();
    copy.name = changes.name ?? (source.name ? `${source.name} (copy)` : '');
    copy.scope = changes.scope ?? source.scope;
    delete copy.ssl.hasSslPassword;
    return this.save(copy);
  }

  /** Removes the profile from whichever scope holds it; `STORE_PROFILE_NOT_FOUND` when none does. */
  async delete(id: string): Promise<ConnectionProfile> {
    let removed: ConnectionProfile | undefined;
    for (const scope of this.settings.scopes) {
      removed = (await this.settings.file(scope).update((doc) => remove(doc, id))) ?? removed;
    }
    if (!removed) throw new BridgeError('STORE_PROFILE_NOT_FOUND', { data: { id } });
    return removed;
  }

  /**
   * Schema first (shape and size, the same as for a frame from the page), then core's validator; only errors
   * block a save, warnings are the dialog's to show.
   */
  check(profile: ConnectionProfile): ConnectionProfile {
    const shaped = checkProfile(profile, []);
    if (!shaped.ok) {
      throw new BridgeError('PROFILE_INVALID', {
        data: { errors: [{ field: shaped.problem.path.map(String).join('.'), code: 'SCHEMA', message: shaped.problem.reason }] },
      });
    }
    const errors = validateProfile(shaped.value, this.validation).filter((issue) => issue.severity === 'error');
    if (errors.length > 0) {
      throw new BridgeError('PROFILE_INVALID', { data: { errors: errors.map(({ field, code, message }) => ({ field, code, message })) } });
    }
    return shaped.value;
  }

  async requireGroup(groupId: string | undefined): Promise<void> {
    if (groupId === undefined || groupId === DEFAULT_GROUP_ID) return;
    const docs = await this.settings.readAll();
    if (!docs.some(({ doc }) => doc.groups.some((g) => g.id === groupId))) {
      throw new BridgeError('STORE_GROUP_NOT_FOUND', { data: { id: groupId } });
    }
  }
}

function upsert(doc: SettingsDocument, profile: ConnectionProfile): void {
  const i = doc.profiles.findIndex((p) => p.id === profile.id);
  if (i >= 0) doc.profiles[i] = profile;
  else doc.profiles.push(profile);
}

function remove(doc: SettingsDocument, id: string): ConnectionProfile | undefined {
  const i = doc.profiles.findIndex((p) => p.id === id);
  return i >= 0 ? doc.profiles.splice(i, 1)[0] : undefined;
}
