/**
 * The shapes of pgconnect's settings files, version 1. Profiles are checked with core's wire schema
 * (`ConnectionProfileSchema`), so a profile read from disk is held to exactly the rules a profile from the page
 * is; a strict schema also means a hand-added `"password"` key is refused, never silently kept.
 */
import { ConnectionProfileSchema } from '@pgconnect/core';
import type { ConnectionProfile, ProfileScope } from '@pgconnect/core';
import type { DocumentCodec, DocumentProblem } from './settings-file.js';

export const SETTINGS_VERSION = 1;

/** The group every connection belongs to unless it names another; it always exists and cannot be removed. */
export const DEFAULT_GROUP_ID = 'default';

export interface ServerGroup {
  id: string;
  name: string;
  description?: string;
  /** Hex (`#1e90ff`) or a plain CSS color name; the page puts it into CSS. */
  color?: string;
}

/** `settings.json` of one scope. */
export interface SettingsDocument {
  version: typeof SETTINGS_VERSION;
  groups: ServerGroup[];
  profiles: ConnectionProfile[];
}

export interface RecentConnection {
  id: string;
  /** A snapshot of what was connected to; secret-free like every profile. */
  profile: ConnectionProfile;
  lastUsedAt: string;
}

/** `recent.json`, user scope only: recent connections are personal, never shared through a workspace. */
export interface RecentDocument {
  version: typeof SETTINGS_VERSION;
  recent: RecentConnection[];
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const COLOR = /^(#[0-9A-Fa-f]{3,8}|[A-Za-z]{1,32})$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

type Check<T> = { ok: true; value: T } | { ok: false; problem: DocumentProblem };
const fail = (path: readonly PropertyKey[], reason: string): { ok: false; problem: DocumentProblem } => ({ ok: false, problem: { path, reason } });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkVersionedObject(value: unknown, keys: readonly string[]): DocumentProblem | undefined {
  if (!isRecord(value)) return { path: [], reason: 'the file must hold a JSON object' };
  if (typeof value.version !== 'number') return { path: ['version'], reason: '"version" must be a number' };
  if (value.version > SETTINGS_VERSION) return { path: ['version'], reason: `version ${value.version} is newer than ${SETTINGS_VERSION}`, newer: true };
  if (value.version !== SETTINGS_VERSION) return { path: ['version'], reason: `unknown version ${value.version}` };
  for (const key of Object.keys(value)) if (!keys.includes(key)) return { path: [key], reason: `unknown setting "${key}"` };
  return undefined;
}

/** Checks one profile with core's schema; the path points at the first offending field. */
export function checkProfile(value: unknown, path: readonly PropertyKey[]): Check<ConnectionProfile> {
  const result = ConnectionProfileSchema.safeParse(value);
  if (result.success) return { ok: true, value: result.data as ConnectionProfile };
  const issue = result.error.issues[0];
  return fail([...path, ...(issue?.path ?? [])], issue?.message ?? 'invalid profile');
}

export function checkGroup(value: unknown, path: readonly PropertyKey[]): Check<ServerGroup> {
  if (!isRecord(value)) return fail(path, 'a server group must be an object');
  for (const key of Object.keys(value)) {
    if (!['id', 'name', 'description', 'color'].includes(key)) return fail([...path, key], `unknown group setting "${key}"`);
  }
  if (typeof value.id !== 'string' || !ID.test(value.id)) return fail([...path, 'id'], 'a group id is 1–64 letters, digits, "_" or "-"');
  if (typeof value.name !== 'string' || value.name.trim() === '' || value.name.length > 100) return fail([...path, 'name'], 'a group needs a name of at most 100 characters');
  if (value.description !== undefined && (typeof value.description !== 'string' || value.description.length > 2_000)) return fail([...path, 'description'], 'the description must be text of at most 2000 characters');
  if (value.color !== undefined && (typeof value.color !== 'string' || !COLOR.test(value.color))) return fail([...path, 'color'], 'the color must be hex (#1e90ff) or a color name');
  return { ok: true, value: value as unknown as ServerGroup };
}

function checkUniqueIds(items: readonly { id: string }[], path: string): DocumentProblem | undefined {
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (seen.has(item.id)) return { path: [path, i, 'id'], reason: `the id "${item.id}" is used twice` };
    seen.add(item.id);
  }
  return undefined;
}

/** The codec for one scope's `settings.json`. Profiles take the scope of the file they are in. */
export function settingsCodec(scope: ProfileScope): DocumentCodec<SettingsDocument> {
  return {
    empty: () => ({ version: SETTINGS_VERSION, groups: [], profiles: [] }),
    check(value): Check<SettingsDocument> {
      const problem = checkVersionedObject(value, ['version', 'groups', 'profiles']);
      if (problem) return { ok: false, problem };
      const doc = value as Record<string, unknown>;
      const groups: ServerGroup[] = [];
      const profiles: ConnectionProfile[] = [];
      if (doc.groups !== undefined && !Array.isArray(doc.groups)) return fail(['groups'], '"groups" must be a list');
      if (doc.profiles !== undefined && !Array.isArray(doc.profiles)) return fail(['profiles'], '"profiles" must be a list');
      for (const [i, g] of ((doc.groups as unknown[] | undefined) ?? []).entries()) {
        const checked = checkGroup(g, ['groups', i]);
        if (!checked.ok) return checked;
        if (checked.value.id === DEFAULT_GROUP_ID) return fail(['groups', i, 'id'], `"${DEFAULT_GROUP_ID}" is the built-in group's id`);
        groups.push(checked.value);
      }
      for (const [i, p] of ((doc.profiles as unknown[] | undefined) ?? []).entries()) {
        const checked = checkProfile(p, ['profiles', i]);
        if (!checked.ok) return checked;
        profiles.push({ ...checked.value, scope });
      }
      const duplicate = checkUniqueIds(groups, 'groups') ?? checkUniqueIds(profiles, 'profiles');
      if (duplicate) return { ok: false, problem: duplicate };
      return { ok: true, value: { version: SETTINGS_VERSION, groups, profiles } };
    },
  };
}

export const recentCodec: DocumentCodec<RecentDocument> = {
  empty: () => ({ version: SETTINGS_VERSION, recent: [] }),
  check(value): Check<RecentDocument> {
    const problem = checkVersionedObject(value, ['version', 'recent']);
    if (problem) return { ok: false, problem };
    const list = (value as Record<string, unknown>).recent ?? [];
    if (!Array.isArray(list)) return fail(['recent'], '"recent" must be a list');
    const recent: RecentConnection[] = [];
    for (const [i, entry] of list.entries()) {
      if (!isRecord(entry)) return fail(['recent', i], 'a recent connection must be an object');
      for (const key of Object.keys(entry)) if (!['id', 'profile', 'lastUsedAt'].includes(key)) return fail(['recent', i, key], `unknown setting "${key}"`);
      if (typeof entry.id !== 'string' || !ID.test(entry.id)) return fail(['recent', i, 'id'], 'invalid id');
      if (typeof entry.lastUsedAt !== 'string' || !ISO_TIME.test(entry.lastUsedAt)) return fail(['recent', i, 'lastUsedAt'], 'must be an ISO time');
      const profile = checkProfile(entry.profile, ['recent', i, 'profile']);
      if (!profile.ok) return profile;
      recent.push({ id: entry.id, profile: profile.value, lastUsedAt: entry.lastUsedAt });
    }
    return { ok: true, value: { version: SETTINGS_VERSION, recent } };
  },
};
