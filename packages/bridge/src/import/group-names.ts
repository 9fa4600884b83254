import { randomUUID } from 'node:crypto';
import type { ServerGroup } from '../store/settings-schema.js';

/** Collects the groups an import names, one per distinct name, with fresh ids. */
export class GroupNames {
  readonly groups: ServerGroup[] = [];
  readonly #byName = new Map<string, ServerGroup>();

  idFor(name: string | undefined, extra: Omit<ServerGroup, 'id' | 'name'> = {}): string | undefined {
    const trimmed = name?.trim().slice(0, 100);
    if (!trimmed) return undefined;
    let group = this.#byName.get(trimmed);
    if (!group) {
      group = { id: randomUUID(), name: trimmed, ...extra };
      this.#byName.set(trimmed, group);
      this.groups.push(group);
    }
    return group.id;
  }
}
