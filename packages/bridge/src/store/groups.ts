import { randomUUID } from 'node:crypto';
import { BridgeError } from '@pgconnect/core';
import type { ProfileScope } from '@pgconnect/core';
import type { ScopedSettings } from './scoped-settings.js';
import { checkGroup, DEFAULT_GROUP_ID, type ServerGroup } from './settings-schema.js';

/** A group as the page sees it: where it is stored, and whether it is the built-in default group. */
export interface ListedGroup extends ServerGroup {
  scope: ProfileScope;
  builtIn?: true;
}

export type GroupInit = Omit<ServerGroup, 'id'>;

/** The built-in group connections fall into when they name none, or when their group is removed. */
export const DEFAULT_GROUP: ServerGroup = { id: DEFAULT_GROUP_ID, name: 'Servers' };

/**
 * Server groups (name, description, color) in the user and workspace scopes. A profile in either scope may use
 * a group from either scope, so a workspace can share its groups with its connections. Removing a group never
 * removes a connection: its connections move to the default group first.
 */
export class GroupStore {
  constructor(private readonly settings: ScopedSettings) {}

  /** Every group, the default one first, as `groups.list` returns them. */
  async list(): Promise<ServerGroup[]> {
    return (await this.listWithScope()).map(({ scope: _scope, builtIn: _builtIn, ...group }) => group);
  }

  /** Every group with the scope it is stored in. */
  async listWithScope(): Promise<ListedGroup[]> {
    const docs = await this.settings.readAll();
    return [{ ...DEFAULT_GROUP, scope: 'user', builtIn: true }, ...docs.flatMap(({ scope, doc }) => doc.groups.map((g) => ({ ...g, scope })))];
  }

  /**
   * `groups.save`: edits the group with this id where it is stored, or creates it (in `scope`, default user) when
   * no group has the id. The page chooses ids for new groups, so a retried save does not create two.
   */
  async save(group: ServerGroup, scope: ProfileScope = 'user'): Promise<ServerGroup> {
    if (group.id === DEFAULT_GROUP_ID) throw builtInError();
    const checked = this.#check(group);
    const existing = (await this.settings.readAll()).find(({ doc }) => doc.groups.some((g) => g.id === checked.id));
    await this.settings.file(existing?.scope ?? scope).update((doc) => {
      const i = doc.groups.findIndex((g) => g.id === checked.id);
      if (i >= 0) doc.groups[i] = checked;
      else doc.groups.push(checked);
    });
    return checked;
  }

  async create(init: GroupInit, scope: ProfileScope = 'user'): Promise<ListedGroup> {
    const group = this.#check({ ...init, id: randomUUID() });
    await this.settings.file(scope).update((doc) => void doc.groups.push(group));
    return { ...group, scope };
  }

  /** Changes name, description or color; an absent field is kept, `null` clears description or color. */
  async update(id: string, patch: { name?: string; description?: string | null; color?: string | null }): Promise<ListedGroup> {
    if (id === DEFAULT_GROUP_ID) throw builtInError();
    const scope = await this.#scopeOf(id);
    const updated = await this.settings.file(scope).update((doc) => {
      const i = doc.groups.findIndex((g) => g.id === id);
      const current = doc.groups[i];
      if (!current) throw new BridgeError('STORE_GROUP_NOT_FOUND', { data: { id } });
      const next: ServerGroup = { ...current, ...(patch.name === undefined ? {} : { name: patch.name }) };
      for (const key of ['description', 'color'] as const) {
        const value = patch[key];
        if (value === null) delete next[key];
        else if (value !== undefined) next[key] = value;
      }
      return (doc.groups[i] = this.#check(next));
    });
    return { ...updated, scope };
  }

  /** Removes the group after moving its connections, in both scopes, to the default group. */
  async remove(id: string): Promise<{ moved: string[] }> {
    if (id === DEFAULT_GROUP_ID) throw builtInError();
    const scope = await this.#scopeOf(id);
    const moved: string[] = [];
    for (const s of this.settings.scopes) {
      await this.settings.file(s).update((doc) => {
        for (const p of doc.profiles) {
          if (p.groupId === id) {
            p.groupId = DEFAULT_GROUP_ID;
            moved.push(p.id);
          }
        }
      });
    }
    await this.settings.file(scope).update((doc) => {
      doc.groups = doc.groups.filter((g) => g.id !== id);
    });
    return { moved };
  }

  /** Puts a saved connection into a group (`DEFAULT_GROUP_ID` for the default one). */
  async assign(profileId: string, groupId: string): Promise<void> {
    if (groupId !== DEFAULT_GROUP_ID) await this.#scopeOf(groupId);
    let found = false;
    for (const scope of this.settings.scopes) {
      await this.settings.file(scope).update((doc) => {
        const profile = doc.profiles.find((p) => p.id === profileId);
        if (profile) {
          profile.groupId = groupId;
          found = true;
        }
      });
    }
    if (!found) throw new BridgeError('STORE_PROFILE_NOT_FOUND', { data: { id: profileId } });
  }

  async #scopeOf(id: string): Promise<ProfileScope> {
    const hit = (await this.settings.readAll()).find(({ doc }) => doc.groups.some((g) => g.id === id));
    if (!hit) throw new BridgeError('STORE_GROUP_NOT_FOUND', { data: { id } });
    return hit.scope;
  }

  #check(group: ServerGroup): ServerGroup {
    const checked = checkGroup(group, []);
    if (checked.ok) return checked.value;
    const field = checked.problem.path.map(String).join('.');
    throw new BridgeError('PROFILE_INVALID', {
      message: `The server group is not valid: ${checked.problem.reason}.`,
      hint: 'Give the group a name, and a color as hex (#1e90ff) or a color name.',
      data: { errors: [{ field, code: 'GROUP_INVALID', message: checked.problem.reason }] },
    });
  }
}

function builtInError(): BridgeError {
  return new BridgeError('STORE_GROUP_NOT_FOUND', {
    message: 'The default server group is built in and cannot be changed or removed.',
    hint: 'Create a group of your own and move connections into it.',
    data: { id: DEFAULT_GROUP_ID },
  });
}
