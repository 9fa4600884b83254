import { randomUUID } from 'node:crypto';
import { BridgeError } from '@pgconnect/core';
import type { ConnectionProfile } from '@pgconnect/core';
import { recentPath } from './config-dirs.js';
import { SettingsFile, type SettingsFileOptions } from './settings-file.js';
import { checkProfile, recentCodec, type RecentConnection, type RecentDocument } from './settings-schema.js';
import { targetKey } from './target-key.js';

/** The VS Code extension's `pgsql.maxRecentConnections` default. */
export const DEFAULT_MAX_RECENT_CONNECTIONS = 5;

/**
 * Recently used connections, newest first, whether or not they were saved. Connecting again to the same target
 * (servers, database, user) moves it to the top instead of adding a second entry; the list is cut to
 * `maxRecentConnections`. Kept in the user scope only, in its own file so that connecting does not rewrite the
 * settings file.
 */
export class RecentStore {
  readonly #file: SettingsFile<RecentDocument>;
  #max: number;

  constructor(userDir: string, options: { maxRecentConnections?: number } & SettingsFileOptions = {}) {
    this.#file = new SettingsFile(recentPath(userDir), recentCodec, { ...options, mode: 0o600, dirMode: 0o700 });
    this.#max = normaliseMax(options.maxRecentConnections);
  }

  get maxRecentConnections(): number {
    return this.#max;
  }

  /** Takes effect at the next change, which trims the list. */
  set maxRecentConnections(value: number) {
    this.#max = normaliseMax(value);
  }

  async list(): Promise<RecentConnection[]> {
    return (await this.#file.read()).recent.slice(0, this.#max);
  }

  async add(profile: ConnectionProfile, usedAt = new Date()): Promise<RecentConnection> {
    const checked = checkProfile(profile, []);
    if (!checked.ok) {
      throw new BridgeError('PROFILE_INVALID', { data: { errors: [{ field: checked.problem.path.join('.'), code: 'SCHEMA', message: checked.problem.reason }] } });
    }
    const entry: RecentConnection = { id: randomUUID(), profile: checked.value, lastUsedAt: usedAt.toISOString() };
    const key = targetKey(checked.value);
    await this.#file.update((doc) => {
      doc.recent = [entry, ...doc.recent.filter((r) => targetKey(r.profile) !== key)].slice(0, this.#max);
    });
    return entry;
  }

  async remove(id: string): Promise<void> {
    await this.#file.update((doc) => {
      const before = doc.recent.length;
      doc.recent = doc.recent.filter((r) => r.id !== id);
      if (doc.recent.length === before) throw new BridgeError('STORE_RECENT_NOT_FOUND', { data: { id } });
    });
  }

  async clear(): Promise<void> {
    await this.#file.update((doc) => {
      doc.recent = [];
    });
  }
}

function normaliseMax(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_RECENT_CONNECTIONS;
  if (!Number.isInteger(value) || value < 0) {
    throw new BridgeError('PROFILE_INVALID_VALUE', {
      message: `maxRecentConnections must be a whole number of 0 or more, not ${value}.`,
      hint: 'Set maxRecentConnections to 0 to keep no recent connections, or to the number to keep (default 5).',
    });
  }
  return value;
}
